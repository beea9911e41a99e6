/**
 * `<convo-chat>` over its outbox, against the real reference server: a message typed while the network is
 * down waits visibly and goes exactly once when it is back, a message survives the element being replaced
 * (a reload) and is sent once by the new one, and a message the server refuses for good stays, with its
 * reason and edit, retry and discard.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createClient, type ConvoClient } from '../../src/api/client.js';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, freshDraftStore, nextFrame, part, parts, visibleText, waitForReply, type Dialect } from './chat-fixture.js';

/** A client whose network the test switches off and on (a failed fetch, as when the cable is pulled). */
interface SwitchableClient {
  readonly client: ConvoClient;
  online: boolean;
}

function switchableClient(server: ReferenceServer, dialect: Dialect): SwitchableClient {
  const handle = { online: true } as { online: boolean; client: ConvoClient };
  const fetch: typeof globalThis.fetch = (input, init) => (handle.online ? globalThis.fetch(input, init) : Promise.reject(new TypeError('Failed to fetch')));
  handle.client =
    dialect === 'posthog'
      ? createClient({ baseUrl: server.url, token: server.token, dialect, environmentId: '1', retry: false, fetch })
      : createClient({ baseUrl: server.agentsBaseUrl, token: server.token, dialect, agentId: 'demo-agent', retry: false, fetch });
  return handle;
}

let databases = 0;
function freshOutboxDatabase(): string {
  databases += 1;
  return `convo-chat-outbox-test-${Date.now()}-${databases}`;
}

async function chatOver(client: ConvoClient, outboxDatabase: string, conversationId = ''): Promise<ConvoChat> {
  const element = await fixture<ConvoChat>(
    html`<convo-chat style="--convo-chat-height: 4000px" .client=${client} outbox-database=${outboxDatabase} conversation-id=${conversationId} .draftStore=${freshDraftStore()}></convo-chat>`,
  );
  await element.updateComplete;
  return element;
}

/** What the person said in the conversation, as the server holds it. */
async function userTextsOnServer(server: ReferenceServer, dialect: Dialect, conversationId: string): Promise<string[]> {
  const client =
    dialect === 'posthog'
      ? createClient({ baseUrl: server.url, token: server.token, dialect, environmentId: '1', retry: false })
      : createClient({ baseUrl: server.agentsBaseUrl, token: server.token, dialect, agentId: 'demo-agent', retry: false });
  const messages = [];
  if (dialect === 'posthog') messages.push(...((await client.conversations.get(conversationId)).messages ?? []));
  else for await (const message of client.messages.listAll(conversationId)) messages.push(message);
  return messages.filter((message) => message.role === 'user').map((message) => message.parts.map((piece) => (piece.kind === 'text' ? piece.text : '')).join(''));
}

function deliveryOf(element: ConvoChat, text: string): string | undefined {
  return parts(element, 'message-user').find((message) => visibleText(message).includes(text))?.dataset['delivery'];
}

