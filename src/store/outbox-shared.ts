/**
 * The outbox as a page uses it: IndexedDB with a memory fallback, the tab coordinator, the browser's
 * connectivity, all wired together. One per page and database name; every `<convo-chat>` on the page can
 * share it (entries are per conversation).
 */
import { DEFAULT_OUTBOX_DATABASE, OutboxDatabase } from './database.js';
import { Outbox, type OutboxTransport } from './outbox.js';
import { browserConnectivity } from './outbox-connectivity.js';
import { localStorageJournal } from './outbox-journal.js';
import type { OutboxRetryOptions } from './outbox-policy.js';
import { browserTimers } from './outbox-entry.js';
import { OutboxStore } from './outbox-store.js';
import type { StorageHealthMonitor } from './storage-health.js';
import { TabCoordinator, databaseLease } from './tab-coordinator.js';

export interface SharedOutboxOptions {
  transport: OutboxTransport;
  /**
   * Defaults to `convo-elements-outbox`. Tabs (and elements) with the same name share one outbox, and the
   * sender among them delivers every entry with its own transport: give each server and account its own
   * name (e.g. derived from the base URL, dialect and environment or agent id).
   */
  databaseName?: string;
  retry?: OutboxRetryOptions;
}

export interface SharedOutbox {
  readonly outbox: Outbox;
  readonly coordinator: TabCoordinator;
  /** `durable` or `memory-only` with the reason: whether unsent messages survive a reload. */
  readonly health: StorageHealthMonitor;
  /** Starts the election and the outbox; resolves once the stored entries are loaded. */
  start(): Promise<void>;
  /** Stops sending (attempts under way are recorded as uncertain), hands the sender role on, closes storage. */
  close(): Promise<void>;
}

export function createSharedOutbox(options: SharedOutboxOptions): SharedOutbox {
  const databaseName = options.databaseName ?? DEFAULT_OUTBOX_DATABASE;
  const database = new OutboxDatabase({ name: databaseName });
  const store = new OutboxStore({ backend: database, timers: browserTimers });
  const coordinator = new TabCoordinator({ name: databaseName, lease: databaseLease(database) });
  const outbox = new Outbox({
    store,
    transport: options.transport,
    election: coordinator,
    connectivity: browserConnectivity(),
    retry: options.retry,
    journal: localStorageJournal(`${databaseName} unsaved `),
  });
  return {
    outbox,
    coordinator,
    health: store.health,
    async start() {
      coordinator.start();
      await outbox.start();
    },
    async close() {
      await outbox.stop();
      await coordinator.stop();
      store.close();
    },
  };
}
