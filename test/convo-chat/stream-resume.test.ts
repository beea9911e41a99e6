/**
 * A reply whose stream drops mid-way (a proxy in front of the reference server cuts it after some bytes)
 * shows "reconnecting…" and ends with exactly the text the server holds, with one reply and no banner.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createClient } from '../../src/api/client.js';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { startCutProxy, startReferenceServer, type CutProxy, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, freshDraftStore, part, textOf, type Dialect } from './chat-fixture.js';

function agentTexts(element: ConvoChat): string[] {
  return element.session.transcript.entries.filter((entry) => entry.role === 'assistant').map((entry) => textOf(entry.parts));
}

/** A client without retries (failures show at once), or with the default ones (`retry: true`). */
function clientOver(baseUrl: string, server: ReferenceServer, dialect: Dialect, { retry = false } = {}) {
  const retries = retry ? {} : { retry: false as const };
  return dialect === 'posthog'
    ? createClient({ baseUrl, token: server.token, dialect, environmentId: '1', ...retries })
    : createClient({ baseUrl: `${baseUrl}/tenants/demo/api/v2`, token: server.token, dialect, agentId: 'demo-agent', ...retries });
}

/** Whether the element looks done: no stop button, no "typing" and no "reconnecting…". */
function looksSettled(element: ConvoChat): boolean {
  return ['stop-button', 'typing', 'reconnecting'].every((name) => part(element, name) === null);
}