for (const dialect of DIALECTS) {
  describe(`<convo-chat> outbox (${dialect})`, () => {
    let server: ReferenceServer;

    before(async () => {
      server = await startReferenceServer();
    });

    after(async () => {
      await server.stop();
    });

    it('keeps a message typed offline as "will send when back online", and delivers it exactly once when back', async () => {
      const network = switchableClient(server, dialect);
      const element = await chatOver(network.client, freshOutboxDatabase());
      await element.send('first, while online');
      await waitForReply(element);
      const id = element.conversationId!;

      network.online = false;
      window.dispatchEvent(new Event('offline'));
      await element.send('typed on the train');
      await waitUntil(() => deliveryOf(element, 'typed on the train') === 'waiting-offline', 'the message did not wait for the network', { timeout: 5000 });
      expect(visibleText(part(element, 'delivery-offline'))).to.contain('Will send when back online');

      network.online = true;
      window.dispatchEvent(new Event('online'));
      await waitUntil(() => deliveryOf(element, 'typed on the train') === 'sent', 'the message was not sent when the network came back', { timeout: 8000 });
      await waitUntil(() => element.session.runState === 'idle', 'the reply did not finish', { timeout: 8000 });
      expect(await userTextsOnServer(server, dialect, id)).to.deep.equal(['first, while online', 'typed on the train']);
      expect(parts(element, 'message-user')).to.have.length(2);
    });

    it('keeps a message across a reload of the element, and the new element sends it once', async () => {
      const database = freshOutboxDatabase();
      const network = switchableClient(server, dialect);
      const before = await chatOver(network.client, database);
      await before.send('before the reload');
      await waitForReply(before);
      const id = before.conversationId!;
      network.online = false;
      await before.send('written just before the reload');
      await waitUntil(() => deliveryOf(before, 'written just before the reload') === 'waiting-offline', 'the message did not wait', { timeout: 5000 });
      before.remove();

      const after = await chatOver(switchableClient(server, dialect).client, database, id);
      await waitUntil(() => deliveryOf(after, 'written just before the reload') === 'sent', 'the reloaded element did not send the message', { timeout: 10000 });
      await waitUntil(() => after.session.runState === 'idle', 'the reply did not finish', { timeout: 8000 });
      expect(await userTextsOnServer(server, dialect, id)).to.deep.equal(['before the reload', 'written just before the reload']);
    });

    it('keeps a message the server refuses for good in the transcript as failed, with the reason, edit, retry and discard', async function () {
      // PostHog refuses a message over 40,000 characters (400); the agents server, a body over 2 MB (413).
      const refusedLength = dialect === 'posthog' ? 40_001 : 2_100_000;
      const refusal = dialect === 'posthog' ? /Not sent: .*40000 characters/ : /Not sent: .*too large/i;
      this.timeout(60_000);
      const element = await chatOver(switchableClient(server, dialect).client, freshOutboxDatabase());
      await element.send('a first message');
      await waitForReply(element);
      const id = element.conversationId!;
      const huge = `too big ${'x'.repeat(refusedLength)}`;
      await element.send(huge);
      await waitUntil(() => deliveryOf(element, 'too big') === 'failed', 'the refused message was not marked failed', { timeout: 8000 });
      await nextFrame();
      expect(visibleText(part(element, 'delivery-failed'))).to.match(refusal);
      expect(part(element, 'retry-button')).to.not.equal(null);
      expect(part(element, 'discard-button')).to.not.equal(null);

      // Edited down to something the server takes: it goes, once.
      part<HTMLButtonElement>(element, 'edit-button')!.click();
      await element.updateComplete;
      const input = part<HTMLTextAreaElement>(element, 'input')!;
      expect(input.value.startsWith('too big')).to.equal(true);
      input.value = 'small enough now';
      input.dispatchEvent(new InputEvent('input'));
      part<HTMLButtonElement>(element, 'send-button')!.click();
      await waitUntil(() => deliveryOf(element, 'small enough now') === 'sent', 'the edited message was not sent', { timeout: 8000 });
      await waitUntil(() => element.session.runState === 'idle', 'the reply did not finish', { timeout: 8000 });
      expect(await userTextsOnServer(server, dialect, id)).to.deep.equal(['a first message', 'small enough now']);

      // Another refusal, discarded: it leaves the transcript and is never sent.
      await element.send(`refused again ${'y'.repeat(refusedLength)}`);
      await waitUntil(() => deliveryOf(element, 'refused again') === 'failed', 'the second refusal was not marked failed', { timeout: 8000 });
      await element.updateComplete;
      part<HTMLButtonElement>(element, 'discard-button')!.click();
      await waitUntil(() => deliveryOf(element, 'refused again') === undefined, 'the discarded message stayed', { timeout: 5000 });
      expect(await userTextsOnServer(server, dialect, id)).to.deep.equal(['a first message', 'small enough now']);
    });
  });
}
