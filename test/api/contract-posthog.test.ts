import { expect } from '@open-wc/testing';
import { createClient, type ConvoClient } from '../../src/api/client.js';
import { ConvoApiError } from '../../src/api/errors.js';
import { randomUuid } from '../../src/api/ids.js';
import type { ConvoStreamEvent } from '../../src/api/stream/events.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { collect, readUntil, rejection } from './contract-helpers.js';
import { textOf, transcriptOf } from './stream-fixtures.js';

function posthogClient(server: ReferenceServer, token = server.token): ConvoClient {
  return createClient({ dialect: 'posthog', baseUrl: server.url, token, environmentId: 1 });
}

function lastAssistantText(events: ConvoStreamEvent[]): string {
  const messages = [...transcriptOf(events).values()].filter((message) => message.role === 'assistant' && message.parts.some((part) => part.kind === 'text'));
  return textOf(messages[messages.length - 1]);
}

describe('contract: PostHog conversations', () => {
  let server: ReferenceServer;
  let client: ConvoClient;

  before(async () => {
    server = await startReferenceServer();
    client = posthogClient(server);
  });
  after(() => server.stop());

  it('streams a new conversation, then lists, reads and deletes it', async () => {
    const draft = await client.conversations.create();
    const stream = client.stream(draft.id, { content: 'Summarise churn for the café team' });
    const events = await collect(stream);

    expect(events[0]!.type).to.equal('conversation');
    const echo = events.find((event) => event.type === 'message-completed' && event.message.role === 'user');
    expect(echo && echo.type === 'message-completed' && echo.message.traceId).to.equal(stream.traceId);
    expect(events.some((event) => event.type === 'text-appended')).to.equal(true);
    expect(events[events.length - 1]).to.deep.equal({ type: 'done', reason: 'finished' });

    const stored = await client.conversations.get(draft.id);
    expect(stored.status).to.equal('idle');
    expect(stored.title).to.be.a('string');
    const storedReply = stored.messages!.filter((message) => message.role === 'assistant').pop();
    expect(textOf(storedReply)).to.equal(lastAssistantText(events));

    const page = await client.conversations.list({ limit: 100 });
    expect(page.items.map((conversation) => conversation.id)).to.include(draft.id);
    const all: string[] = [];
    for await (const conversation of client.conversations.listAll({ pageSize: 1 })) all.push(conversation.id);
    expect(all).to.include(draft.id);
    expect(all.length).to.equal(page.total);

    const messages = await client.messages.list(draft.id);
    expect(messages.items.length).to.equal(stored.messages!.length);
    expect(messages.next).to.equal(null);

    await client.conversations.delete(draft.id);
    const missing = await rejection(client.conversations.get(draft.id));
    expect(missing.kind).to.equal('api');
    expect((missing as ConvoApiError).status).to.equal(404);
  });

  it('appends an assistant-side message without a run', async () => {
    const draft = await client.conversations.create();
    await collect(client.stream(draft.id, { content: 'hello' }));
    const { id } = await client.conversations.appendMessage(draft.id, 'Thanks, a person will follow up.');
    const stored = await client.conversations.get(draft.id);
    expect(stored.messages!.some((message) => message.id === id && textOf(message) === 'Thanks, a person will follow up.')).to.equal(true);
  });

  it('401 without a valid token', async () => {
    const error = await rejection(posthogClient(server, 'not-the-token').conversations.list());
    expect(error).to.be.instanceOf(ConvoApiError);
    expect((error as ConvoApiError).status).to.equal(401);
    expect(error.message).to.be.a('string').and.not.equal('');
  });

  it('400 naming the field, before the stream starts', async () => {
    const error = await rejection(collect(client.stream(randomUuid(), { content: 'x'.repeat(40_001) })));
    expect((error as ConvoApiError).status).to.equal(400);
    expect((error as ConvoApiError).field).to.equal('content');
  });

  it('400 when re-attaching to an idle conversation', async () => {
    const draft = await client.conversations.create();
    await collect(client.stream(draft.id, { content: 'hello again' }));
    const error = await rejection(collect(client.reattach(draft.id)));
    expect((error as ConvoApiError).status).to.equal(400);
  });

  it('open: 204 for a warm-up, 400 for a conversation not on the sandbox runtime', async () => {
    expect(await client.conversations.open(randomUuid())).to.equal(null);
    const draft = await client.conversations.create();
    await collect(client.stream(draft.id, { content: 'not a sandbox' }));
    const error = await rejection(client.conversations.open(draft.id, { content: 'hi' }));
    expect((error as ConvoApiError).status).to.equal(400);
  });

  it('approvals: the run stops with a pending approval, and approving resumes it on a new stream', async () => {
    const draft = await client.conversations.create();
    await collect(client.stream(draft.id, { content: 'approval to rename the dashboard' }));
    const waiting = await client.conversations.get(draft.id);
    const pending = waiting.pendingApprovals.find((approval) => approval.decision_status === 'pending');
    if (!pending) throw new Error('no pending approval');
    const events = await collect(client.resumeApproval(draft.id, { action: 'approve', proposalId: pending.proposal_id }));
    expect(lastAssistantText(events)).to.contain('Approved');
    const after = await client.conversations.get(draft.id);
    expect(after.pendingApprovals.find((approval) => approval.proposal_id === pending.proposal_id)?.decision_status).to.equal('approved');
  });

  it('agents-only methods throw ConvoUnsupportedError', async () => {
    const error = await rejection(client.files.list('x'));
    expect(error.kind).to.equal('unsupported');
    expect((await rejection(client.messages.send('x', 'hi'))).kind).to.equal('unsupported');
    expect((await rejection(client.dataFrames.list('x'))).kind).to.equal('unsupported');
  });
});