for (const dialect of DIALECTS) {
  describe(`<convo-chat> stream resume (${dialect})`, () => {
    let server: ReferenceServer;
    let proxy: CutProxy;

    before(async () => {
      // Slow enough that the run is still going when the stream is cut.
      server = await startReferenceServer({ rate: 200 });
      proxy = await startCutProxy(server.url, null);
    });

    after(async () => {
      await proxy.stop();
      await server.stop();
    });

    it('shows "reconnecting…" when the reply stream drops and ends with exactly the server\'s text', async function () {
      this.timeout(40_000);
      const element = await fixture<ConvoChat>(
        html`<convo-chat style="--convo-chat-height: 4000px" .client=${clientOver(proxy.url, server, dialect)} outbox-database=${`resume-${dialect}-${Date.now()}`} .draftStore=${freshDraftStore()}></convo-chat>`,
      );
      // Past the start of the reply (the agents stream opens with larger events), well before its end.
      await proxy.setCut(dialect === 'posthog' ? 1500 : 4000);
      await element.send('Tell me about retention, at length');
      await waitUntil(() => part(element, 'reconnecting') !== null, 'no "reconnecting…" after the cut', { timeout: 10_000 });
      await proxy.setCut(null);
      const id = element.conversationId!;
      const direct = clientOver(server.url, server, dialect);
      let stored = '';
      await waitUntil(
        async () => {
          const messages = (await direct.conversations.get(id)).messages ?? [];
          const last = messages.at(-1);
          if (last === undefined || last.role === 'user' || !last.complete) return false;
          stored = textOf(last.parts);
          const shown = element.session.transcript.entries.filter((entry) => entry.role === 'assistant');
          return element.session.runState === 'idle' && !element.session.reconnecting && shown.length === 1 && textOf(shown[0]!.parts) === stored;
        },
        'the reply shown never matched the server\'s',
        { timeout: 30_000, interval: 250 },
      );
      expect(stored.length).to.be.greaterThan(100);
      expect(element.session.problem).to.equal(undefined);
    });

    it('a reply cut off by a server restart ends as the server holds it after the restart, never longer', async function () {
      this.timeout(60_000);
      const element = await fixture<ConvoChat>(
        html`<convo-chat style="--convo-chat-height: 4000px" .client=${clientOver(server.url, server, dialect)} outbox-database=${`restart-${dialect}-${Date.now()}`} .draftStore=${freshDraftStore()}></convo-chat>`,
      );
      await element.send('Tell me about retention, at length');
      await waitUntil(() => agentTexts(element).join('').length > 60, 'no reply text before the restart', { timeout: 10_000 });
      await server.restart();
      const id = element.conversationId!;
      const direct = clientOver(server.url, server, dialect);
      let stored: string[] = [];
      await waitUntil(
        async () => {
          if (element.session.runState !== 'idle' || element.session.reconnecting) return false;
          const messages = (await direct.conversations.get(id)).messages ?? [];
          stored = messages.filter((message) => message.role !== 'user').map((message) => textOf(message.parts));
          return agentTexts(element).join('|') === stored.join('|');
        },
        'the replies shown never matched the server\'s',
        { timeout: 40_000, interval: 250 },
      );
      // The agents server keeps a reply only once it is complete: the partial text is gone, and a retry is offered.
      if (dialect === 'agents') {
        expect(stored).to.deep.equal([]);
        expect(element.session.problem?.retry).to.be.a('function');
      }
    });

    it('never looks done with text the server does not hold while a restart keeps it away (client retries on)', async function () {
      this.timeout(60_000);
      const element = await fixture<ConvoChat>(
        html`<convo-chat style="--convo-chat-height: 4000px" .client=${clientOver(server.url, server, dialect, { retry: true })} outbox-database=${`down-${dialect}-${Date.now()}`} .draftStore=${freshDraftStore()}></convo-chat>`,
      );
      await element.send('Tell me about retention, at length');
      await waitUntil(() => agentTexts(element).join('').length > 60, 'no reply text before the restart', { timeout: 10_000 });
      // What a person sees while the server is away, each frame: the replies whenever nothing says "still going".
      const seenSettled = new Set<string>();
      let watching = true;
      const watch = () => {
        if (!watching) return;
        if (looksSettled(element)) seenSettled.add(agentTexts(element).join('|'));
        requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
      // Down longer than the client's own retries of a read take.
      await server.restart(2500);
      const id = element.conversationId!;
      const direct = clientOver(server.url, server, dialect);
      let stored = '';
      await waitUntil(
        async () => {
          if (!looksSettled(element)) return false;
          const messages = (await direct.conversations.get(id)).messages ?? [];
          stored = messages.filter((message) => message.role !== 'user').map((message) => textOf(message.parts)).join('|');
          return agentTexts(element).join('|') === stored;
        },
        'the replies shown never matched the server\'s',
        { timeout: 40_000, interval: 250 },
      );
      watching = false;
      expect([...seenSettled].filter((shown) => shown !== stored).map((shown) => shown.length), 'lengths of the texts shown as done that the server does not hold').to.deep.equal([]);
    });

    it('reads the conversation again by itself, "reconnecting…", while a gateway answers 502 for its restarting server', async function () {
      this.timeout(60_000);
      const gateway = await startCutProxy(server.url, null, { gatewayCors: true });
      try {
        const element = await fixture<ConvoChat>(
          html`<convo-chat style="--convo-chat-height: 4000px" .client=${clientOver(gateway.url, server, dialect)} outbox-database=${`gateway-${dialect}-${Date.now()}`} .draftStore=${freshDraftStore()}></convo-chat>`,
        );
        await element.send('Hello there');
        await waitUntil(() => looksSettled(element) && agentTexts(element).length === 1, 'no reply', { timeout: 20_000 });
        const restarting = server.restart(3000);
        // The gateway answers for the server while it is down: a 502 the page can read.
        await waitUntil(async () => (await fetch(`${gateway.url}/api/environments/1/conversations/`)).status === 502, 'the gateway never answered 502', { timeout: 5000 });
        // A new client (a fresh token, say) reads the open conversation again.
        element.client = clientOver(gateway.url, server, dialect);
        await waitUntil(() => part(element, 'reconnecting') !== null, 'no "reconnecting…" while the gateway answers 502', { timeout: 5000 });
        expect(element.session.problem).to.equal(undefined);
        await restarting;
        const direct = clientOver(server.url, server, dialect);
        await waitUntil(
          async () => {
            if (!looksSettled(element)) return false;
            const messages = (await direct.conversations.get(element.conversationId!)).messages ?? [];
            const stored = messages.filter((message) => message.role !== 'user').map((message) => textOf(message.parts));
            return stored.length === 1 && agentTexts(element).join('|') === stored.join('|');
          },
          'the reply shown never matched the server\'s after the restart',
          { timeout: 30_000, interval: 250 },
        );
        expect(element.session.problem).to.equal(undefined);
      } finally {
        await gateway.stop();
      }
    });
  });
}
