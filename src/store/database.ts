/**
 * The outbox's IndexedDB database: a versioned schema, its migrations, and a connection that survives the
 * ways browsers break storage.
 *
 * Records are read and written with idb-keyval over stores this module opens itself. idb-keyval's own
 * `createStore` cannot serve here: it opens without a version (so there is no schema to migrate), waits
 * forever when another tab blocks an upgrade, and keeps its connection open when a newer tab needs to
 * upgrade, which blocks that tab in turn.
 *
 * The schema version is the database's IndexedDB version, so the browser itself records it and runs each
 * migration exactly once, atomically, inside the upgrade transaction; a tab running older code learns of
 * the upgrade (`versionchange`), closes its connection and reports `version-changed` rather than writing
 * records it no longer understands.
 *
 * Failure handling:
 * - no IndexedDB, or `open` throwing (private modes) → `StorageFailure('unavailable')`;
 * - an upgrade blocked by another tab → `StorageFailure('blocked')` for every call while it waits; the open
 *   stays pending and, once the other tab lets go, `onAvailable` listeners hear of it;
 * - "the database connection is closing" (Safari) → one fresh connection and one more try;
 * - quota and other errors reach the caller as they are (see `storageFailureReason`).
 */
import { entries, get, update, type UseStore } from 'idb-keyval';
import type { OutboxBackend, OutboxEntry } from './outbox-entry.js';
import { StorageFailure, isClosingConnectionError } from './storage-health.js';

/**
 * Version 2: one record per conversation holding its entries in send order, and a store for tab coordination.
 * Version 3: entries know whether they are follow-ups and which server queue item holds them.
 */
export const OUTBOX_SCHEMA_VERSION = 3;
export const DEFAULT_OUTBOX_DATABASE = 'convo-elements-outbox';

/** Key: conversation id; value: `OutboxEntry[]` in send order. */
export const CONVERSATIONS_STORE = 'conversations';
/** Key: a name (`sender-lease`); value: what the tab coordinator keeps. */
export const META_STORE = 'meta';
/** Version 1's only store: key: entry id; value: `OutboxEntryV1`. */
export const V1_ENTRIES_STORE = 'entries';

/** An entry as schema version 1 stored it, one record per entry, ordered by `createdAt`. */
export interface OutboxEntryV1 {
  id: string;
  conversationId: string;
  content: string;
  idempotencyKey: string;
  traceId: string;
  createdAt: number;
  state: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  error?: string;
}

/**
 * Version 1 ordered entries by `createdAt` across separate records, so two messages sent within one
 * millisecond could swap places, and appending from two tabs was two unrelated writes. Version 2 keeps a
 * conversation's entries in one record, so order is explicit and every change is one atomic
 * read-modify-write. An entry that was mid-send or had been tried is marked uncertain: the server may
 * already have it, and it is checked before being sent again.
 */
function entryFromV1(old: OutboxEntryV1): OutboxEntry {
  const tried = old.attempts > 0 || old.state === 'sending';
  return {
    id: old.id,
    conversationId: old.conversationId,
    content: old.content,
    idempotencyKey: old.idempotencyKey,
    traceId: old.traceId,
    createdAt: old.createdAt,
    createdBy: '',
    revision: 0,
    state: old.state === 'sending' ? 'queued' : old.state,
    attempts: old.attempts,
    failures: 0,
    statusFailures: 0,
    deliveryUncertain: tried && old.state !== 'sent',
    deliveryBaseline: null,
    nextAttemptAt: null,
    attempt: null,
    failure: old.state === 'failed' ? { status: undefined, code: 'failed', message: old.error ?? '' } : null,
    sentAt: old.state === 'sent' ? old.createdAt : null,
    followUp: false,
    serverQueueId: null,
  };
}

/** An entry as schema version 2 stored it: no follow-ups yet (those lived in memory only). */
export type OutboxEntryV2 = Omit<OutboxEntry, 'followUp' | 'serverQueueId'>;

