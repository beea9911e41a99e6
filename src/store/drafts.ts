/**
 * Per-conversation drafts in IndexedDB (idb-keyval, its own database and store), with an in-memory fallback.
 *
 * Storage fails in ordinary ways: private modes without IndexedDB, a blocked upgrade in another tab, Safari
 * closing the connection under us, a full quota. None of them may cost the person what they typed, so every
 * draft is kept in memory first and written through to IndexedDB; when a write fails the store reports
 * `persistent: false` (the element then says drafts will not survive a reload) and keeps trying on later
 * writes, so it recovers by itself when storage comes back.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';

/** What is stored under each key. `version` lets a later schema migrate old records. */
interface DraftRecord {
  version: 1;
  text: string;
  savedAt: number;
}

export interface DraftStoreOptions {
  /** Defaults to `convo-elements-drafts`; tests pass their own so each gets a fresh database. */
  databaseName?: string;
  storeName?: string;
}

export interface DraftStore {
  /** `false` after a write or read failed and until one succeeds again. */
  readonly persistent: boolean;
  /** The saved draft of `key`, or `''`. Never throws. */
  load(key: string): Promise<string>;
  /** Saves (or, for `''`, removes) the draft of `key`. Never throws; see `persistent`. */
  save(key: string, text: string): Promise<void>;
  /** Calls `listener` whenever `persistent` changes; answers the unsubscribe function. */
  onPersistenceChange(listener: (persistent: boolean) => void): () => void;
}

/**
 * The database is named apart from the outbox's on purpose: idb-keyval creates its object store only when
 * it creates the database, so two stores cannot share one database name.
 */
export const DEFAULT_DRAFTS_DATABASE = 'convo-elements-drafts';
export const DEFAULT_DRAFTS_STORE = 'drafts';

/** Safari sometimes hands out a connection that is already closing; one fresh attempt is worth it. */
function isClosingConnection(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'InvalidStateError';
}

class IndexedDbDraftStore implements DraftStore {
  private readonly memory = new Map<string, string>();
  private readonly listeners = new Set<(persistent: boolean) => void>();
  private readonly options: Required<DraftStoreOptions>;
  private database: UseStore | undefined;
  private persistentNow = true;

  constructor(options: DraftStoreOptions) {
    this.options = {
      databaseName: options.databaseName ?? DEFAULT_DRAFTS_DATABASE,
      storeName: options.storeName ?? DEFAULT_DRAFTS_STORE,
    };
  }

  get persistent(): boolean {
    return this.persistentNow;
  }

  async load(key: string): Promise<string> {
    const remembered = this.memory.get(key);
    if (remembered !== undefined) return remembered;
    try {
      const record = await this.withDatabase((database) => get<DraftRecord>(key, database));
      this.setPersistent(true);
      return typeof record?.text === 'string' ? record.text : '';
    } catch {
      this.setPersistent(false);
      return '';
    }
  }

  async save(key: string, text: string): Promise<void> {
    if (text === '') this.memory.delete(key);
    else this.memory.set(key, text);
    try {
      await this.withDatabase((database) =>
        text === '' ? del(key, database) : set(key, { version: 1, text, savedAt: Date.now() } satisfies DraftRecord, database),
      );
      // Once IndexedDB holds it, memory must not shadow a newer draft written by another tab.
      if (this.memory.get(key) === text) this.memory.delete(key);
      this.setPersistent(true);
    } catch {
      this.setPersistent(false);
    }
  }

  onPersistenceChange(listener: (persistent: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async withDatabase<T>(operation: (database: UseStore) => Promise<T>): Promise<T> {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
    this.database ??= createStore(this.options.databaseName, this.options.storeName);
    try {
      return await operation(this.database);
    } catch (error) {
      if (!isClosingConnection(error)) throw error;
      this.database = createStore(this.options.databaseName, this.options.storeName);
      return operation(this.database);
    }
  }

  private setPersistent(persistent: boolean): void {
    if (persistent === this.persistentNow) return;
    this.persistentNow = persistent;
    for (const listener of this.listeners) listener(persistent);
  }
}

export function createDraftStore(options: DraftStoreOptions = {}): DraftStore {
  return new IndexedDbDraftStore(options);
}
