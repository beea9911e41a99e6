import { expect } from '@open-wc/testing';
import { createClient, type ConvoClient } from '../../src/api/client.js';
import type { ConvoApiError } from '../../src/api/errors.js';
import type { Clock } from '../../src/api/http.js';
import type { ConvoStreamEvent } from '../../src/api/stream/events.js';
import { startCutProxy, startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { collect, injectingFetch, rechunkingFetch, rejection } from './contract-helpers.js';
import { textOf, transcriptOf } from './stream-fixtures.js';

function posthogClient(baseUrl: string, server: ReferenceServer, extra: Partial<Parameters<typeof createClient>[0]> = {}): ConvoClient {
  return createClient({ dialect: 'posthog', baseUrl, token: server.token, environmentId: 1, ...extra } as Parameters<typeof createClient>[0]);
}

/** The assistant's reply text as the server stored it. */
async function storedReply(client: ConvoClient, conversationId: string): Promise<string> {
  const conversation = await client.conversations.get(conversationId);
  const replies = conversation.messages!.filter((message) => message.role === 'assistant' && message.parts.some((part) => part.kind === 'text'));
  return textOf(replies[replies.length - 1]);
}

function replyText(events: ConvoStreamEvent[]): string {
  const replies = [...transcriptOf(events).values()].filter((message) => message.role === 'assistant' && message.parts.some((part) => part.kind === 'text'));
  return textOf(replies[replies.length - 1]);
}

describe('contract: streams that break', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer({ rate: 150 });
  });
  after(() => server.stop());

  it('a stream cut mid-reply ends interrupted, and re-attaching completes the same text the server stored', async function (this: { timeout(ms: number): void }) {
    this.timeout(30_000);
    const proxy = await startCutProxy(server.url, 3000);
    try {
      const client = posthogClient(proxy.url, server);
      const direct = posthogClient(server.url, server);
      const { id } = await client.conversations.create();
      const first = await collect(client.stream(id, { content: 'Summarise activation for the growth team' }));
      expect(first.slice(-2).map((event) => (event.type === 'error' ? `error ${event.error.kind}` : event.type === 'done' ? `done ${event.reason}` : event.type))).to.deep.equal([
        'error network',
        'done interrupted',
      ]);
      expect((await direct.conversations.get(id)).status).to.equal('in_progress');

      await proxy.setCut(null);
      const resumed = await collect(client.reattach(id));
      expect(resumed[resumed.length - 1]).to.deep.equal({ type: 'done', reason: 'finished' });
      const text = replyText([...first, ...resumed]);
      expect(text).to.equal(await storedReply(direct, id));
      expect(text.length).to.be.greaterThan(500);
      const humans = (await direct.conversations.get(id)).messages!.filter((message) => message.role === 'user');
      expect(humans, 'the message was sent once').to.have.length(1);
    } finally {
      await proxy.stop();
    }
  });

  it('a queued follow-up runs after the reply, on the same stream', async () => {
    const client = posthogClient(server.url, server);
    const { id } = await client.conversations.create();
    const stream = client.stream(id, { content: 'Summarise activation' });
    const events: ConvoStreamEvent[] = [];
    let queued = false;
    for await (const event of stream) {
      events.push(event);
      if (!queued && event.type === 'text-appended') {
        queued = true;
        await client.queue.add(id, 'And now for sign-ups');
      }
    }
    const completed = events.flatMap((event) => (event.type === 'message-completed' ? [event.message] : []));
    expect(completed.filter((message) => message.role === 'user').map((message) => textOf(message))).to.deep.equal(['Summarise activation', 'And now for sign-ups']);
    const stored = (await client.conversations.get(id)).messages!;
    const storedReplies = stored.filter((message) => message.role === 'assistant' && message.parts.some((part) => part.kind === 'text')).map((message) => textOf(message));
    const streamedReplies = [...transcriptOf(events).values()].filter((message) => message.role === 'assistant' && message.parts.some((part) => part.kind === 'text')).map((message) => textOf(message));
    expect(storedReplies).to.have.length(2);
    expect(streamedReplies).to.deep.equal(storedReplies);
    expect((await client.queue.list(id)).messages).to.deep.equal([]);
  });

  it('a malformed frame is reported and skipped; the reply still completes', async () => {
    const client = posthogClient(server.url, server, { fetch: injectingFetch('event: message\ndata: {"type": "ai", oops\n\n', 3) });
    const { id } = await client.conversations.create();
    const events = await collect(client.stream(id, { content: 'Summarise retention' }));
    const errors = events.filter((event) => event.type === 'error');
    expect(errors.map((event) => event.type === 'error' && `${event.error.kind} ${'code' in event.error ? event.error.code : ''}`)).to.deep.equal(['protocol malformed_frame']);
    expect(events[events.length - 1]).to.deep.equal({ type: 'done', reason: 'finished' });
    expect(replyText(events)).to.equal(await storedReply(client, id));
  });

  it('UTF-8 characters split across chunks arrive whole', async () => {
    const client = posthogClient(server.url, server, { fetch: rechunkingFetch(3) });
    const { id } = await client.conversations.create();
    const events = await collect(client.stream(id, { content: 'Résumé for Zürich 東京 🎉 naïve café' }));
    const text = replyText(events);
    expect(text).not.to.contain('\uFFFD');
    expect(text).to.contain('東京 🎉');
    expect(text).to.equal(await storedReply(posthogClient(server.url, server), id));
  });

  it('a send whose answer was lost is not sent again: the retry finds the trace id and re-attaches', async () => {
    const requests: Array<{ content: unknown; key: string | null }> = [];
    let dropNext = true;
    // Behaves like the real PostHog (no Idempotency-Key support) and loses the first send's answer.
    const losingFetch: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      const isSend = init?.method === 'POST' && String(input).endsWith('/conversations/');
      if (isSend) {
        requests.push({ content: JSON.parse(String(init?.body)).content, key: headers.get('Idempotency-Key') });
        headers.delete('Idempotency-Key');
      }
      const response = await fetch(input, { ...init, headers });
      if (isSend && dropNext) {
        dropNext = false;
        await response.body?.cancel();
        throw new TypeError('Failed to fetch');
      }
      return response;
    };
    const client = posthogClient(server.url, server, { fetch: losingFetch });
    const { id } = await client.conversations.create();
    const events = await collect(client.stream(id, { content: 'Summarise retention, once' }));
    expect(requests.map((request) => request.content)).to.deep.equal(['Summarise retention, once', null]);
    expect(requests[0]!.key).to.equal(requests[1]!.key);
    const stored = await client.conversations.get(id);
    expect(stored.messages!.filter((message) => message.role === 'user')).to.have.length(1);
    expect(events[events.length - 1]!.type).to.equal('done');
    expect(replyText(events)).to.equal(await storedReply(client, id));
  });
});

