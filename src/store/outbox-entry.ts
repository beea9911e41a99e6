/**
 * The outbox's record of one message the person sent, as stored in IndexedDB, and the small interfaces its
 * modules share. Entries are plain, frozen-by-convention data: every change makes a new object, so a record
 * read from storage can be compared with the one a transition expected.
 */

/**
 * - `queued`: written, waiting for its turn or for a backoff to end (`nextAttemptAt`);
 * - `sending`: a tab is trying it now (`attempt` says which and since when);
 * - `sent`: the server has it; kept briefly so every tab can show the change, then pruned;
 * - `waiting-offline`: the network is down; it goes when the browser is back online (or a probe succeeds);
 * - `failed`: the server refused it for good (`failure` says why); the person edits, retries or discards it.
 *   A failed message holds back the later ones of its conversation: they never overtake it.
 * - `server-queued`: a follow-up the server holds in its own queue (PostHog, `serverQueueId`), to run after
 *   the reply under way; it becomes `sent` once the server's messages show it ran.
 */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'waiting-offline' | 'failed' | 'server-queued';

/** The failure code of a queued follow-up the server dropped (a stop, an approval, an hour's expiry). */
export const QUEUE_CLEARED_CODE = 'queue_cleared';

export interface OutboxFailure {
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** A stable code (`bad_request`, `forbidden`, `payload_too_large`, `gave_up` …). */
  readonly code: string;
  /** The server's explanation, for the person. */
  readonly message: string;
}

export interface OutboxAttempt {
  readonly id: string;
  /** The tab that makes it. */
  readonly owner: string;
  readonly startedAt: number;
  /**
   * Made by the elected sender (true) or by a tab sending a message only it holds because its storage failed
   * (false). Under Web Locks a sender's attempt is over once another tab holds the lock; the other kind is
   * waited out until its deadline.
   */
  readonly bySender: boolean;
}

export interface OutboxEntry {
  readonly id: string;
  readonly conversationId: string;
  readonly content: string;
  /** Minted when the person pressed send; the same on every attempt. */
  readonly idempotencyKey: string;
  /** PostHog `trace_id`: the server's echo of the message carries it back, which is how delivery is proven. */
  readonly traceId: string;
  readonly createdAt: number;
  /** The tab where the person pressed send. */
  readonly createdBy: string;
  /** Bumped by every change: a transition applies only to the revision it was decided on. */
  readonly revision: number;
  readonly state: OutboxState;
  /** Requests started for this entry. */
  readonly attempts: number;
  /** Consecutive failed attempts: the exponent of the backoff. */
  readonly failures: number;
  /** Consecutive "try later" answers (408, 429, 502, 503, 504); too many fail the message. Network failures and 409 (busy) do not count. */
  readonly statusFailures: number;
  /**
   * True once a request may have reached the server without us learning the outcome (a dropped connection,
   * a crash mid-send, a gateway error). Before sending again, the server is asked whether it has the message.
   */
  readonly deliveryUncertain: boolean;
  /**
   * How many of the person's messages the server held just before the first attempt, for transports that
   * recognise a delivered message by its position (the agents dialect has no trace id); `null` otherwise.
   */
  readonly deliveryBaseline: number | null;
  /** Not before this time (backoff, Retry-After, offline probe); `null`: as soon as its turn comes. */
  readonly nextAttemptAt: number | null;
  /** The attempt under way while `sending`. */
  readonly attempt: OutboxAttempt | null;
  /** Why it failed (`failed`), or why it waits (`queued` after a "try later" answer, `waiting-offline`). */
  readonly failure: OutboxFailure | null;
  readonly sentAt: number | null;
  /**
   * Typed while the agent was answering: shown in the queue above the composer (in every tab) until its
   * turn comes, and, where the server has a queue, handed to it rather than waiting for the reply to end.
   */
  readonly followUp: boolean;
  /** The id of the server queue's item that holds it (`server-queued`); kept once sent. */
  readonly serverQueueId: string | null;
}

/** What pressing send decides about a message; everything else starts blank. */
export type NewEntryFields = Pick<OutboxEntry, 'id' | 'conversationId' | 'content' | 'idempotencyKey' | 'traceId' | 'createdAt' | 'createdBy' | 'followUp'>;

/** A message just written: queued, never tried. */
export function newEntry(fields: NewEntryFields): OutboxEntry {
  return {
    ...fields,
    revision: 0,
    state: 'queued',
    attempts: 0,
    failures: 0,
    statusFailures: 0,
    deliveryUncertain: false,
    deliveryBaseline: null,
    nextAttemptAt: null,
    attempt: null,
    failure: null,
    sentAt: null,
    serverQueueId: null,
  };
}

/**
 * An edit changes what the server would receive: only safe while the server certainly has nothing, or holds
 * it in its queue (the item is changed first). Here rather than with the outbox, so a page can ask it
 * before the outbox's code has loaded.
 */
export function canEdit(entry: OutboxEntry): boolean {
  return entry.state === 'server-queued' || ((entry.state === 'queued' || entry.state === 'waiting-offline' || entry.state === 'failed') && !entry.deliveryUncertain);
}

/** A conversation's entries in the order the person sent them. */
export type OutboxSnapshot = ReadonlyMap<string, readonly OutboxEntry[]>;

/** Time and timers, injected so the state machine runs deterministically under fake timers in tests. */
export interface OutboxTimers {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserTimers: OutboxTimers = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Where entries live: IndexedDB (`OutboxDatabase`) or a test double that fails on command. */
export interface OutboxBackend {
  readAll(): Promise<Map<string, OutboxEntry[]>>;
  /** Atomically replaces one conversation's entries with `change(current)`; answers what was written. */
  update(conversationId: string, change: (entries: readonly OutboxEntry[]) => readonly OutboxEntry[]): Promise<readonly OutboxEntry[]>;
  /** Resolves when storage works (opens it if needed and runs a read). */
  probe(): Promise<void>;
  /** Calls `listener` when storage that was failing opened after all (a blocked upgrade went through). */
  onAvailable(listener: () => void): () => void;
  close(): void;
}
