import { expect } from '@open-wc/testing';
import { CONVERSATIONS_STORE, META_STORE, OUTBOX_SCHEMA_VERSION, OutboxDatabase, V1_ENTRIES_STORE, type OutboxEntryV1, type OutboxEntryV2 } from '../../src/store/database.js';
import { Outbox } from '../../src/store/outbox.js';
import { OutboxStore } from '../../src/store/outbox-store.js';
import { StorageFailure, type StorageHealth } from '../../src/store/storage-health.js';
import { CountingServer, FakeTimers, MemoryBackend, SingleTab, SwitchableNetwork, sequentialIds, storedEntry, uniqueName, until } from './fakes.js';
import type { OutboxEntry } from '../../src/store/outbox-entry.js';

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error);
  });
}

/** A database exactly as schema version 1 left it, written with the raw API. */
async function writeVersion1(name: string, records: OutboxEntryV1[]): Promise<IDBDatabase> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(V1_ENTRIES_STORE);
  const database = await request(open);
  const transaction = database.transaction(V1_ENTRIES_STORE, 'readwrite');
  for (const record of records) transaction.objectStore(V1_ENTRIES_STORE).put(record, record.id);
  await new Promise((resolve) => (transaction.oncomplete = resolve));
  return database;
}

function v1(id: string, conversationId: string, createdAt: number, state: OutboxEntryV1['state'], extra: Partial<OutboxEntryV1> = {}): OutboxEntryV1 {
  return { id, conversationId, content: `text ${id}`, idempotencyKey: `key-${id}`, traceId: `trace-${id}`, createdAt, state, attempts: 0, ...extra };
}

