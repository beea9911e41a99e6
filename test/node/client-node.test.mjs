// The built client in plain Node 20, imported by its package name, against the reference server running in
// this process: proof that `convo-elements/client` needs no DOM and no Lit. Needs `npm run build` first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, ConvoApiError, ConvoUnsupportedError } from 'convo-elements/client';
import { startServer } from '../../demo/server/index.mjs';

let server;
let dataDir;

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'convo-node-client-'));
  server = await startServer({ port: 0, dataDir, rate: 0 });
});

after(async () => {
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Folds the events into the final text of the last assistant message, as a renderer would. */
function replyText(events) {
  const messages = new Map();
  for (const event of events) {
    if (event.type === 'message-started' || event.type === 'message-replaced') messages.set(event.message.id, structuredClone(event.message));
    if (event.type === 'text-appended') messages.get(event.messageId).parts[event.partIndex].text += event.text;
    if (event.type === 'message-completed') {
      if (event.replacesId) messages.delete(event.replacesId);
      messages.set(event.message.id, event.message);
    }
  }
  const replies = [...messages.values()].filter((message) => message.role === 'assistant' && message.parts.some((part) => part.kind === 'text'));
  return replies.at(-1)?.parts.filter((part) => part.kind === 'text').map((part) => part.text).join('') ?? '';
}

async function collect(stream) {
  const events = [];
  for await (const event of stream) events.push(event);
  return events;
}

test('runs without DOM globals', () => {
  assert.equal(typeof globalThis.window, 'undefined');
  assert.equal(typeof globalThis.document, 'undefined');
  assert.equal(typeof globalThis.XMLHttpRequest, 'undefined');
});

test('PostHog dialect: streams a reply into a new conversation', async () => {
  const client = createClient({ dialect: 'posthog', baseUrl: server.url, token: server.token, environmentId: 1 });
  const { id } = await client.conversations.create();
  const events = await collect(client.stream(id, { content: 'Summarise churn for Zürich 🎉' }));
  assert.equal(events[0].type, 'conversation');
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'finished' });
  const text = replyText(events);
  assert.ok(text.length > 200, 'a real reply');
  const stored = await client.conversations.get(id);
  const storedReply = stored.messages.filter((message) => message.role === 'assistant').at(-1);
  assert.equal(storedReply.parts.find((part) => part.kind === 'text').text, text);
});

test('agents dialect: streams a reply, uploads a file without XMLHttpRequest', async () => {
  const client = createClient({ dialect: 'agents', baseUrl: `${server.url}/tenants/demo/api/v2`, token: server.token, agentId: 'demo-agent' });
  const conversation = await client.conversations.create({ title: 'node' });
  const events = await collect(client.stream(conversation.id, { content: 'Walk me through the reconciliation' }));
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'finished' });
  assert.ok(events.some((event) => event.type === 'text-appended'));
  const messages = await client.messages.list(conversation.id);
  assert.equal(messages.items.at(-1).parts.find((part) => part.kind === 'text').text, replyText(events));

  const progress = [];
  const csv = new Blob(['a,b\n1,2\n'], { type: 'text/csv' });
  const stored = await client.files.upload(conversation.id, [new File([csv], 'numbers.csv')], { onProgress: (...report) => progress.push(report) });
  assert.equal(stored[0].file_ref, 'numbers.csv');
  assert.deepEqual(progress, [[0, 0, 8], [0, 8, 8]]);
  assert.equal(await (await client.files.download(conversation.id, 'numbers.csv')).text(), 'a,b\n1,2\n');
});

test('typed errors', async () => {
  const client = createClient({ dialect: 'agents', baseUrl: `${server.url}/tenants/demo/api/v2`, token: 'wrong', agentId: 'demo-agent' });
  await assert.rejects(client.conversations.list(), (error) => error instanceof ConvoApiError && error.status === 401);
  await assert.rejects(client.tickets.list(), (error) => error instanceof ConvoUnsupportedError);
});
