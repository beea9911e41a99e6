/**
 * A conversation opened while its reply is being written elsewhere (another tab's run, or this page's run
 * before a reload) shows the agent at work, then exactly the reply the server stored: PostHog re-attaches to
 * the run; agents, which cannot, reads the messages again until the reply is complete.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, clientFor, freshDraftStore, part, parts, textOf, visibleText } from './chat-fixture.js';

for (const dialect of DIALECTS) {
  describe(`<convo-chat> opening a conversation whose reply is written elsewhere (${dialect})`, () => {
    let server: ReferenceServer;

    before(async () => {
      // Slow enough that the reply is still being written when the element opens the conversation.
      server = await startReferenceServer({ rate: 150 });
    });

    after(async () => {
      await server.stop();
    });

    it('shows the agent at work until the reply is there, then exactly the stored reply, once', async function () {
      this.timeout(40_000);
      const elsewhere = clientFor(server, dialect);
      const conversation = await elsewhere.conversations.create();
      // The run another tab started: its stream is read to the end there, never here.
      const run = (async () => {
        for await (const event of elsewhere.stream(conversation.id, { content: 'Tell me about retention, at length' })) void event;
      })();
      await waitUntil(
        async () => ((await elsewhere.conversations.get(conversation.id).catch(() => undefined))?.messages ?? []).at(-1)?.role === 'user',
        'the server never held the person\'s message',
        { timeout: 10_000, interval: 50 },
      );
      const element = await fixture<ConvoChat>(
        html`<convo-chat style="--convo-chat-height: 4000px" .client=${clientFor(server, dialect)} outbox-database=${`elsewhere-${dialect}-${Date.now()}`} .draftStore=${freshDraftStore()}></convo-chat>`,
      );
      await element.open(conversation.id);

      await waitUntil(() => parts(element, 'message-user').length === 1, 'the person\'s message was not shown', { timeout: 10_000 });
      if (dialect === 'agents') {
        // Nothing of the reply is stored before it is complete: the element says the agent is at it.
        expect(visibleText(part(element, 'typing'))).to.equal('Thinking…');
        expect(part(element, 'typing')!.getAttribute('role')).to.equal('status');
      } else {
        // Re-attached: the reply streams here, and can be stopped from here.
        await waitUntil(() => part(element, 'stop-button') !== null, 'the re-attached run was not shown as running', { timeout: 5_000 });
      }

      await run;
      const stored = (await elsewhere.conversations.get(conversation.id)).messages ?? [];
      const reply = stored.at(-1)!;
      expect(reply.role).to.not.equal('user');
      await waitUntil(() => part(element, 'typing') === null && parts(element, 'message-agent').length === 1, 'the reply never replaced "Thinking…"', {
        timeout: 20_000,
      });
      const shown = element.session.transcript.entries.filter((entry) => entry.role !== 'user');
      expect(shown.map((entry) => textOf(entry.parts))).to.deep.equal([textOf(reply.parts)]);
      expect(textOf(reply.parts).length, 'the stored reply').to.be.greaterThan(100);
      // The renderer paints the text on its next frames.
      await waitUntil(() => visibleText(part(element, 'message-agent')).length > 100, 'the reply\'s text was not painted', { timeout: 5_000 });
      expect(element.session.problem).to.equal(undefined);
    });
  });
}