describe('outbox database', () => {
  it('migrates a version 1 database: entries grouped per conversation in send order, unfinished ones marked uncertain', async () => {
    const name = uniqueName('v1');
    const old = await writeVersion1(name, [
      v1('b', 'c1', 200, 'sending', { attempts: 1 }),
      v1('a', 'c1', 100, 'sent', { attempts: 1 }),
      v1('c', 'c1', 300, 'queued'),
      v1('d', 'c2', 150, 'failed', { attempts: 1, error: 'Message too long' }),
    ]);
    old.close();

    const database = new OutboxDatabase({ name });
    const all = await database.readAll();
    expect([...all.keys()].sort()).to.deep.equal(['c1', 'c2']);
    expect(all.get('c1')!.map((entry) => [entry.id, entry.state, entry.deliveryUncertain])).to.deep.equal([
      ['a', 'sent', false],
      ['b', 'queued', true],
      ['c', 'queued', false],
    ]);
    const failed = all.get('c2')![0];
    expect(failed.failure).to.deep.equal({ status: undefined, code: 'failed', message: 'Message too long' });
    expect(failed.traceId).to.equal('trace-d');
    database.close();

    const raw = await request(indexedDB.open(name));
    expect(raw.version).to.equal(OUTBOX_SCHEMA_VERSION);
    expect([...raw.objectStoreNames]).to.include(CONVERSATIONS_STORE).and.not.include(V1_ENTRIES_STORE);
    raw.close();
  });

  it('migrates a version 2 database: every entry becomes a plain message (not a follow-up, in no server queue)', async () => {
    const name = uniqueName('v2');
    const open = indexedDB.open(name, 2);
    open.onupgradeneeded = () => {
      open.result.createObjectStore(CONVERSATIONS_STORE);
      open.result.createObjectStore(META_STORE);
    };
    const old = await request(open);
    const { followUp: _followUp, serverQueueId: _serverQueueId, ...stored }: OutboxEntryV2 & Partial<OutboxEntry> = storedEntry({ id: 'a', content: 'typed under version 2', revision: 4 });
    const transaction = old.transaction(CONVERSATIONS_STORE, 'readwrite');
    transaction.objectStore(CONVERSATIONS_STORE).put([stored], 'c1');
    await new Promise((resolve) => (transaction.oncomplete = resolve));
    old.close();

    const database = new OutboxDatabase({ name });
    const all = await database.readAll();
    expect(all.get('c1')).to.deep.equal([{ ...stored, followUp: false, serverQueueId: null }]);
    database.close();
  });

  it('updates a conversation atomically and reads it back', async () => {
    const database = new OutboxDatabase({ name: uniqueName('fresh') });
    const written = await database.update('c1', (entries) => [...entries, { ...(entries[0] ?? ({} as never)), id: 'x' }]);
    expect(written.map((entry) => entry.id)).to.deep.equal(['x']);
    expect((await database.readAll()).get('c1')!.map((entry) => entry.id)).to.deep.equal(['x']);
    database.close();
  });

  it('without IndexedDB (private modes), or when opening throws, reports unavailable', async () => {
    const missing = new OutboxDatabase({ name: uniqueName('none'), factory: null });
    const error = await missing.probe().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).to.be.instanceOf(StorageFailure);
    expect((error as StorageFailure).reason).to.equal('unavailable');

    const throwing = new OutboxDatabase({
      name: uniqueName('throws'),
      factory: {
        open() {
          throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
        },
      } as unknown as IDBFactory,
    });
    const thrown = await throwing.probe().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect((thrown as StorageFailure).reason).to.equal('unavailable');
  });

  it('reopens once when the connection is closing (Safari)', async () => {
    const name = uniqueName('closing');
    let opens = 0;
    const closingOnce = {
      open(databaseName: string, version?: number) {
        const opened = indexedDB.open(databaseName, version);
        opens += 1;
        // The first connection is already closing when it is handed out.
        if (opens === 1) opened.addEventListener('success', () => opened.result.close());
        return opened;
      },
    } as unknown as IDBFactory;
    const database = new OutboxDatabase({ name, factory: closingOnce });
    expect((await database.readAll()).size).to.equal(0);
    expect(opens).to.equal(2);
    database.close();
  });

  it('an upgrade blocked by another tab runs in memory, then recovers and keeps what was written meanwhile', async () => {
    const name = uniqueName('blocked');
    const otherTab = await writeVersion1(name, []);
    // The other tab runs old code: it ignores `versionchange`, so our upgrade stays blocked.
    otherTab.onversionchange = null;
    const timers = new FakeTimers();
    const store = new OutboxStore({ backend: new OutboxDatabase({ name }), timers });
    const seen: StorageHealth[] = [];
    store.health.subscribe((health) => seen.push(health));
    const outbox = new Outbox({ store, transport: new CountingServer(), election: Object.assign(new SingleTab(), { isSender: false }), connectivity: new SwitchableNetwork(), timers, randomId: sequentialIds() });
    await outbox.start();
    const health = store.health.current;
    expect(health.state === 'memory-only' && health.reason).to.equal('blocked');
    const entry = await outbox.send('c1', 'typed while blocked');
    expect(outbox.entries('c1').map((candidate) => candidate.id)).to.deep.equal([entry.id]);

    otherTab.close();
    await until(() => store.health.durable);
    const check = new OutboxDatabase({ name });
    expect((await check.readAll()).get('c1')!.map((candidate) => candidate.content)).to.deep.equal(['typed while blocked']);
    check.close();
    expect(seen.map((change) => change.state)).to.deep.equal(['memory-only', 'durable']);
    await outbox.stop();
    store.close();
  });

  it('a full quota (as an AbortError) keeps messages in memory and writes them back when space returns', async () => {
    const timers = new FakeTimers();
    const backend = new MemoryBackend();
    const store = new OutboxStore({ backend, timers, recoveryIntervalMs: 5000 });
    const server = new CountingServer();
    const network = new SwitchableNetwork();
    network.online = false;
    const outbox = new Outbox({ store, transport: server, election: new SingleTab(), connectivity: network, timers, randomId: sequentialIds() });
    await outbox.start();
    const before = await outbox.send('c1', 'before');
    backend.failWith = new DOMException('The transaction was aborted: quota exceeded', 'AbortError');
    const during = await outbox.send('c1', 'during');
    const health = store.health.current;
    expect(health.state === 'memory-only' && health.reason).to.equal('quota-exceeded');
    expect(outbox.entries('c1').map((entry) => entry.content)).to.deep.equal(['before', 'during']);
    expect(store.isShared(outbox.entries('c1')[1]), 'only this tab holds it').to.equal(false);

    await timers.advance(5000);
    expect(store.health.durable).to.equal(false);
    backend.failWith = undefined;
    await timers.advance(5000);
    expect(store.health.durable).to.equal(true);
    expect(backend.records.get('c1')!.map((entry) => entry.id)).to.deep.equal([before.id, during.id]);
    network.set(true);
    await timers.advance(0);
    expect(server.received.map((entry) => entry.content)).to.deep.equal(['before', 'during']);
    await outbox.stop();
  });

  it('a tab whose storage failed still sends the messages only it holds, even when it is not the sender', async () => {
    const timers = new FakeTimers();
    const backend = new MemoryBackend();
    backend.failWith = new DOMException('IndexedDB is gone', 'UnknownError');
    const store = new OutboxStore({ backend, timers });
    const server = new CountingServer();
    const election = new SingleTab();
    election.isSender = false;
    const outbox = new Outbox({ store, transport: server, election, connectivity: new SwitchableNetwork(), timers, randomId: sequentialIds() });
    await outbox.start();
    const health = store.health.current;
    expect(health.state === 'memory-only' && health.reason).to.equal('failed');
    const entry = await outbox.send('c1', 'hello');
    await timers.advance(0);
    expect(server.countOf(entry.traceId)).to.equal(1);
    await outbox.stop();
  });

  it('when a newer version upgrades the database, this page lets it and reports version-changed', async () => {
    const name = uniqueName('newer');
    const store = new OutboxStore({ backend: new OutboxDatabase({ name }), timers: new FakeTimers() });
    await store.update('c1', (entries) => entries);
    const newer = indexedDB.open(name, OUTBOX_SCHEMA_VERSION + 1);
    newer.onupgradeneeded = () => newer.result.createObjectStore('from-the-future');
    const newerDatabase = await request(newer);
    await store.load();
    const health = store.health.current;
    expect(health.state === 'memory-only' && health.reason).to.equal('version-changed');
    newerDatabase.close();
    store.close();
  });

  it('an open that never answers fails as unavailable after its timeout', async () => {
    const silent = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const database = new OutboxDatabase({ name: uniqueName('silent'), factory: silent, openTimeoutMs: 50 });
    const failure = await database.probe().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((failure as StorageFailure).reason).to.equal('unavailable');
    expect((failure as StorageFailure).message).to.contain('did not open within 50 ms');
  });
});
