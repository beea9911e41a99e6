import { expect } from '@open-wc/testing';
import { createClient, type ConvoClient } from '../../src/api/client.js';
import { OutboxDatabase } from '../../src/store/database.js';
import { Outbox } from '../../src/store/outbox.js';
import { browserTimers } from '../../src/store/outbox-entry.js';
import { OutboxStore } from '../../src/store/outbox-store.js';
import { createClientOutboxTransport } from '../../src/store/outbox-transport.js';
import { startCutProxy, startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { SingleTab, SwitchableNetwork, uniqueName, until } from './fakes.js';

function posthogClient(baseUrl: string, server: ReferenceServer): ConvoClient {
  return createClient({ dialect: 'posthog', baseUrl, token: server.token, environmentId: 1, retry: false } as Parameters<typeof createClient>[0]);
}

describe('outbox against the reference server', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer({ rate: 150 });
  });
  after(() => server.stop());

  it('a message whose first attempt is cut mid-stream is delivered exactly once', async function (this: { timeout(ms: number): void }) {
    this.timeout(30_000);
    const proxy = await startCutProxy(server.url, 200);
    const direct = posthogClient(server.url, server);
    const store = new OutboxStore({ backend: new OutboxDatabase({ name: uniqueName('reference') }), timers: browserTimers });
    const outbox = new Outbox({
      store,
      transport: createClientOutboxTransport(posthogClient(proxy.url, server)),
      election: new SingleTab(),
      connectivity: new SwitchableNetwork(),
      retry: { offlineBaseDelayMs: 200, offlineMaxDelayMs: 400 },
    });
    try {
      await outbox.start();
      const conversationId = crypto.randomUUID();
      const entry = await outbox.send(conversationId, 'Summarise activation for the growth team');
      // The first attempt dies 200 bytes into the stream; let the proxy pass the next one whole.
      await until(() => (outbox.entries(conversationId)[0]?.failures ?? 0) >= 1, 10_000);
      await proxy.setCut(null);
      await until(() => outbox.entries(conversationId)[0]?.state === 'sent', 20_000);
      const delivered = outbox.entries(conversationId)[0];
      expect(delivered.attempts, 'the cut forced a second attempt').to.be.at.least(2);
      const humans = (await direct.conversations.get(conversationId)).messages!.filter((message) => message.role === 'user' && message.traceId === entry.traceId);
      expect(humans, 'the server holds the message once').to.have.length(1);
    } finally {
      await outbox.stop();
      store.close();
      await proxy.stop();
    }
  });

  it('agents dialect: an identical earlier message is never taken for a lost one, and a lost answer is never re-sent', async function (this: { timeout(ms: number): void }) {
    this.timeout(30_000);
    // The next stream POST fails as the network would: before the request leaves, or after it was served.
    let failNextStream: 'request' | 'answer' | undefined;
    const unreliableFetch: typeof fetch = async (input, init) => {
      const isStream = init?.method === 'POST' && String(input instanceof Request ? input.url : input).endsWith('/stream');
      const failure = isStream ? failNextStream : undefined;
      if (failure) failNextStream = undefined;
      if (failure === 'request') throw new TypeError('Failed to fetch');
      const response = await fetch(input, init);
      if (failure !== 'answer') return response;
      await response.body?.cancel();
      throw new TypeError('network error');
    };
    const options = { dialect: 'agents', baseUrl: server.agentsBaseUrl, token: server.token, agentId: 'demo-agent', retry: false } as const;
    const client = createClient({ ...options, fetch: unreliableFetch } as Parameters<typeof createClient>[0]);
    const direct = createClient(options as Parameters<typeof createClient>[0]);
    const store = new OutboxStore({ backend: new OutboxDatabase({ name: uniqueName('agents') }), timers: browserTimers });
    const outbox = new Outbox({
      store,
      transport: createClientOutboxTransport(client),
      election: new SingleTab(),
      connectivity: new SwitchableNetwork(),
      retry: { offlineBaseDelayMs: 200, offlineMaxDelayMs: 400, baseDelayMs: 300, maxDelayMs: 1000 },
    });
    const personSaid = async (conversationId: string) => {
      const said: string[] = [];
      for await (const message of direct.messages.listAll(conversationId)) {
        if (message.role === 'user') said.push(message.parts.map((part) => (part.kind === 'text' ? part.text : '')).join(''));
      }
      return said;
    };
    try {
      await outbox.start();
      const { id } = await direct.conversations.create({ title: 'outbox' });
      const sentAll = () => outbox.entries(id).every((entry) => entry.state === 'sent');
      await outbox.send(id, 'yes');
      await until(sentAll, 20_000);
      failNextStream = 'request';
      await outbox.send(id, 'yes');
      await until(sentAll, 20_000);
      expect(await personSaid(id), 'the second "yes" was sent, not mistaken for the first').to.deep.equal(['yes', 'yes']);
      failNextStream = 'answer';
      await outbox.send(id, 'yes');
      await until(sentAll, 20_000);
      expect(await personSaid(id), 'the third "yes" reached the server once').to.deep.equal(['yes', 'yes', 'yes']);
    } finally {
      await outbox.stop();
      store.close();
    }
  });
});
