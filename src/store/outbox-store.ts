/**
 * The outbox's storage as the state machine sees it: IndexedDB while it works, this tab's memory while it
 * does not, and back again when it recovers, without losing an entry either way.
 *
 * When a read or write fails, the last state this tab knew becomes the working copy, the failed change is
 * applied to it, and `health` turns `memory-only` with the reason. Storage is probed again on a timer (and at
 * once when a blocked open goes through); on success every conversation changed meanwhile is merged back
 * into IndexedDB, keeping whatever other tabs wrote there, and `health` turns `durable` again.
 *
 * Entries created while storage failed exist only in this tab: `isShared` tells the state machine so, and
 * this tab sends them itself even when another tab is the sender (no other tab can see them, so no other tab
 * can send them twice).
 */
import type { OutboxBackend, OutboxEntry, OutboxSnapshot, OutboxTimers } from './outbox-entry.js';
import { StorageHealthMonitor } from './storage-health.js';

export interface OutboxStoreOptions {
  backend: OutboxBackend;
  timers: OutboxTimers;
  /** How often failed storage is tried again (default 5 s). */
  recoveryIntervalMs?: number;
  health?: StorageHealthMonitor;
}

type Change = (entries: readonly OutboxEntry[]) => readonly OutboxEntry[];

/** The state further along wins: a message another tab saw delivered stays delivered. */
function furtherAlong(mine: OutboxEntry, theirs: OutboxEntry): OutboxEntry {
  if (theirs.state === 'sent' && mine.state !== 'sent') return theirs;
  return mine;
}

/**
 * What a conversation becomes when memory is written back: this tab's entries (its view is the newest for
 * everything it held), plus entries other tabs added meanwhile, in the order they were created.
 */
export function mergeAfterOutage(stored: readonly OutboxEntry[], mine: readonly OutboxEntry[], knownBeforeOutage: ReadonlySet<string>): OutboxEntry[] {
  const storedById = new Map(stored.map((entry) => [entry.id, entry]));
  const merged = mine.map((entry) => {
    const theirs = storedById.get(entry.id);
    return theirs ? furtherAlong(entry, theirs) : entry;
  });
  const mineIds = new Set(mine.map((entry) => entry.id));
  // An entry this tab knew and no longer holds was removed here on purpose (sent and pruned, or discarded).
  const addedElsewhere = stored.filter((entry) => !mineIds.has(entry.id) && !knownBeforeOutage.has(entry.id));
  return [...merged, ...addedElsewhere].sort((a, b) => a.createdAt - b.createdAt);
}

export class OutboxStore {
  readonly health: StorageHealthMonitor;
  private readonly backend: OutboxBackend;
  private readonly timers: OutboxTimers;
  private readonly recoveryIntervalMs: number;
  /** The newest state this tab knows: what storage answered last, or the working copy while it fails. */
  private known = new Map<string, readonly OutboxEntry[]>();
  private memoryOnly = false;
  /** Entry ids known when storage failed. */
  private knownBeforeOutage = new Set<string>();
  /** Conversations changed while storage failed: written back on recovery. */
  private readonly changedDuringOutage = new Set<string>();
  private recoveryTimer: unknown;
  private recovering: Promise<void> | undefined;
  private readonly recoveredListeners = new Set<() => void>();
  private readonly stopAvailability: () => void;
  private closed = false;

  constructor(options: OutboxStoreOptions) {
    this.backend = options.backend;
    this.timers = options.timers;
    this.recoveryIntervalMs = options.recoveryIntervalMs ?? 5000;
    this.health = options.health ?? new StorageHealthMonitor();
    this.stopAvailability = this.backend.onAvailable(() => void this.recover());
  }

  async load(): Promise<OutboxSnapshot> {
    if (!this.memoryOnly) {
      try {
        this.known = await this.backend.readAll();
        this.health.markDurable();
      } catch (error) {
        this.fallBackToMemory(error);
      }
    }
    return new Map(this.known);
  }

  /** Applies `change` to one conversation's entries atomically; answers the entries as they now are. */
  async update(conversationId: string, change: Change): Promise<readonly OutboxEntry[]> {
    if (!this.memoryOnly) {
      try {
        const written = await this.backend.update(conversationId, change);
        this.remember(conversationId, written);
        return written;
      } catch (error) {
        this.fallBackToMemory(error);
      }
    }
    const written = change(this.known.get(conversationId) ?? []);
    this.remember(conversationId, written);
    this.changedDuringOutage.add(conversationId);
    return written;
  }

  /** False for an entry only this tab holds: it was created while storage failed. */
  isShared(entry: OutboxEntry): boolean {
    return !this.memoryOnly || this.knownBeforeOutage.has(entry.id);
  }

  /** Calls `listener` after memory was written back to storage (other tabs should re-read). */
  onRecovered(listener: () => void): () => void {
    this.recoveredListeners.add(listener);
    return () => this.recoveredListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.timers.clearTimeout(this.recoveryTimer);
    this.stopAvailability();
    this.backend.close();
  }

  private remember(conversationId: string, written: readonly OutboxEntry[]): void {
    if (written.length > 0) this.known.set(conversationId, written);
    else this.known.delete(conversationId);
  }

  private fallBackToMemory(error: unknown): void {
    if (!this.memoryOnly) {
      this.memoryOnly = true;
      this.knownBeforeOutage = new Set([...this.known.values()].flatMap((list) => list.map((entry) => entry.id)));
    }
    this.health.markMemoryOnly(error);
    this.scheduleRecovery();
  }

  private scheduleRecovery(): void {
    if (this.closed) return;
    this.timers.clearTimeout(this.recoveryTimer);
    this.recoveryTimer = this.timers.setTimeout(() => void this.recover(), this.recoveryIntervalMs);
  }

  private recover(): Promise<void> {
    if (!this.memoryOnly || this.closed) return Promise.resolve();
    this.recovering ??= this.writeBack().finally(() => {
      this.recovering = undefined;
    });
    return this.recovering;
  }

  private async writeBack(): Promise<void> {
    try {
      await this.backend.probe();
      // Changes keep landing in memory while this runs; storage takes over only once none is left unwritten.
      for (;;) {
        for (const conversationId of [...this.changedDuringOutage]) {
          this.changedDuringOutage.delete(conversationId);
          try {
            await this.backend.update(conversationId, (stored) => mergeAfterOutage(stored, this.known.get(conversationId) ?? [], this.knownBeforeOutage));
          } catch (error) {
            this.changedDuringOutage.add(conversationId);
            throw error;
          }
        }
        const stored = await this.backend.readAll();
        if (this.changedDuringOutage.size === 0) {
          this.known = stored;
          break;
        }
      }
    } catch (error) {
      this.health.markMemoryOnly(error);
      this.scheduleRecovery();
      return;
    }
    this.memoryOnly = false;
    this.knownBeforeOutage = new Set();
    this.health.markDurable();
    for (const listener of [...this.recoveredListeners]) listener();
  }
}