function entryFromV2(old: OutboxEntryV2): OutboxEntry {
  return { ...old, followUp: false, serverQueueId: null };
}

type Migration = (database: IDBDatabase, transaction: IDBTransaction) => void;

function groupV1Entries(records: OutboxEntryV1[]): Map<string, OutboxEntry[]> {
  const byConversation = new Map<string, OutboxEntry[]>();
  const ordered = [...records].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const record of ordered) {
    const list = byConversation.get(record.conversationId) ?? [];
    list.push(entryFromV1(record));
    byConversation.set(record.conversationId, list);
  }
  return byConversation;
}

/** `MIGRATIONS[n]` brings a database at version n − 1 to version n; they run in order inside the upgrade. */
const MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: (database) => {
    database.createObjectStore(V1_ENTRIES_STORE);
  },
  2: (database, transaction) => {
    const conversations = database.createObjectStore(CONVERSATIONS_STORE);
    database.createObjectStore(META_STORE);
    const read = transaction.objectStore(V1_ENTRIES_STORE).getAll();
    read.onsuccess = () => {
      for (const [conversationId, list] of groupV1Entries(read.result as OutboxEntryV1[])) conversations.put(list, conversationId);
      database.deleteObjectStore(V1_ENTRIES_STORE);
    };
  },
  3: (_database, transaction) => {
    const conversations = transaction.objectStore(CONVERSATIONS_STORE);
    const cursor = conversations.openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) return;
      at.update((at.value as OutboxEntryV2[]).map(entryFromV2));
      at.continue();
    };
  },
};

function migrate(database: IDBDatabase, transaction: IDBTransaction, fromVersion: number): void {
  for (let version = fromVersion + 1; version <= OUTBOX_SCHEMA_VERSION; version += 1) {
    const migration = MIGRATIONS[version];
    if (!migration) throw new Error(`No outbox migration to version ${version}`);
    migration(database, transaction);
  }
}

export interface OutboxDatabaseOptions {
  /** Defaults to `convo-elements-outbox`; tests pass their own so each gets a fresh database. */
  name?: string;
  /** Defaults to `globalThis.indexedDB`; `null` behaves as a browser without IndexedDB. */
  factory?: IDBFactory | null;
  /** How long an open may stay silent before calls fail as `unavailable` (default 5 s; it keeps waiting). */
  openTimeoutMs?: number;
}

/** An open that has not finished; `stalled` is set once callers stop waiting for it (blocked, timed out). */
interface PendingOpen {
  readonly connection: Promise<IDBDatabase>;
  readonly stalledSignal: Promise<never>;
  stalled: StorageFailure | undefined;
}

export class OutboxDatabase implements OutboxBackend {
  readonly name: string;
  /** idb-keyval stores over this database's connection. */
  readonly conversations: UseStore;
  readonly meta: UseStore;
  private readonly factory: IDBFactory | null;
  private readonly openTimeoutMs: number;
  private connection: IDBDatabase | undefined;
  private opening: PendingOpen | undefined;
  private closed = false;
  private readonly availableListeners = new Set<() => void>();

  constructor(options: OutboxDatabaseOptions = {}) {
    this.name = options.name ?? DEFAULT_OUTBOX_DATABASE;
    this.factory = options.factory === undefined ? (globalThis.indexedDB ?? null) : options.factory;
    this.openTimeoutMs = options.openTimeoutMs ?? 5000;
    this.conversations = this.useStore(CONVERSATIONS_STORE);
    this.meta = this.useStore(META_STORE);
  }

  async readAll(): Promise<Map<string, OutboxEntry[]>> {
    const records = await entries<string, OutboxEntry[]>(this.conversations);
    return new Map(records.filter(([, list]) => list.length > 0));
  }

  async update(conversationId: string, change: (entries: readonly OutboxEntry[]) => readonly OutboxEntry[]): Promise<readonly OutboxEntry[]> {
    let written: readonly OutboxEntry[] = [];
    await update<OutboxEntry[]>(
      conversationId,
      (current) => {
        written = change(current ?? []);
        return [...written];
      },
      this.conversations,
    );
    return written;
  }

