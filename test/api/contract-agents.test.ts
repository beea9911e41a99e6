import { expect } from '@open-wc/testing';
import { createClient, type ConvoClient } from '../../src/api/client.js';
import { ConvoApiError, ConvoUnsupportedError } from '../../src/api/errors.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { collect, rejection } from './contract-helpers.js';
import { textOf, transcriptOf } from './stream-fixtures.js';

describe('contract: agents dialect', () => {
  let server: ReferenceServer;
  let client: ConvoClient;

  before(async () => {
    server = await startReferenceServer();
    client = createClient({ dialect: 'agents', baseUrl: server.agentsBaseUrl, token: server.token, agentId: 'demo-agent' });
  });
  after(() => server.stop());

  it('creates, lists, streams into, reads and deletes a conversation', async () => {
    const created = await client.conversations.create({ title: 'Q4 planning' });
    expect(created.title).to.equal('Q4 planning');
    const listed: string[] = [];
    for await (const conversation of client.conversations.listAll({ pageSize: 1 })) listed.push(conversation.id);
    expect(listed).to.include(created.id);

    const events = await collect(client.stream(created.id, { content: 'Walk me through the reconciliation 🎉' }));
    expect(events[0]!.type).to.equal('message-started');
    expect(events.filter((event) => event.type === 'text-appended').length).to.be.greaterThan(10);
    expect(events[events.length - 1]).to.deep.equal({ type: 'done', reason: 'finished' });
    const completed = events.find((event) => event.type === 'message-completed');
    if (!completed || completed.type !== 'message-completed') throw new Error('no completed message');
    const streamed = transcriptOf(events).get(completed.message.id);

    const read = await client.conversations.get(created.id);
    expect(read.title).to.equal('Q4 planning');
    expect(read.messages!.map((message) => message.role)).to.deep.equal(['user', 'assistant']);
    expect(textOf(read.messages![1])).to.equal(textOf(streamed));
    expect(textOf(read.messages![0])).to.equal('Walk me through the reconciliation 🎉');

    const page = await client.messages.list(created.id, { limit: 1 });
    expect(page.items).to.have.length(1);
    expect(page.next).to.be.a('string');
    const second = await client.messages.list(created.id, { limit: 1, cursor: page.next });
    expect(second.items[0]!.id).to.equal(read.messages![1]!.id);

    await client.conversations.delete(created.id);
    const missing = (await rejection(client.messages.list(created.id))) as ConvoApiError;
    expect(missing.status).to.equal(404);
    expect(missing.code).to.equal('not_found');
  });

  it('a send whose answer was lost is not sent again: the retry finds the stored message and replays the reply', async () => {
    const sends: unknown[] = [];
    let dropNext = true;
    // Like the real agents server (no Idempotency-Key support), and the first send's answer is lost.
    const losingFetch: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      const isSend = init?.method === 'POST' && String(input).endsWith('/stream');
      if (isSend) {
        sends.push(JSON.parse(String(init?.body)).content);
        headers.delete('Idempotency-Key');
      }
      const response = await fetch(input, { ...init, headers });
      if (isSend && dropNext) {
        dropNext = false;
        // Let the run finish (it goes on without the connection), then lose the answer.
        await response.text();
        throw new TypeError('Failed to fetch');
      }
      return response;
    };
    const losing = createClient({ dialect: 'agents', baseUrl: server.agentsBaseUrl, token: server.token, agentId: 'demo-agent', fetch: losingFetch });
    const created = await losing.conversations.create({ title: 'lost answer' });
    const events = await collect(losing.stream(created.id, { content: 'Summarise the invoices' }));
    expect(sends).to.deep.equal(['Summarise the invoices']);
    expect(events.map((event) => event.type)).to.deep.equal(['message-completed', 'done']);
    expect(events[1]).to.deep.equal({ type: 'done', reason: 'finished' });
    const stored = await client.conversations.get(created.id);
    expect(stored.messages!.map((message) => message.role)).to.deep.equal(['user', 'assistant']);
    const replayed = events[0]!.type === 'message-completed' ? events[0]!.message : undefined;
    expect(textOf(replayed)).to.equal(textOf(stored.messages![1]));
  });

  it('sends a message synchronously', async () => {
    const created = await client.conversations.create({ title: 'sync' });
    const messages = await client.messages.send(created.id, 'quick question about sign-ups');
    expect(messages.map((message) => message.role)).to.deep.equal(['user', 'assistant']);
    expect(textOf(messages[1]).length).to.be.greaterThan(20);
  });

  it('re-attaching reads the stored messages back as completed events', async () => {
    const created = await client.conversations.create({ title: 'reattach' });
    await collect(client.stream(created.id, { content: 'hello' }));
    const events = await collect(client.reattach(created.id));
    expect(events.map((event) => event.type)).to.deep.equal(['message-completed', 'message-completed', 'done']);
  });

  it('uploads files with per-file progress, lists and downloads them; a CSV becomes a data frame', async () => {
    const created = await client.conversations.create({ title: 'files' });
    const csv = new File(['city,visits\nZürich,12\n東京,30\n'], 'visits.csv', { type: 'text/csv' });
    const note = new File(['x'.repeat(200_000)], 'note.txt', { type: 'text/plain' });
    const progress: Array<[number, number, number]> = [];
    const stored = await client.files.upload(created.id, [csv, note], { onProgress: (index, loaded, total) => progress.push([index, loaded, total]) });
    expect(stored.map((file) => file.file_ref)).to.deep.equal(['visits.csv', 'note.txt']);
    for (const [index, file] of [csv, note].entries()) {
      const own = progress.filter(([at]) => at === index);
      expect(own[0]).to.deep.equal([index, 0, file.size]);
      expect(own[own.length - 1]).to.deep.equal([index, file.size, file.size]);
      own.forEach(([, loaded], at) => at > 0 && expect(loaded).to.be.at.least(own[at - 1]![1]));
    }
    expect(progress.findIndex(([index]) => index === 1)).to.be.greaterThan(progress.findLastIndex(([index]) => index === 0));

    const files = await client.files.list(created.id);
    expect(files.map((file) => file.file_ref)).to.include.members(['visits.csv', 'note.txt']);
    const bytes = await client.files.download(created.id, 'visits.csv');
    expect(await bytes.text()).to.equal('city,visits\nZürich,12\n東京,30\n');

    const frames = await client.dataFrames.list(created.id, { numSamples: 2 });
    const visits = frames.find((frame) => frame.column_headers.join() === 'city,visits');
    if (!visits) throw new Error(`no frame from the CSV among ${frames.map((frame) => frame.name).join(', ')}`);
    expect(visits.num_rows).to.equal(2);
    const rows = await client.dataFrames.slice(created.id, visits.name, { orderBy: '-visits', columns: ['city'] });
    expect(rows).to.deep.equal([{ city: '東京' }, { city: 'Zürich' }]);
  });

  it('slices the built-in data frame, and answers 400 for a bad slice', async () => {
    const created = await client.conversations.create({ title: 'frames' });
    const frames = await client.dataFrames.list(created.id);
    const big = frames.find((frame) => frame.num_rows === 1_000_000);
    if (!big) throw new Error('no built-in frame of a million rows');
    const rows = await client.dataFrames.slice(created.id, big.name, { offset: 999_990, limit: 5 });
    expect(rows).to.have.length(5);
    const error = (await rejection(client.dataFrames.slice(created.id, big.name, { offset: -1 }))) as ConvoApiError;
    expect(error.status).to.equal(400);
    expect(error.code).to.equal('bad_request');
  });

  it('aborting an upload rejects with ConvoAbortError', async () => {
    const created = await client.conversations.create({ title: 'abort upload' });
    const controller = new AbortController();
    let sent = 0;
    const upload = client.files.upload(created.id, [new File(['y'.repeat(30_000_000)], 'big.txt')], {
      signal: controller.signal,
      onProgress: (_index, loaded) => {
        sent = loaded;
        // Abort once the request is under way (the first report comes just before it starts).
        if (loaded === 0) setTimeout(() => controller.abort(), 20);
      },
    });
    expect((await rejection(upload)).kind).to.equal('abort');
    expect(sent).to.be.lessThan(30_000_000);
    expect((await client.files.list(created.id)).map((file) => file.file_ref)).not.to.include('big.txt');
  });

  it('PostHog-only methods reject with ConvoUnsupportedError', async () => {
    for (const call of [() => client.tickets.list(), () => client.queue.list('x'), () => client.conversations.cancel('x'), () => client.views.list(), () => client.comments.list('x')]) {
      const error = await rejection(call());
      expect(error).to.be.instanceOf(ConvoUnsupportedError);
      expect((error as ConvoUnsupportedError).dialect).to.equal('agents');
    }
    expect(() => client.resumeApproval('x', { action: 'approve', proposalId: 'p' })).to.throw(ConvoUnsupportedError);
  });
});
