// The agents dialect over real HTTP: CRLF framing, agent_ready first and agent_finished last, message_content
// patches that rebuild message_end.data from `{}`, 409 while a run is active, paging with `next` tokens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENTS, parseFrames, readRaw, startTestServer } from './harness.mjs';

/**
 * Tests that need no special options share one server; the others start their own.
 * @type {import('./harness.mjs').TestServer}
 */
let server;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const CONVERSATIONS = `${AGENTS}/conversations`;

/** Applies the operations this test expects (RFC 6902 add/replace plus concat_string), independently of the server. */
function applyDelta(/** @type {any} */ document, /** @type {{op: string, path: string, value: unknown}} */ { op, path, value }) {
  const keys = path.split('/').slice(1);
  const last = /** @type {string} */ (keys.pop());
  const parent = keys.reduce((node, key) => node[key], document);
  if (op === 'concat_string') parent[last] += value;
  else if (op === 'add' && Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, value);
  else if (op === 'add' || op === 'replace') parent[last] = value;
  else throw new Error(`unexpected op ${op}`);
}

/** @param {import('./harness.mjs').TestServer} server @param {string} name */
async function newConversation(server, name = 'New conversation') {
  const created = await server.json('POST', CONVERSATIONS, { body: { name } });
  assert.equal(created.status, 200);
  return /** @type {{id: string, name: string, agent_id: string}} */ (created.body);
}

test('stream: CRLF frames, agent_ready first, patches rebuild message_end.data, agent_finished last', async (t) => {
  const server = await startTestServer({ keepaliveMs: 0 });
  t.after(() => server.close());
  const conversation = await newConversation(server);
  assert.deepEqual(Object.keys(conversation).sort(), ['agent_id', 'id', 'name']);

  const response = await server.request('POST', `${CONVERSATIONS}/${conversation.id}/stream`, {
    body: { content: 'Think, use a tool, chart, export, quick options' },
    headers: { Accept: 'text/event-stream' },
  });
  assert.equal(response.status, 200);
  const { events } = parseFrames(await readRaw(response), '\r\n');

  assert.equal(events[0].event, 'agent_ready');
  assert.deepEqual(Object.keys(events[0].data).sort(), ['agent_id', 'run_id', 'thread_id']);
  assert.equal(events[0].data.thread_id, conversation.id);
  const agentEvents = events.slice(1).map((e) => {
    assert.equal(e.event, 'agent_event');
    return e.data;
  });
  const types = agentEvents.map((e) => e.event_type);
  assert.equal(types.at(-1), 'agent_finished');
  assert.ok(types.includes('thread_name_updated'));
  assert.equal(agentEvents.find((e) => e.event_type === 'thread_name_updated').new_name, 'Think, use a tool, chart, export, quick options');

  const begin = agentEvents.find((e) => e.event_type === 'message_begin');
  const contents = agentEvents.filter((e) => e.event_type === 'message_content');
  const end = agentEvents.find((e) => e.event_type === 'message_end');
  assert.deepEqual(
    contents.map((e) => e.sequence_number),
    contents.map((_, i) => i),
  );
  const rebuilt = {};
  for (const event of contents) {
    assert.equal(event.message_id, begin.message_id);
    applyDelta(rebuilt, event.delta);
  }
  assert.deepEqual(rebuilt, end.data);
  assert.ok(contents.some((e) => e.delta.op === 'concat_string' && /^\/content\/\d+\/text$/.test(e.delta.path)), 'text grows by concat_string');

  const message = end.data;
  assert.equal(message.role, 'agent');
  assert.equal(message.complete, true);
  const kinds = message.content.map((/** @type {{kind: string}} */ item) => item.kind);
  assert.deepEqual(kinds, ['thought', 'text', 'tool_call', 'text', 'vega_chart', 'attachment', 'quick_actions']);
  const tool = message.content[2];
  assert.equal(tool.status, 'finished');
  assert.deepEqual(Object.keys(JSON.parse(tool.arguments_raw)), ['query']);
  assert.equal(typeof tool.result, 'string');
  assert.equal(JSON.parse(message.content[4].chart_spec_raw).mark, 'bar');
  const attachment = message.content[5];
  assert.equal(attachment.mime_type, 'text/csv');
  assert.match(Buffer.from(attachment.uri.split(',')[1], 'base64').toString('utf8'), /^week,active_users/);
  assert.ok(message.content[6].actions.every((/** @type {object} */ a) => 'label' in a && 'value' in a));

  // The person's message is stored but never echoed on the stream.
  const stored = (await server.json('GET', `${CONVERSATIONS}/${conversation.id}/messages`)).body;
  assert.equal(stored.has_more, false);
  assert.deepEqual(
    stored.data.map((/** @type {{role: string}} */ m) => m.role),
    ['user', 'agent'],
  );
  assert.deepEqual(stored.data[1], message);
  assert.ok(!events.some((e) => JSON.stringify(e.data).includes('"role":"user"')));
});