  /** Atomic read-modify-write of one `meta` record. */
  async updateMeta<T>(key: string, change: (current: T | undefined) => T): Promise<T> {
    let written: T | undefined;
    await update<T>(
      key,
      (current) => {
        written = change(current);
        return written;
      },
      this.meta,
    );
    return written as T;
  }

  async readMeta<T>(key: string): Promise<T | undefined> {
    return get<T>(key, this.meta);
  }

  async probe(): Promise<void> {
    await this.readMeta('probe');
  }

  onAvailable(listener: () => void): () => void {
    this.availableListeners.add(listener);
    return () => this.availableListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.connection?.close();
    this.connection = undefined;
  }

  private useStore(storeName: string): UseStore {
    return (mode, callback) => this.withConnection((database) => callback(database.transaction(storeName, mode).objectStore(storeName)));
  }

  private async withConnection<T>(operation: (database: IDBDatabase) => T | PromiseLike<T>): Promise<T> {
    const database = await this.connect();
    try {
      return await operation(database);
    } catch (error) {
      if (!isClosingConnectionError(error)) throw error;
      this.forget(database);
      return operation(await this.connect());
    }
  }

  private connect(): Promise<IDBDatabase> {
    if (this.closed) return Promise.reject(new StorageFailure('unavailable', 'The outbox database was closed'));
    if (this.connection) return Promise.resolve(this.connection);
    this.opening ??= this.open();
    const opening = this.opening;
    if (opening.stalled) return Promise.reject(opening.stalled);
    return Promise.race([opening.connection, opening.stalledSignal]);
  }

  private open(): PendingOpen {
    let stall: (failure: StorageFailure) => void = () => {};
    const stalledSignal = new Promise<never>((_, reject) => {
      stall = reject;
    });
    stalledSignal.catch(() => {});
    const pending: PendingOpen = {
      stalledSignal,
      stalled: undefined,
      connection: new Promise<IDBDatabase>((resolve, reject) => {
        if (!this.factory) {
          reject(new StorageFailure('unavailable', 'IndexedDB is not available in this browser'));
          return;
        }
        let request: IDBOpenDBRequest;
        try {
          request = this.factory.open(this.name, OUTBOX_SCHEMA_VERSION);
        } catch (error) {
          reject(new StorageFailure('unavailable', 'IndexedDB refused to open', { cause: error }));
          return;
        }
        const markStalled = (failure: StorageFailure) => {
          pending.stalled ??= failure;
          stall(failure);
        };
        const timer = setTimeout(
          () => markStalled(new StorageFailure('unavailable', `IndexedDB did not open within ${this.openTimeoutMs} ms`)),
          this.openTimeoutMs,
        );
        request.onupgradeneeded = (event) => {
          if (request.transaction) migrate(request.result, request.transaction, event.oldVersion);
        };
        request.onblocked = () => markStalled(new StorageFailure('blocked', 'Another tab keeps an older version of the outbox open'));
        request.onerror = () => {
          clearTimeout(timer);
          reject(request.error);
        };
        request.onsuccess = () => {
          clearTimeout(timer);
          resolve(request.result);
        };
      }),
    };
    pending.connection.then(
      (database) => this.adopt(database, pending),
      () => {
        if (this.opening === pending) this.opening = undefined;
      },
    );
    return pending;
  }

  private adopt(database: IDBDatabase, pending: PendingOpen): void {
    if (this.opening === pending) this.opening = undefined;
    if (this.closed) {
      database.close();
      return;
    }
    // A newer tab needs to upgrade: let it, and fail our next open with `version-changed` (VersionError).
    database.onversionchange = () => this.forget(database);
    database.onclose = () => this.forget(database);
    this.connection = database;
    if (pending.stalled) for (const listener of [...this.availableListeners]) listener();
  }

  private forget(database: IDBDatabase): void {
    database.close();
    if (this.connection === database) this.connection = undefined;
  }
}