describe('contract: PostHog runs in progress (busy, queue, cancel, abort)', () => {
  let server: ReferenceServer;
  let client: ConvoClient;

  before(async () => {
    // Slow enough that a long reply is still running while the test acts on it.
    server = await startReferenceServer({ rate: 20 });
    client = posthogClient(server);
  });
  after(() => server.stop());

  it('abort mid-stream settles pending reads; then 409 busy, the queue (409 queue_full), cancel', async function (this: { timeout(ms: number): void }) {
    this.timeout(30_000);
    const draft = await client.conversations.create();
    const controller = new AbortController();
    const stream = client.stream(draft.id, { content: 'a long report on activation', signal: controller.signal });
    const { iterator } = await readUntil(stream, (event) => event.type === 'text-appended');

    const first = iterator.next();
    const second = iterator.next();
    controller.abort();
    const firstError = await rejection(first);
    expect(firstError.kind).to.equal('abort');
    const settled = await Promise.race([second.then(() => 'settled', () => 'settled'), new Promise((resolve) => setTimeout(() => resolve('pending'), 1000))]);
    expect(settled).to.equal('settled');
    expect(await iterator.next()).to.deep.equal({ done: true, value: undefined });

    // The run goes on without us.
    expect((await client.conversations.get(draft.id)).status).to.equal('in_progress');

    const busy = await rejection(collect(client.stream(draft.id, { content: 'and another thing' })));
    expect((busy as ConvoApiError).status).to.equal(409);
    expect((busy as ConvoApiError).code).to.equal('conflict');

    const one = await client.queue.add(draft.id, 'first follow-up');
    expect(one.max_queue_messages).to.equal(2);
    const two = await client.queue.add(draft.id, 'second follow-up');
    expect(two.messages.map((message) => message.content)).to.deep.equal(['first follow-up', 'second follow-up']);
    const full = await rejection(client.queue.add(draft.id, 'third follow-up'));
    expect((full as ConvoApiError).status).to.equal(409);
    expect((full as ConvoApiError).code).to.equal('queue_full');

    const updated = await client.queue.update(draft.id, two.messages[0]!.id, 'first, edited');
    expect(updated.messages[0]!.content).to.equal('first, edited');
    const removed = await client.queue.remove(draft.id, two.messages[1]!.id);
    expect(removed.messages).to.have.length(1);
    expect((await client.queue.list(draft.id)).messages).to.have.length(1);
    expect((await client.queue.clear(draft.id)).messages).to.deep.equal([]);

    await client.conversations.cancel(draft.id);
    const status = (await client.conversations.get(draft.id)).status;
    expect(['canceling', 'idle']).to.include(status);
  });

  it('422 when a cancel fails', async () => {
    const draft = await client.conversations.create();
    const controller = new AbortController();
    const { iterator } = await readUntil(client.stream(draft.id, { content: 'a long stuck report', signal: controller.signal }), (event) => event.type === 'text-appended');
    const error = await rejection(client.conversations.cancel(draft.id));
    expect((error as ConvoApiError).status).to.equal(422);
    expect(error.message).to.equal('Failed to cancel conversation');
    controller.abort();
    await iterator.next().catch(() => undefined);
  });
});
