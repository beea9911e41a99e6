import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, chatWithAttributes, clientFor, part, parts, visibleText, waitForReply } from './chat-fixture.js';

function titles(element: ConvoChat): string[] {
  return parts(element, 'conversation-open').map((button) => visibleText(button));
}

for (const dialect of DIALECTS) {
  describe(`<convo-chat> conversation list (${dialect})`, () => {
    let server: ReferenceServer;

    before(async () => {
      server = await startReferenceServer({ rateLimits: { create: 1000, createPerDay: 10000 } });
    });

    after(async () => {
      await server.stop();
    });

    it('lists conversations newest first, a page at a time, and loads more on scroll', async function () {
      this.timeout(60000);
      const client = clientFor(server, dialect);
      const total = (await client.conversations.list({ limit: 1000 })).items.length;
      const element = await chatWithAttributes(server, dialect, undefined, undefined, '36rem');
      element.conversationPageSize = 3;
      // Three new conversations: each one becomes the newest.
      for (const topic of ['alpha topic', 'beta topic', 'gamma topic']) {
        await element.open(null);
        await element.send(`Tell me about ${topic}`);
        await waitForReply(element);
      }
      element.showConversations = true;
      // Titles arriving put conversations in the list before its first page does: wait for the page itself.
      await waitUntil(() => parts(element, 'conversation-item').length >= 3 && part(element, 'load-more') !== null, 'the first page did not load');
      await element.updateComplete;
      expect(part(element, 'sidebar')!.getAttribute('aria-label')).to.equal('Conversations');
      const firstPage = titles(element);
      expect(firstPage).to.have.length(3);
      expect(firstPage[0]!.toLowerCase()).to.contain('gamma');
      expect(part(element, 'load-more')).to.not.equal(null);
      const list = part(element, 'conversation-list')!;
      list.style.maxHeight = '60px';
      list.scrollTop = list.scrollHeight;
      list.dispatchEvent(new Event('scroll'));
      await waitUntil(() => parts(element, 'conversation-item').length >= 6 || parts(element, 'conversation-item').length === total + 3, 'scrolling did not load more');
      await expect(element).to.be.accessible();
    });

    it('opens a conversation from the list, starts a new one, and deletes one after asking', async () => {
      const element = await chatWithAttributes(server, dialect);
      await element.send('Tell me about deletion');
      await waitForReply(element);
      const id = element.conversationId!;
      element.showConversations = true;
      await waitUntil(() => parts(element, 'conversation-item').length > 0, 'the list did not load');
      part<HTMLButtonElement>(element, 'new-conversation')!.click();
      await waitUntil(() => element.conversationId === undefined && parts(element, 'message').length === 0, 'no new conversation');
      const opened = oneEvent(element, 'convo-conversation-open');
      parts<HTMLButtonElement>(element, 'conversation-open')[0]!.click();
      expect((await opened).detail.conversationId).to.equal(id);
      await waitUntil(() => parts(element, 'message-user').length === 1, 'the conversation did not open');
      expect(parts(element, 'conversation-open')[0]!.getAttribute('aria-current')).to.equal('page');

      parts<HTMLButtonElement>(element, 'conversation-delete')[0]!.click();
      await element.updateComplete;
      expect(visibleText(part(element, 'conversation-confirm'))).to.contain('This cannot be undone');
      await expect(element).to.be.accessible();
      part<HTMLButtonElement>(element, 'cancel-delete')!.click();
      await element.updateComplete;
      expect(part(element, 'conversation-confirm')).to.equal(null);

      parts<HTMLButtonElement>(element, 'conversation-delete')[0]!.click();
      await element.updateComplete;
      const deleted = oneEvent(element, 'convo-conversation-deleted');
      part<HTMLButtonElement>(element, 'confirm-delete')!.click();
      expect((await deleted).detail.conversationId).to.equal(id);
      await waitUntil(() => element.conversationId === undefined, 'the deleted conversation stayed open');
      const remaining = await clientFor(server, dialect).conversations.list({ limit: 1000 });
      expect(remaining.items.map((conversation) => conversation.id)).not.to.include(id);
    });
  });
}
