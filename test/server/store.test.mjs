// State in the data directory: it survives a restart (even one in the middle of a stream), a line torn by a
// kill is ignored, and seeding happens once and the same way for the same seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AGENTS, PROJECT, createBody, readRaw, startTestServer } from './harness.mjs';

test('a restart keeps conversations, messages and queues; seeding happens once', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const id = randomUUID();
  await readRaw(await server.request('POST', `${PROJECT}/conversations/`, { body: createBody(id, 'Remember me') }));
  await server.json('POST', `${PROJECT}/conversations/${id}/queue/`, { body: { content: 'later' } });
  const agents = (await server.json('POST', `${AGENTS}/conversations`, { body: { name: 'Kept' } })).body;
  const before = (await server.json('GET', `${PROJECT}/conversations/`)).body;

  await server.restart();

  const after = (await server.json('GET', `${PROJECT}/conversations/`)).body;
  assert.deepEqual(after, before, 'same conversations, no second seeding');
  const kept = (await server.json('GET', `${PROJECT}/conversations/${id}/`)).body;
  assert.equal(kept.messages[0].content, 'Remember me');
  assert.equal((await server.json('GET', `${PROJECT}/conversations/${id}/queue/`)).body.messages[0].content, 'later');
  const agentsList = (await server.json('GET', `${AGENTS}/conversations`)).body.data;
  assert.ok(agentsList.some((/** @type {{id: string}} */ c) => c.id === agents.id));
});

test('a restart mid-stream ends the stream promptly and leaves the conversation idle', async (t) => {
  const server = await startTestServer({ rate: 50 });
  t.after(() => server.close());
  const id = randomUUID();
  const response = await server.request('POST', `${PROJECT}/conversations/`, { body: createBody(id, 'long report please') });
  const reading = readRaw(response).catch(() => 'cut');
  await new Promise((resolve) => setTimeout(resolve, 150));
  const started = Date.now();
  await server.restart();
  await reading;
  assert.ok(Date.now() - started < 2000, 'close() does not wait for the run');
  const after = (await server.json('GET', `${PROJECT}/conversations/${id}/`)).body;
  assert.equal(after.status, 'idle');
  assert.equal(after.messages[0].type, 'human');
});

test('a torn last journal line is ignored on load', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const id = randomUUID();
  await readRaw(await server.request('POST', `${PROJECT}/conversations/`, { body: createBody(id, 'Before the crash') }));
  await server.server.close();
  const journal = path.join(server.dataDir, 'journal.jsonl');
  fs.appendFileSync(journal, '{"c":"posthog-conversations","k":"half-writ');

  await server.restart();
  const kept = await server.json('GET', `${PROJECT}/conversations/${id}/`);
  assert.equal(kept.status, 200);
  assert.equal(kept.body.title, 'Before the crash');
  assert.ok(!fs.readFileSync(journal, 'utf8').includes('half-writ'), 'compaction drops the torn line');
});

test('the same seed seeds the same demo conversations', async (t) => {
  const one = await startTestServer({ seed: 7 });
  const two = await startTestServer({ seed: 7 });
  const other = await startTestServer({ seed: 8 });
  t.after(() => Promise.all([one.close(), two.close(), other.close()]));
  /** @param {import('./harness.mjs').TestServer} server */
  const snapshot = async (server) => {
    const list = (await server.json('GET', `${PROJECT}/conversations/`)).body.results;
    const details = await Promise.all(list.map((/** @type {{id: string}} */ c) => server.json('GET', `${PROJECT}/conversations/${c.id}/`)));
    const agents = (await server.json('GET', `${AGENTS}/conversations`)).body.data;
    return {
      posthog: details.map(({ body }) => [body.id, body.title, body.messages.map((/** @type {{type: string, content?: string}} */ m) => [m.type, m.content])]),
      agents,
    };
  };
  const first = await snapshot(one);
  assert.ok(first.posthog.length >= 3);
  assert.ok(first.agents.length >= 2);
  assert.deepEqual(await snapshot(two), first);
  assert.notDeepEqual((await snapshot(other)).posthog, first.posthog);
});
