// The router's promises, over real HTTP: auth, unknown scopes, CORS, throttling and idempotency replay, in the
// body shape of each dialect.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AGENTS, PROJECT, createBody, readRaw, startTestServer } from './harness.mjs';

/**
 * Tests that need no special options share one server; the others start their own.
 * @type {import('./harness.mjs').TestServer}
 */
let server;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('401 without or with a wrong bearer token, in each dialect', async () => {
  const missing = await server.json('GET', `${PROJECT}/conversations/`, { token: null });
  assert.equal(missing.status, 401);
  assert.deepEqual(missing.body, { type: 'authentication_error', code: 'not_authenticated', detail: 'Authentication credentials were not provided.', attr: null });

  const wrong = await server.json('GET', '/api/environments/1/conversations/', { token: 'nope' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.type, 'authentication_error');
  assert.equal(wrong.body.code, 'authentication_failed');

  const agents = await server.json('GET', `${AGENTS}/conversations`, { token: 'nope' });
  assert.equal(agents.status, 401);
  assert.equal(agents.body.error.code, 'unauthorized');
  assert.equal(typeof agents.body.error.error_id, 'string');
  assert.equal(typeof agents.body.error.message, 'string');
});

test('404 for unknown projects, agents, paths and conversations', async () => {
  const posthogNotFound = { type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null };

  assert.deepEqual((await server.json('GET', '/api/projects/2/conversations/')).body, posthogNotFound);
  assert.deepEqual((await server.json('GET', `${PROJECT}/no-such-thing/`)).body, posthogNotFound);
  const missing = await server.json('GET', `${PROJECT}/conversations/${randomUUID()}/`);
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, posthogNotFound);

  const otherAgent = await server.json('GET', '/tenants/demo/api/v2/agents/other-agent/conversations');
  assert.equal(otherAgent.status, 404);
  assert.equal(otherAgent.body.error.code, 'not_found');
  const unknownConversation = await server.json('GET', `${AGENTS}/conversations/${randomUUID()}/messages`);
  assert.equal(unknownConversation.status, 404);
  assert.equal(unknownConversation.body.error.code, 'not_found');
});

test('CORS: preflight without auth, origin reflected, Retry-After exposed', async () => {
  const preflight = await fetch(`${server.url}${PROJECT}/conversations/`, {
    method: 'OPTIONS',
    headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,idempotency-key' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.example');
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
  const answer = await server.request('GET', `${PROJECT}/conversations/`, { headers: { Origin: 'https://shop.example' } });
  assert.equal(answer.headers.get('access-control-allow-origin'), 'https://shop.example');
  assert.match(answer.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
  await answer.body?.cancel();
});

test('429 with Retry-After past the rate limit, in each dialect', async (t) => {
  const server = await startTestServer({ rateLimits: { other: 2, create: 1 } });
  t.after(() => server.close());

  assert.equal((await server.json('GET', `${PROJECT}/conversations/`)).status, 200);
  assert.equal((await server.json('GET', `${AGENTS}/conversations`)).status, 200);
  const throttled = await server.json('GET', `${PROJECT}/conversations/`);
  assert.equal(throttled.status, 429);
  const wait = Number(throttled.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
  assert.deepEqual(throttled.body, { type: 'throttled_error', code: 'throttled', detail: `Request was throttled. Expected available in ${wait} seconds.`, attr: null });
  const agents = await server.json('GET', `${AGENTS}/conversations`);
  assert.equal(agents.status, 429);
  assert.equal(agents.body.error.code, 'too_many_requests');
  assert.ok(Number(agents.headers.get('retry-after')) >= 1);

  // Conversation create has its own, stricter limit.
  const first = await server.request('POST', `${PROJECT}/conversations/`, { body: createBody(randomUUID(), 'hello') });
  assert.equal(first.status, 200);
  await readRaw(first);
  const second = await server.json('POST', `${PROJECT}/conversations/`, { body: createBody(randomUUID(), 'hello again') });
  assert.equal(second.status, 429);
  assert.ok(Number(second.headers.get('retry-after')) > 0);
});

test('Idempotency-Key replays the first answer instead of acting twice', async () => {
  const conversation = randomUUID();
  await readRaw(await server.request('POST', `${PROJECT}/conversations/`, { body: createBody(conversation, 'hello') }));
  const before = (await server.json('GET', `${PROJECT}/conversations/${conversation}/`)).body.messages.length;

  const send = () => server.json('POST', `${PROJECT}/conversations/${conversation}/append_message/`, { body: { content: 'Saved once' }, headers: { 'Idempotency-Key': 'append-1' } });
  const first = await send();
  const second = await send();
  assert.equal(first.status, 201);
  assert.equal(second.status, 201);
  assert.deepEqual(second.body, first.body);
  assert.equal(second.headers.get('idempotent-replayed'), 'true');
  const after = (await server.json('GET', `${PROJECT}/conversations/${conversation}/`)).body.messages;
  assert.equal(after.length, before + 1);

  // A retried streaming send does not start a second run: the replay streams nothing new.
  const streamed = randomUUID();
  const body = createBody(streamed, 'Once only');
  const headers = { 'Idempotency-Key': 'stream-1' };
  await readRaw(await server.request('POST', `${PROJECT}/conversations/`, { body, headers }));
  const replay = await server.request('POST', `${PROJECT}/conversations/`, { body, headers });
  assert.equal(replay.status, 200);
  assert.equal(await readRaw(replay), '');
  const messages = (await server.json('GET', `${PROJECT}/conversations/${streamed}/`)).body.messages;
  assert.equal(messages.filter((/** @type {{type: string}} */ m) => m.type === 'human').length, 1);
});

test('400 names the bad field', async () => {
  const tooLong = await server.json('POST', `${PROJECT}/conversations/`, { body: createBody(randomUUID(), 'x'.repeat(40_001)) });
  assert.equal(tooLong.status, 400);
  assert.deepEqual(tooLong.body, { type: 'validation_error', code: 'max_length', detail: 'Ensure this field has no more than 40000 characters.', attr: 'content' });

  const noTrace = await server.json('POST', `${PROJECT}/conversations/`, { body: { content: 'hi', conversation: randomUUID() } });
  assert.equal(noTrace.status, 400);
  assert.equal(noTrace.body.attr, 'trace_id');
  assert.equal(noTrace.body.code, 'required');

  const parseError = await fetch(`${server.url}${PROJECT}/conversations/`, {
    method: 'POST',
    headers: { Authorization: 'Bearer demo-token', 'Content-Type': 'application/json' },
    body: '{"content": ',
  });
  assert.equal(parseError.status, 400);
  assert.equal((await parseError.json()).code, 'parse_error');

  const agents = await server.json('POST', `${AGENTS}/conversations`, { body: {} });
  assert.equal(agents.status, 400);
  assert.equal(agents.body.error.code, 'bad_request');
  assert.match(agents.body.error.message, /^name/);
});
