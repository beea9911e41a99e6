// PostHog conversations over real HTTP: the stream's framing and order, re-attach, busy and queue rules,
// cancel, approvals, open, append_message and paging, as API.md describes the real server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PROJECT, createBody, parseFrames, readRaw, startTestServer } from './harness.mjs';

const CONVERSATIONS = `${PROJECT}/conversations/`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** @param {import('./harness.mjs').TestServer} server @param {object} body */
async function stream(server, body, init = {}) {
  const response = await server.request('POST', CONVERSATIONS, { body, ...init });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  return response;
}

/**
 * Tests that need no special options share one server (with room for many creates); the others start their own.
 * @type {import('./harness.mjs').TestServer}
 */
let server;
before(async () => {
  server = await startTestServer({ rateLimits: { create: 1000, createPerDay: 10_000 } });
});
after(() => server.close());

/** @param {string} raw */
const eventsOf = (raw) => parseFrames(raw, '\n').events;

/** @param {{event: string, data: any}[]} events */
const textMessages = (events) => events.filter((e) => e.event === 'message' && e.data.type === 'ai');

test('a new conversation streams: conversation, human echo with trace_id, whole-text partials, final message', async () => {
    const id = randomUUID();
  const body = createBody(id, 'How did sign-ups trend last week?');
  const raw = await readRaw(await stream(server, body));
  assert.doesNotMatch(raw, /^(id|retry):/m);
  const events = eventsOf(raw);

  assert.equal(events[0].event, 'conversation');
  assert.equal(events[0].data.id, id);
  assert.equal(events[1].event, 'message');
  assert.equal(events[1].data.type, 'human');
  assert.equal(events[1].data.content, body.content);
  assert.equal(events[1].data.trace_id, body.trace_id);
  assert.match(events[1].data.id, UUID);

  const ai = textMessages(events);
  const partials = ai.filter((e) => e.data.id === 'temp-0');
  const final = ai[ai.length - 1].data;
  assert.ok(partials.length > 10, 'the reply streams in many partials');
  for (let i = 1; i < partials.length; i++) {
    assert.ok(partials[i].data.content.startsWith(partials[i - 1].data.content), 'each partial carries the whole text so far');
  }
  assert.match(final.id, UUID);
  assert.equal(final.content, partials[partials.length - 1].data.content);
  assert.match(final.content, /```/, 'the reply has fenced code');
  assert.match(final.content, /\| ---: \|/, 'the reply has a GFM table');

  const retrieved = (await server.json('GET', `${CONVERSATIONS}${id}/`)).body;
  assert.equal(retrieved.status, 'idle');
  assert.equal(retrieved.title, 'How did sign-ups trend last week?');
  assert.equal(retrieved.agent_runtime, 'langgraph');
  assert.deepEqual(
    retrieved.messages.map((/** @type {any} */ m) => [m.type, m.id]),
    [
      ['human', events[1].data.id],
      ['ai', final.id],
    ],
  );

  // A second message on the same conversation: no `conversation` event, the echo comes first.
  const again = eventsOf(await readRaw(await stream(server, createBody(id, 'And this week?'))));
  assert.equal(again[0].event, 'message');
  assert.equal(again[0].data.type, 'human');
});

test('a `: keepalive` comment fills 15 s of silence (shortened here)', async (t) => {
  const server = await startTestServer({ rate: 4, keepaliveMs: 60 });
  t.after(() => server.close());
  const controller = new AbortController();
  const response = await stream(server, createBody(randomUUID(), 'hello'), { signal: controller.signal });
  const raw = await readRaw(response, { controller, stopWhen: (text) => text.includes(': keepalive\n\n') });
  assert.match(raw, /\n\n: keepalive\n\n/);
});

test('busy: a new message is 409; the queue takes two and refuses a third; queued turns run on the same stream', async (t) => {
  const server = await startTestServer({ rate: 100 });
  t.after(() => server.close());
  const id = randomUUID();
  const first = await stream(server, createBody(id, 'hello'));

  const busy = await server.json('POST', CONVERSATIONS, { body: createBody(id, 'me too') });
  assert.equal(busy.status, 409);
  assert.deepEqual(busy.body, { type: 'invalid_request', code: 'conflict', detail: 'Cannot resume streaming with a new message', attr: null });

  const queue = `${CONVERSATIONS}${id}/queue/`;
  const one = await server.json('POST', queue, { body: { content: 'fail first' } });
  assert.equal(one.status, 200);
  assert.equal(one.body.max_queue_messages, 2);
  assert.equal(one.body.messages.length, 1);
  const two = await server.json('POST', queue, { body: { content: 'fail second' } });
  assert.deepEqual(
    two.body.messages.map((/** @type {{content: string}} */ m) => m.content),
    ['fail first', 'fail second'],
  );
  const three = await server.json('POST', queue, { body: { content: 'third' } });
  assert.equal(three.status, 409);
  assert.equal(three.body.error, 'queue_full');
  assert.equal(typeof three.body.detail, 'string');

  const events = eventsOf(await readRaw(first));
  const humans = events.filter((e) => e.event === 'message' && e.data.type === 'human').map((e) => e.data.content);
  assert.deepEqual(humans, ['hello', 'fail first', 'fail second']);
  assert.equal(events.filter((e) => e.event === 'status' && e.data.type === 'generation_error').length, 2);
  assert.deepEqual((await server.json('GET', queue)).body, { messages: [], max_queue_messages: 2 });
});

test('queue items can be edited, deleted and cleared', async () => {
    const id = randomUUID();
  await readRaw(await stream(server, createBody(id, 'hello')));
  const queue = `${CONVERSATIONS}${id}/queue/`;
  const added = await server.json('POST', queue, { body: { content: 'draft' } });
  const queueId = added.body.messages[0].id;
  for (const key of ['id', 'content', 'created_at', 'contextual_tools', 'ui_context', 'billing_context', 'agent_mode', 'session_id']) {
    assert.ok(key in added.body.messages[0], `queue message has ${key}`);
  }
  const edited = await server.json('PATCH', `${queue}${queueId}/`, { body: { content: 'final' } });
  assert.equal(edited.body.messages[0].content, 'final');
  const missing = await server.json('DELETE', `${queue}${randomUUID()}/`);
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { detail: 'Queue message not found.' });
  assert.deepEqual((await server.json('DELETE', `${queue}${queueId}/`)).body.messages, []);
  await server.json('POST', queue, { body: { content: 'again' } });
  assert.deepEqual((await server.json('POST', `${queue}clear/`)).body, { messages: [], max_queue_messages: 2 });
  const unknown = await server.json('GET', `${CONVERSATIONS}${randomUUID()}/queue/`);
  assert.equal(unknown.status, 404);
  assert.deepEqual(unknown.body, { error: 'Conversation not found' });
});

test('a dropped stream does not stop the run; content:null re-attaches with the partial so far and the rest', async (t) => {
  const server = await startTestServer({ rate: 150 });
  t.after(() => server.close());
  const id = randomUUID();
  const controller = new AbortController();
  const firstRaw = await readRaw(await stream(server, createBody(id, 'Tell me about retention'), { signal: controller.signal }), {
    controller,
    stopWhen: (text) => (text.match(/"id":"temp-0"/g) ?? []).length >= 5,
  });
  const seen = textMessages(parseFrames(firstRaw.slice(0, firstRaw.lastIndexOf('\n\n') + 2), '\n').events);
  const seenText = seen[seen.length - 1].data.content;
  await new Promise((resolve) => setTimeout(resolve, 150));

  const running = (await server.json('GET', `${CONVERSATIONS}${id}/`)).body;
  assert.equal(running.status, 'in_progress', 'the run went on without a listener');

  const resumed = eventsOf(await readRaw(await stream(server, createBody(id, null))));
  assert.equal(resumed[0].event, 'message');
  assert.equal(resumed[0].data.id, 'temp-0');
  assert.ok(resumed[0].data.content.startsWith(seenText), 'the first frame carries the whole text so far');
  assert.ok(resumed[0].data.content.length > seenText.length, 'the run kept writing while nobody listened');
  assert.ok(!resumed.some((e) => e.data.type === 'human'), 'a re-attach never re-sends the echo');
  const final = resumed[resumed.length - 1].data;
  assert.match(final.id, UUID);

  const stored = (await server.json('GET', `${CONVERSATIONS}${id}/`)).body;
  assert.equal(stored.status, 'idle');
  assert.equal(stored.messages[stored.messages.length - 1].content, final.content);
});

test('two streams attached to one run both see the rest of the reply', async (t) => {
  const server = await startTestServer({ rate: 120 });
  t.after(() => server.close());
  const id = randomUUID();
  const first = readRaw(await stream(server, createBody(id, 'hello from tab one')));
  await new Promise((resolve) => setTimeout(resolve, 100));
  const second = eventsOf(await readRaw(await stream(server, createBody(id, null))));
  const firstEvents = eventsOf(await first);
  const finalOf = (/** @type {{event: string, data: any}[]} */ events) => textMessages(events).at(-1)?.data;
  assert.match(finalOf(second).id, UUID);
  assert.deepEqual(finalOf(second), finalOf(firstEvents));
});

test('cancel stops the text, clears the queue and is 204 again while idle', async (t) => {
  const server = await startTestServer({ rate: 60 });
  t.after(() => server.close());
  const id = randomUUID();
  const response = await stream(server, createBody(id, 'long report please'));
  await server.json('POST', `${CONVERSATIONS}${id}/queue/`, { body: { content: 'next one' } });
  const reading = readRaw(response);
  await new Promise((resolve) => setTimeout(resolve, 200));

  const cancelled = await server.request('PATCH', `${CONVERSATIONS}${id}/cancel/`);
  assert.equal(cancelled.status, 204);
  assert.equal(await cancelled.text(), '');
  const started = Date.now();
  const events = eventsOf(await reading);
  assert.ok(Date.now() - started < 1000, 'the stream ends promptly after cancel');
  const partial = textMessages(events).at(-1);
  assert.equal(partial?.data.id, 'temp-0', 'the long reply never finished');
  assert.ok(!events.some((e) => e.data.content === 'next one'), 'the queued turn never ran');

  assert.deepEqual((await server.json('GET', `${CONVERSATIONS}${id}/queue/`)).body.messages, []);
  const after = (await server.json('GET', `${CONVERSATIONS}${id}/`)).body;
  assert.equal(after.status, 'idle');
  assert.deepEqual(
    after.messages.map((/** @type {{type: string}} */ m) => m.type),
    ['human'],
  );
  assert.equal((await server.request('PATCH', `${CONVERSATIONS}${id}/cancel/`)).status, 204);
});

test('a run that refuses cancellation answers 422 {error}', async (t) => {
  const server = await startTestServer({ rate: 40 });
  t.after(() => server.close());
  const id = randomUUID();
  const controller = new AbortController();
  const response = await stream(server, createBody(id, 'stuck on this one'), { signal: controller.signal });
  const failed = await server.json('PATCH', `${CONVERSATIONS}${id}/cancel/`);
  assert.equal(failed.status, 422);
  assert.deepEqual(failed.body, { error: 'Failed to cancel conversation' });
  controller.abort();
  await readRaw(response);
});

test('a failing run sends status generation_error and stores an ai/failure', async () => {
    const id = randomUUID();
  const events = eventsOf(await readRaw(await stream(server, createBody(id, 'please fail'))));
  assert.deepEqual(events.at(-1), { event: 'status', data: { type: 'generation_error' } });
  const stored = (await server.json('GET', `${CONVERSATIONS}${id}/`)).body;
  assert.equal(stored.messages.at(-1).type, 'ai/failure');
});

test('approvals wait on retrieve and resume with resume_payload', async () => {
    const id = randomUUID();
  await readRaw(await stream(server, createBody(id, 'hello')));
  // A follow-up waiting in the queue would run after the next turn; a proposal clears it instead.
  await server.json('POST', `${CONVERSATIONS}${id}/queue/`, { body: { content: 'queued before the proposal' } });

  const proposing = eventsOf(await readRaw(await stream(server, createBody(id, 'Roll it out, with approval'))));
  const proposal = textMessages(proposing).at(-1)?.data;
  assert.equal(proposal.tool_calls[0].name, 'update_feature_flag');
  assert.ok(!proposing.some((e) => e.data.content === 'queued before the proposal'));
  assert.deepEqual((await server.json('GET', `${CONVERSATIONS}${id}/queue/`)).body.messages, []);

  const waiting = (await server.json('GET', `${CONVERSATIONS}${id}/`)).body;
  assert.equal(waiting.status, 'idle');
  assert.equal(waiting.pending_approvals.length, 1);
  const pending = waiting.pending_approvals[0];
  assert.equal(pending.decision_status, 'pending');
  assert.equal(pending.original_tool_call_id, proposal.tool_calls[0].id);
  assert.equal(pending.message_id, proposal.id);
  for (const key of ['proposal_id', 'tool_name', 'preview', 'payload']) assert.ok(key in pending, `pending approval has ${key}`);

  const idle = await server.json('POST', CONVERSATIONS, { body: createBody(id, null) });
  assert.equal(idle.status, 400);
  assert.deepEqual(idle.body, { type: 'validation_error', code: 'invalid', detail: 'Cannot continue streaming from an idle conversation', attr: null });

  const resumed = eventsOf(await readRaw(await stream(server, createBody(id, null, { resume_payload: { action: 'approve', proposal_id: pending.proposal_id } }))));
  assert.equal(resumed[0].data.type, 'tool');
  assert.equal(resumed[0].data.tool_call_id, pending.original_tool_call_id);
  assert.match(textMessages(resumed).at(-1)?.data.content, /Approved/);
  const decided = (await server.json('GET', `${CONVERSATIONS}${id}/`)).body;
  assert.equal(decided.pending_approvals[0].decision_status, 'approved');

  const again = await server.json('POST', CONVERSATIONS, { body: createBody(id, null, { resume_payload: { action: 'approve', proposal_id: pending.proposal_id } }) });
  assert.equal(again.status, 400);
  assert.equal(again.body.attr, 'resume_payload');
});

test('tool calls stream update progress lines and a tool result', async () => {
    const events = eventsOf(await readRaw(await stream(server, createBody(randomUUID(), 'use a tool to count pageviews'))));
  const call = textMessages(events).find((e) => e.data.tool_calls)?.data;
  const toolCallId = call.tool_calls[0].id;
  const updates = events.filter((e) => e.event === 'update');
  assert.ok(updates.length >= 2);
  for (const update of updates) assert.deepEqual(Object.keys(update.data).sort(), ['content', 'id', 'tool_call_id']);
  assert.equal(updates[0].data.id, call.id);
  assert.equal(updates[0].data.tool_call_id, toolCallId);
  const resultIndex = events.findIndex((e) => e.data.type === 'tool');
  assert.equal(events[resultIndex].data.tool_call_id, toolCallId);
  assert.ok(resultIndex > events.lastIndexOf(updates[updates.length - 1]));
});

test('errors before the stream: unknown conversation, deleted conversation, sandbox', async () => {
    const nothing = await server.json('POST', CONVERSATIONS, { body: createBody(randomUUID(), null) });
  assert.equal(nothing.status, 400);
  assert.deepEqual(nothing.body, { error: 'Cannot stream from non-existent conversation' });

  const id = randomUUID();
  await readRaw(await stream(server, createBody(id, 'hello')));
  const deleted = await server.request('DELETE', `${CONVERSATIONS}${id}/`);
  assert.equal(deleted.status, 204);
  assert.equal(await deleted.text(), '');
  assert.equal((await server.json('GET', `${CONVERSATIONS}${id}/`)).status, 404);
  const gone = await server.json('POST', CONVERSATIONS, { body: createBody(id, 'hello?') });
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.body, { error: 'Conversation does not exist' });

  const sandbox = await server.json('POST', CONVERSATIONS, { body: createBody(randomUUID(), 'hi', { is_sandbox: true }) });
  assert.equal(sandbox.status, 400);
  assert.equal(sandbox.body.type, 'validation_error');
});

test('open: 400 on a LangGraph conversation, 204 for a warm-up, 200 with a run handle for a message', async () => {
    const langgraph = randomUUID();
  await readRaw(await stream(server, createBody(langgraph, 'hello')));
  const refused = await server.json('POST', `${CONVERSATIONS}${langgraph}/open/`, { body: { content: 'hi' } });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.detail, 'This conversation is not on the sandbox runtime.');

  const sandbox = randomUUID();
  const warm = await server.request('POST', `${CONVERSATIONS}${sandbox}/open/`, { body: {} });
  assert.equal(warm.status, 204);
  const traceId = randomUUID();
  const opened = await server.json('POST', `${CONVERSATIONS}${sandbox}/open/`, { body: { content: 'Fix the flaky test', trace_id: traceId } });
  assert.equal(opened.status, 200);
  assert.deepEqual(Object.keys(opened.body).sort(), ['just_created_run', 'run_id', 'run_status', 'task_id', 'trace_id']);
  assert.equal(opened.body.trace_id, traceId);
  assert.equal(opened.body.just_created_run, true);
  const followUp = await server.json('POST', `${CONVERSATIONS}${sandbox}/open/`, { body: { content: 'Also the other one' } });
  assert.equal(followUp.body.just_created_run, false);
  assert.equal(followUp.body.run_id, opened.body.run_id);
  const retrieved = (await server.json('GET', `${CONVERSATIONS}${sandbox}/`)).body;
  assert.equal(retrieved.is_sandbox, true);
  assert.equal(retrieved.agent_runtime, 'sandbox');
  const viaCreate = await server.json('POST', CONVERSATIONS, { body: createBody(sandbox, 'hi') });
  assert.equal(viaCreate.status, 400);
});

test('append_message stores an AI message without a run; 10,000 characters at most', async () => {
    const id = randomUUID();
  await readRaw(await stream(server, createBody(id, 'hello')));
  const appended = await server.json('POST', `${CONVERSATIONS}${id}/append_message/`, { body: { content: 'Ticket #42 created.' } });
  assert.equal(appended.status, 201);
  assert.match(appended.body.id, UUID);
  const last = (await server.json('GET', `${CONVERSATIONS}${id}/`)).body.messages.at(-1);
  assert.deepEqual(last, { type: 'ai', content: 'Ticket #42 created.', id: appended.body.id });
  const tooLong = await server.json('POST', `${CONVERSATIONS}${id}/append_message/`, { body: { content: 'x'.repeat(10_001) } });
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.body.attr, 'content');
  assert.equal(tooLong.body.code, 'max_length');
});

test('list: titled conversations only, newest first, limit/offset with absolute next/previous', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  for (const content of ['first', 'second', 'third']) await readRaw(await stream(server, createBody(randomUUID(), content)));
  const all = (await server.json('GET', CONVERSATIONS)).body;
  assert.equal(all.count, 6, 'three seeded plus three new');
  assert.deepEqual(
    all.results.slice(0, 3).map((/** @type {{title: string}} */ c) => c.title),
    ['Third', 'Second', 'First'],
  );
  assert.ok(!('messages' in all.results[0]), 'list items are minimal');

  const page = (await server.json('GET', `${CONVERSATIONS}?limit=2&offset=2`)).body;
  assert.equal(page.results.length, 2);
  assert.equal(page.next, `${server.url}${CONVERSATIONS}?limit=2&offset=4`);
  assert.equal(page.previous, `${server.url}${CONVERSATIONS}?limit=2`);
  const last = (await server.json('GET', page.next.slice(server.url.length))).body;
  assert.equal(last.next, null);
  assert.deepEqual(
    [...all.results.slice(2, 4), ...all.results.slice(4)].map((/** @type {{id: string}} */ c) => c.id),
    [...page.results, ...last.results].map((/** @type {{id: string}} */ c) => c.id),
  );
});
