/**
 * A synchronous note of each message from the moment send is pressed until its IndexedDB write has
 * committed. IndexedDB writes are asynchronous, and a page that unloads (a reload a few milliseconds after
 * Enter, a closed tab) aborts the transactions it still has open: without this note such a message would
 * be gone. `localStorage` writes are synchronous, so the note exists before the page can go away; the next
 * outbox to start on this origin puts any note it finds back into the outbox.
 *
 * One key per entry, so tabs never overwrite each other's notes. Where `localStorage` is missing or refuses
 * (some private modes, a full quota), the journal does nothing and the outbox works as before.
 */
import type { OutboxEntry } from './outbox-entry.js';

export interface OutboxJournal {
  /** Notes `entry` (synchronously) before its write to storage starts. */
  record(entry: OutboxEntry): void;
  /** Drops the note once the write has committed (or the entry is known to storage). */
  forget(entryId: string): void;
  /** Entries noted and never forgotten: their writes may not have committed. */
  pending(): OutboxEntry[];
}

function isOutboxEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<OutboxEntry>;
  return typeof entry.id === 'string' && typeof entry.conversationId === 'string' && typeof entry.content === 'string' && typeof entry.traceId === 'string';
}

/** The journal in `localStorage`, under keys that start with `prefix` (one outbox database, one prefix). */
export function localStorageJournal(prefix: string, storage: Storage | undefined = globalThis.localStorage): OutboxJournal {
  const keyOf = (entryId: string) => `${prefix}${entryId}`;
  return {
    record(entry) {
      try {
        storage?.setItem(keyOf(entry.id), JSON.stringify(entry));
      } catch {
        // No room or no permission: the IndexedDB write alone has to do.
      }
    },
    forget(entryId) {
      try {
        storage?.removeItem(keyOf(entryId));
      } catch {
        // Nothing to forget where nothing could be noted.
      }
    },
    pending() {
      const entries: OutboxEntry[] = [];
      try {
        for (let index = 0; storage !== undefined && index < storage.length; index += 1) {
          const key = storage.key(index);
          if (key === null || !key.startsWith(prefix)) continue;
          const value: unknown = JSON.parse(storage.getItem(key) ?? 'null');
          if (isOutboxEntry(value)) entries.push(value);
        }
      } catch {
        // An unreadable journal recovers nothing; the outbox itself is untouched.
      }
      return entries;
    },
  };
}