describe('contract: 429 and Retry-After', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer({ rateLimits: { create: 2 } });
  });
  after(() => server.stop());

  it('waits exactly what Retry-After says between tries, and reports the wait when it gives up', async () => {
    const sleeps: number[] = [];
    // The server's window is a minute; the clock records the waits instead of spending them.
    const clock: Clock = { now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };
    let sends = 0;
    const countingFetch: typeof fetch = (input, init) => {
      if (init?.method === 'POST') sends += 1;
      return fetch(input, init);
    };
    const client = posthogClient(server.url, server, { clock, fetch: countingFetch, retry: { maxAttempts: 3, maxRetryAfterMs: 120_000 } });
    for (let i = 0; i < 2; i += 1) await collect(client.stream((await client.conversations.create()).id, { content: `hello ${i}` }));
    expect(sends).to.equal(2);

    const error = (await rejection(collect(client.stream((await client.conversations.create()).id, { content: 'one too many' })))) as ConvoApiError;
    expect(error.status).to.equal(429);
    expect(error.code).to.equal('throttled');
    expect(error.retryAfterMs).to.be.greaterThan(0);
    expect(sends).to.equal(5);
    expect(sleeps).to.have.length(2);
    for (const wait of sleeps) expect(Math.abs(wait - error.retryAfterMs!)).to.be.at.most(1000);
  });

  it('does not wait out a Retry-After above the cap', async () => {
    let sends = 0;
    const countingFetch: typeof fetch = (input, init) => {
      if (init?.method === 'POST') sends += 1;
      return fetch(input, init);
    };
    const client = posthogClient(server.url, server, { fetch: countingFetch, retry: { maxRetryAfterMs: 1000 } });
    const started = Date.now();
    const error = (await rejection(collect(client.stream((await client.conversations.create()).id, { content: 'still too many' })))) as ConvoApiError;
    expect(error.status).to.equal(429);
    expect(error.retryAfterMs).to.be.greaterThan(1000);
    expect(sends).to.equal(1);
    expect(Date.now() - started).to.be.lessThan(1000);
  });
});