test('`: ping` comments keep an agents stream alive', async (t) => {
  const server = await startTestServer({ rate: 4, keepaliveMs: 60 });
  t.after(() => server.close());
  const conversation = await newConversation(server);
  const controller = new AbortController();
  const response = await server.request('POST', `${CONVERSATIONS}/${conversation.id}/stream`, { body: { content: 'hello' }, signal: controller.signal });
  const raw = await readRaw(response, { controller, stopWhen: (text) => text.includes(': ping\r\n\r\n') });
  assert.match(raw, /\r\n\r\n: ping\r\n\r\n/);
});

test('409 conflict while a run is active; the synchronous send answers every message', async (t) => {
  const server = await startTestServer({ rate: 150 });
  t.after(() => server.close());
  const conversation = await newConversation(server, 'Busy');
  const running = await server.request('POST', `${CONVERSATIONS}/${conversation.id}/stream`, { body: { content: 'hello' } });
  const conflict = await server.json('POST', `${CONVERSATIONS}/${conversation.id}/messages`, { body: { content: 'me too' } });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.body.error.code, 'conflict');
  await readRaw(running);

  const sync = await server.json('POST', `${CONVERSATIONS}/${conversation.id}/messages`, { body: { content: 'and now?' } });
  assert.equal(sync.status, 200);
  assert.deepEqual(
    sync.body.data.map((/** @type {{role: string}} */ m) => m.role),
    ['user', 'agent', 'user', 'agent'],
  );
  assert.equal(sync.body.data.at(-1).complete, true);
  const list = (await server.json('GET', CONVERSATIONS)).body.data;
  assert.equal(list.find((/** @type {{id: string}} */ c) => c.id === conversation.id).name, 'Busy', 'a chosen name is kept');
});

test('a dropped agents stream does not stop the run: the reply is stored', async (t) => {
  const server = await startTestServer({ rate: 200 });
  t.after(() => server.close());
  const conversation = await newConversation(server);
  const controller = new AbortController();
  const response = await server.request('POST', `${CONVERSATIONS}/${conversation.id}/stream`, { body: { content: 'hello' }, signal: controller.signal });
  await readRaw(response, { controller, stopWhen: (text) => text.includes('message_content') });
  for (let attempt = 0; attempt < 100; attempt++) {
    const messages = (await server.json('GET', `${CONVERSATIONS}/${conversation.id}/messages`)).body.data;
    if (messages.length === 2) {
      assert.equal(messages[1].complete, true);
      assert.match(messages[1].content[0].text, /```/);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail('the reply was never stored');
});

test('a failing run sends agent_error, then agent_finished', async () => {
  const conversation = await newConversation(server);
  const response = await server.request('POST', `${CONVERSATIONS}/${conversation.id}/stream`, { body: { content: 'please fail' } });
  const types = parseFrames(await readRaw(response), '\r\n').events.map((e) => e.data.event_type ?? e.event);
  assert.deepEqual(types.slice(-2), ['agent_error', 'agent_finished']);
  assert.ok(!types.includes('message_end'));
});

test('conversations page with next tokens; delete answers the deleted conversation', async () => {
  for (const name of ['a', 'b', 'c']) await newConversation(server, name);
  const first = (await server.json('GET', `${CONVERSATIONS}?limit=2`)).body;
  assert.equal(first.data.length, 2);
  assert.equal(first.has_more, true);
  assert.equal(typeof first.next, 'string');
  const rest = (await server.json('GET', `${CONVERSATIONS}?limit=2&next=${encodeURIComponent(first.next)}`)).body;
  const seen = [...first.data, ...rest.data];
  assert.ok(rest.data.length >= 1);
  assert.equal(new Set(seen.map((c) => c.id)).size, seen.length);

  const badToken = await server.json('GET', `${CONVERSATIONS}?next=garbage`);
  assert.equal(badToken.status, 400);
  assert.equal(badToken.body.error.code, 'bad_request');

  const victim = first.data[0];
  const deleted = await server.json('DELETE', `${CONVERSATIONS}/${victim.id}`);
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.body, victim);
  assert.equal((await server.json('GET', `${CONVERSATIONS}/${victim.id}/messages`)).status, 404);

  const empty = await server.json('POST', `${CONVERSATIONS}/${first.data[1].id}/stream`, { body: { content: '' } });
  assert.equal(empty.status, 400);
  assert.match(empty.body.error.message, /^content/);
});
