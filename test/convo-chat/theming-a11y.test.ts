import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { registerStrings } from '../../src/strings/strings.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, chatWithAttributes, clientFor, freshDraftStore, nextFrame, part, visibleText, waitForReply } from './chat-fixture.js';

for (const dialect of DIALECTS) {
  describe(`<convo-chat> theming and accessibility (${dialect})`, () => {
    let server: ReferenceServer;

    before(async () => {
      server = await startReferenceServer({ rate: 200 });
    });

    after(async () => {
      await server.stop();
    });

    it('announces a finished reply once, never per token', async () => {
      const element = await chatWithAttributes(server, dialect);
      const live = element.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!;
      const announcements: string[] = [];
      const observer = new MutationObserver(() => announcements.push(visibleText(live)));
      observer.observe(live, { childList: true, characterData: true, subtree: true });
      const completed = oneEvent(element, 'convo-reply-completed');
      await element.send('Tell me about onboarding');
      await completed;
      await waitForReply(element);
      observer.disconnect();
      const nonEmpty = announcements.filter((text) => text !== '');
      expect(nonEmpty).to.have.length(1);
      expect(nonEmpty[0]).to.match(/^The agent replied: .+/);
      // The log itself is not live: screen readers are not read every token.
      expect(part(element, 'transcript')!.getAttribute('aria-live')).to.equal('off');
    });

    it('follows the theme attribute and density, and stays accessible in dark', async () => {
      const element = await chatWithAttributes(server, dialect);
      element.theme = 'dark';
      element.density = 'compact';
      await element.updateComplete;
      expect(element.getAttribute('theme')).to.equal('dark');
      expect(getComputedStyle(element).backgroundColor).to.equal('rgb(21, 24, 29)');
      await element.send('Tell me about dark mode');
      await waitForReply(element);
      await expect(element).to.be.accessible();
    });

    it('lays out right to left', async () => {
      const element = await fixture<ConvoChat>(html`<div dir="rtl"><convo-chat .client=${clientFor(server, dialect)} .draftStore=${freshDraftStore()}></convo-chat></div>`).then((wrapper) => wrapper.querySelector('convo-chat')!);
      await element.send('Tell me about RTL');
      await waitForReply(element);
      const mine = part(element, 'bubble-user')!.getBoundingClientRect();
      const frame = part(element, 'transcript')!.getBoundingClientRect();
      // The person's bubble sits at the end edge, which right to left is the left.
      expect(mine.left - frame.left).to.be.lessThan(frame.right - mine.right);
      await expect(element).to.be.accessible();
    });
  });
}

describe('<convo-chat> strings', () => {
  it('takes a locale table and host overrides', async () => {
    registerStrings('de', { send: 'Senden', composerLabel: 'Nachricht' });
    const element = await fixture<ConvoChat>(html`<convo-chat locale="de-AT" .strings=${{ emptyTitle: 'Hallo!' }} .draftStore=${freshDraftStore()}></convo-chat>`);
    await nextFrame();
    expect(visibleText(part(element, 'send-button'))).to.equal('Senden');
    expect(part(element, 'input')!.getAttribute('aria-label')).to.equal('Nachricht');
    expect(visibleText(part(element, 'empty'))).to.contain('Hallo!');
    // Anything not translated falls back to English.
    expect(visibleText(part(element, 'title'))).to.equal('New conversation');
    await waitUntil(() => part<HTMLTextAreaElement>(element, 'input')!.disabled, 'unconnected chat should disable its composer');
    await expect(element).to.be.accessible();
  });
});
