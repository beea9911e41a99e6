/**
 * The outbox: every message the person sends is written to storage (with its idempotency key and trace id)
 * before the first attempt, then sent in order, per conversation, by exactly one tab.
 *
 *   queued ──▶ sending ──▶ sent
 *     ▲  ▲        │
 *     │  │        ├──▶ waiting-offline (no answer / browser offline) ──▶ sending, when back online
 *     │  └────────┼── queued after a backoff (408, 409, 429 with Retry-After, 502, 503, 504)
 *     │           └──▶ failed (400, 403, 413 …: refused for good) ── retry / edit ──▶ queued; discard
 *
 * Exactly once: an attempt is recorded in storage before its request leaves. Whenever a message's fate is
 * unknown (a dropped connection, a gateway error, a tab that crashed or lost the sender role mid-send), the
 * next attempt first asks the server whether it already holds it (`alreadyDelivered`) and marks it sent
 * instead of sending it twice. Every change is a compare-and-set on the entry's `revision`, so two tabs can
 * never both move the same entry forward.
 *
 * Everything with side effects is injected (storage, transport, clock and timers, randomness, connectivity,
 * the sender election), so the machine runs deterministically under fake timers.
 */
import { ConvoApiError, ConvoTimeoutError } from '../api/errors.js';
import type { OutboxAttempt, OutboxEntry, OutboxFailure, OutboxSnapshot, OutboxTimers } from './outbox-entry.js';
import { browserTimers, canEdit, newEntry, QUEUE_CLEARED_CODE } from './outbox-entry.js';
import { BUSY_STATUS, decideAfterFailure, resolveOutboxRetry, type AttemptOutcome, type OutboxRetryOptions, type OutboxRetrySettings } from './outbox-policy.js';
import type { OutboxJournal } from './outbox-journal.js';
import type { OutboxStore } from './outbox-store.js';

export interface OutboxTransport {
  /**
   * Sends the entry (with its `idempotencyKey` and `traceId`); resolves once the server has accepted it,
   * rejects with the client's error otherwise. Must settle promptly when `signal` fires.
   */
  deliver(entry: OutboxEntry, signal: AbortSignal): Promise<void>;
  /**
   * Whether the server already holds the entry (PostHog: a human message carrying its trace id). Asked
   * before re-sending a message whose fate is unknown.
   */
  alreadyDelivered(entry: OutboxEntry, signal: AbortSignal): Promise<boolean>;
  /**
   * Optional: what `alreadyDelivered` will need to recognise the entry later, read from the server just
   * before the first attempt and stored with the entry before the request leaves (`deliveryBaseline`).
   */
  baseline?(entry: OutboxEntry, signal: AbortSignal): Promise<number>;
  /** The server's own queue of follow-ups (PostHog), when the dialect has one. */
  serverQueue?: ServerQueueTransport;
}

/**
 * The server's queue of follow-ups: it holds a few messages typed while the agent works and runs them in
 * order after the reply under way. Its items run without a trace id, so a follow-up that left the queue is
 * recognised in the conversation by its text after `baseline` (stored before the item is added).
 */
export interface ServerQueueTransport {
  /** How many items the server holds at most (PostHog: 2); more wait in the outbox. */
  readonly capacity: number;
  /**
   * Whether a run is going on (a follow-up then goes to the queue rather than being refused), and how many
   * of the person's messages the conversation holds (the entry's `deliveryBaseline`). Read before a
   * follow-up is sent, so a busy conversation costs no refused send (PostHog limits how often a
   * conversation may be posted to).
   */
  look(entry: OutboxEntry, signal: AbortSignal): Promise<{ running: boolean; baseline: number }>;
  /** Adds the entry's text; answers the new item's id. A full queue is a 409 (`queue_full`). */
  add(entry: OutboxEntry, signal: AbortSignal): Promise<string>;
  /**
   * The id of an item that holds the entry's text and is none of `taken` (the items other entries hold),
   * or `null`: asked before adding again after an add whose answer was lost.
   */
  find(entry: OutboxEntry, taken: ReadonlySet<string>, signal: AbortSignal): Promise<string | null>;
  /** The queue's item ids, and whether a run is going on (the server only takes items at the end of one). */
  read(conversationId: string, signal: AbortSignal): Promise<{ itemIds: ReadonlySet<string>; running: boolean }>;
  /** Changes an item's text; false when the item is gone (it ran, or the queue was cleared). */
  update(entry: OutboxEntry, itemId: string, content: string, signal: AbortSignal): Promise<boolean>;
  /** Removes an item; false when it was gone already. */
  remove(entry: OutboxEntry, itemId: string, signal: AbortSignal): Promise<boolean>;
}

/** `online` and `visible` are moments to try again at once; `offline` says to stop trying. */
export type ConnectivityChange = 'online' | 'offline' | 'visible';

export interface Connectivity {
  readonly online: boolean;
  subscribe(listener: (change: ConnectivityChange) => void): () => void;
}

/** Which tab sends, and how tabs tell each other that the outbox changed (see `TabCoordinator`). */
export interface SenderElection {
  readonly tabId: string;
  readonly isSender: boolean;
  /** True when no two tabs can ever be sender at once (Web Locks); false under a lease that can lapse. */
  readonly exclusive: boolean;
  onSenderChange(listener: (isSender: boolean) => void): () => void;
  /** Tells the other tabs that a conversation's entries changed. */
  announce(conversationId: string): void;
  onAnnouncement(listener: (conversationId: string) => void): () => void;
}

export interface OutboxOptions {
  store: OutboxStore;
  transport: OutboxTransport;
  election: SenderElection;
  connectivity: Connectivity;
  timers?: OutboxTimers;
  /** Uniform in [0, 1): the backoff jitter. */
  random?: () => number;
  /** Entry ids, idempotency keys and trace ids (PostHog wants uuids). */
  randomId?: () => string;
  retry?: OutboxRetryOptions;
  /** Notes each message synchronously until its first write committed (see `OutboxJournal`). */
  journal?: OutboxJournal;
}

export type OutboxListener = (snapshot: OutboxSnapshot) => void;

/** What the pump may start in a conversation (see `stepsOf`). */
interface OutboxStep {
  readonly kind: 'send' | 'queue' | 'check';
  readonly entry: OutboxEntry;
}

/** Why this tab stopped one of its own attempts. */
type AbortCause = 'stopped' | 'demoted' | 'timed-out';

interface InFlight {
  readonly controller: AbortController;
  cause: AbortCause | undefined;
  done: Promise<void>;
}

/** Defined beside the entry (see outbox-entry.ts); also offered here, with the outbox's other rules. */
export { canEdit };

export function canDiscard(entry: OutboxEntry): boolean {
  return entry.state !== 'sending';
}

/** What the server queue holds for a while; everything else of a follow-up waits here. */
const QUEUE_CHECK_INTERVAL_MS = 3000;

const DROPPED_FROM_QUEUE: OutboxFailure = {
  status: undefined,
  code: QUEUE_CLEARED_CODE,
  // Shown in the element's language (its `followUpDropped` string); this is for logs and other readers.
  message: 'The server dropped this follow-up from its queue before it ran',
};

function revised(entry: OutboxEntry, change: Partial<OutboxEntry>): OutboxEntry {
  return { ...entry, ...change, revision: entry.revision + 1 };
}

function markSent(entry: OutboxEntry, now: number): OutboxEntry {
  return revised(entry, { state: 'sent', sentAt: now, attempt: null, deliveryUncertain: false, nextAttemptAt: null, failure: null, failures: 0, statusFailures: 0 });
}

/** `entries` with `entry` last, unless it is there already (another tab put it back from the journal). */
function appendOnce(entries: readonly OutboxEntry[], entry: OutboxEntry): readonly OutboxEntry[] {
  return entries.some((candidate) => candidate.id === entry.id) ? entries : [...entries, entry];
}

/** In the server's queue, or claimed by a tab that is changing its item there. */
function heldByServer(entry: OutboxEntry): boolean {
  return entry.serverQueueId !== null && (entry.state === 'server-queued' || entry.state === 'sending');
}

/** A follow-up the server's queue dropped before it ran: it waits for the person. */
function isDroppedByServer(entry: OutboxEntry): boolean {
  return entry.state === 'failed' && entry.failure?.code === QUEUE_CLEARED_CODE;
}

/** The conversation is running a reply (and not because the server queue is full: that is waited out). */
function isBusy(error: unknown): boolean {
  return error instanceof ConvoApiError && error.status === BUSY_STATUS && error.code !== 'queue_full';
}

/** Hands an attempt back unfinished (this tab stopped or lost the sender role): the next sender checks first. */
function release(entry: OutboxEntry, uncertain: boolean): OutboxEntry {
  return revised(entry, { state: 'queued', attempt: null, deliveryUncertain: uncertain });
}

function afterFailure(entry: OutboxEntry, outcome: AttemptOutcome, now: number): OutboxEntry {
  const failures = entry.failures + 1;
  switch (outcome.kind) {
    case 'offline':
      return revised(entry, {
        state: 'waiting-offline',
        attempt: null,
        failures,
        deliveryUncertain: outcome.uncertain,
        failure: outcome.failure,
        nextAttemptAt: now + outcome.delayMs,
      });
    case 'retry':
      return revised(entry, {
        state: 'queued',
        attempt: null,
        failures,
        statusFailures: outcome.failure.status === BUSY_STATUS ? entry.statusFailures : entry.statusFailures + 1,
        deliveryUncertain: outcome.uncertain,
        failure: outcome.failure,
        nextAttemptAt: now + outcome.delayMs,
      });
    case 'refused':
      return revised(entry, { state: 'failed', attempt: null, failures, deliveryUncertain: outcome.uncertain, failure: outcome.failure, nextAttemptAt: null });
  }
}

export class Outbox {
  private readonly store: OutboxStore;
  private readonly transport: OutboxTransport;
  private readonly election: SenderElection;
  private readonly connectivity: Connectivity;
  private readonly timers: OutboxTimers;
  private readonly random: () => number;
  private readonly randomId: () => string;
  private readonly settings: OutboxRetrySettings;
  private readonly journal: OutboxJournal | undefined;
  private entriesByConversation = new Map<string, readonly OutboxEntry[]>();
  private readonly listeners = new Set<OutboxListener>();
  private readonly inFlight = new Map<string, InFlight>();
  /** Entries to try now whatever their probe time says: the network or the page just came back. */
  private readonly expedited = new Set<string>();
  private readonly unsubscribers: (() => void)[] = [];
  private wakeTimer: unknown;
  /** Conversations with a housekeeping write under way (pruning, marking offline): one at a time each. */
  private readonly housekeeping = new Set<string>();
  /** Counts this tab's writes, so a re-read that raced one of them is not trusted. */
  private localChanges = 0;
  private running = false;

  constructor(options: OutboxOptions) {
    this.store = options.store;
    this.transport = options.transport;
    this.election = options.election;
    this.connectivity = options.connectivity;
    this.timers = options.timers ?? browserTimers;
    this.random = options.random ?? Math.random;
    this.randomId = options.randomId ?? (() => crypto.randomUUID());
    this.settings = resolveOutboxRetry(options.retry);
    this.journal = options.journal;
  }

  /** Reads the stored outbox and starts sending (when this tab is the sender). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unsubscribers.push(
      this.election.onSenderChange((isSender) => {
        if (!isSender) this.abortAll('demoted', (entry) => this.store.isShared(entry));
        void this.refresh();
      }),
      this.election.onAnnouncement(() => void this.refresh()),
      this.connectivity.subscribe((change) => this.handleConnectivity(change)),
      this.store.onRecovered(() => {
        for (const conversationId of this.entriesByConversation.keys()) this.election.announce(conversationId);
        void this.refresh();
      }),
    );
    await this.refresh();
    await this.recoverJournal();
  }

  /**
   * Puts back the messages whose first write never committed (the page went away just after send). None was
   * ever sent (nothing is sent before its write commits), but another tab may have put it back and sent it
   * meanwhile: it is checked with the server before it is sent. Adding is idempotent, by entry id.
   */
  private async recoverJournal(): Promise<void> {
    const journal = this.journal;
    if (journal === undefined) return;
    for (const noted of journal.pending().sort((a, b) => a.createdAt - b.createdAt)) {
      const recovered: OutboxEntry = { ...noted, state: 'queued', attempt: null, deliveryUncertain: true };
      await this.change(noted.conversationId, (entries) => appendOnce(entries, recovered));
      journal.forget(noted.id);
    }
    this.pump();
  }

  /** Stops sending: attempts under way are abandoned (their fate is then unknown) and recorded as such. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.timers.clearTimeout(this.wakeTimer);
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    await this.abortAll('stopped', () => true);
  }

  get snapshot(): OutboxSnapshot {
    return new Map(this.entriesByConversation);
  }

  /** The entries of one conversation in send order (sent ones until they are pruned). */
  entries(conversationId: string): readonly OutboxEntry[] {
    return this.entriesByConversation.get(conversationId) ?? [];
  }

  subscribe(listener: OutboxListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * What pressing send does: mints the entry's id, idempotency key and trace id (unless the page already
   * shows the message under a trace id of its own), writes it after the conversation's earlier entries, and
   * only then lets the sender try it. Resolves with the stored entry.
   */
  async send(conversationId: string, content: string, { traceId, followUp = false }: { traceId?: string; followUp?: boolean } = {}): Promise<OutboxEntry> {
    const entry = newEntry({
      id: this.randomId(),
      conversationId,
      content,
      idempotencyKey: this.randomId(),
      traceId: traceId ?? this.randomId(),
      createdAt: this.timers.now(),
      createdBy: this.election.tabId,
      followUp,
    });
    // Noted synchronously first: a page that unloads before the write commits loses nothing.
    this.journal?.record(entry);
    await this.change(conversationId, (entries) => appendOnce(entries, entry));
    this.journal?.forget(entry.id);
    this.pump();
    return entry;
  }

  /**
   * Sends a failed message again (its conversation's later messages wait behind it). A server that refused
   * it certainly did not act on it, so it gets a new idempotency key: under the old one a server that honours
   * keys would answer with its stored refusal again.
   */
  retry(entryId: string): Promise<boolean> {
    return this.changeEntry(entryId, (entry) =>
      entry.state === 'failed'
        ? revised(entry, { state: 'queued', idempotencyKey: this.keyForRetry(entry), failure: null, failures: 0, statusFailures: 0, nextAttemptAt: null })
        : undefined,
    );
  }

  /**
   * Replaces the text of a message the server certainly does not have yet (`canEdit`), and queues it. A new
   * text is a new request: a new idempotency key. A follow-up in the server's queue has its item changed
   * first; false when it ran meanwhile. Waits for this tab's attempt on the conversation, so an entry is
   * never changed under a request that carries it.
   */
  edit(entryId: string, content: string): Promise<boolean> {
    return this.exclusivelyOnEntry(entryId, async (entry, flight) => {
      if (entry.state === 'server-queued') {
        return this.changeServerQueued(entry, flight, (queue, itemId, signal) => queue.update(entry, itemId, content, signal), (current) => revised(current, { content }));
      }
      return this.changeEntry(entryId, (current) =>
        canEdit(current) && current.state !== 'server-queued'
          ? revised(current, { content, state: 'queued', idempotencyKey: this.randomId(), failure: null, failures: 0, statusFailures: 0, nextAttemptAt: null })
          : undefined,
      );
    });
  }

  /** The same key while the server may hold the message (it then recognises the repeat), a new one otherwise. */
  private keyForRetry(entry: OutboxEntry): string {
    return entry.deliveryUncertain ? entry.idempotencyKey : this.randomId();
  }

  /**
   * Removes a message that is not being sent right now (`canDiscard`); a follow-up in the server's queue
   * leaves it first (false when it ran meanwhile).
   */
  discard(entryId: string): Promise<boolean> {
    return this.exclusivelyOnEntry(entryId, async (entry, flight) => {
      if (entry.state === 'server-queued') return this.changeServerQueued(entry, flight, (queue, itemId, signal) => queue.remove(entry, itemId, signal), () => null);
      return this.changeEntry(entryId, (current) => (canDiscard(current) && current.state !== 'server-queued' ? null : undefined));
    });
  }

  /**
   * After a stop: takes the conversation's waiting follow-ups out of the outbox and answers them (the
   * person gets their text back). One the server's queue still holds leaves it first (a stop clears it, but
   * an add may have landed just after); one the server ran before the stop is marked sent instead; one whose
   * fate is unknown (an attempt under way in another tab, an uncertain send) stays.
   */
  withdrawFollowUps(conversationId: string): Promise<OutboxEntry[]> {
    return this.exclusively(conversationId, async (flight) => {
      const withdrawn: OutboxEntry[] = [];
      const delivered = new Set<string>();
      const signal = flight.controller.signal;
      for (const entry of this.entries(conversationId)) {
        if (!entry.followUp) continue;
        if (entry.state === 'server-queued') {
          try {
            const removed = entry.serverQueueId !== null && (await this.transport.serverQueue?.remove(entry, entry.serverQueueId, signal)) === true;
            if (!removed && (await this.transport.alreadyDelivered(entry, signal))) delivered.add(entry.id);
            else withdrawn.push(entry);
          } catch {
            // Left to the queue check, which tells a follow-up that ran from one the server dropped.
          }
        } else if (((entry.state === 'queued' || entry.state === 'waiting-offline') && !entry.deliveryUncertain) || isDroppedByServer(entry)) {
          withdrawn.push(entry);
        }
      }
      if (withdrawn.length === 0 && delivered.size === 0) return [];
      const seen = new Map(withdrawn.map((entry) => [entry.id, entry.revision]));
      const removed: OutboxEntry[] = [];
      await this.change(conversationId, (entries) =>
        entries.flatMap((entry) => {
          if (delivered.has(entry.id) && entry.state === 'server-queued') return [markSent(entry, this.timers.now())];
          if (seen.get(entry.id) !== entry.revision) return [entry];
          removed.push(entry);
          return [];
        }),
      );
      return removed;
    });
  }

  /**
   * Tries the conversation's next message now if it only waits for the network or for the conversation to
   * be free (409), and checks the server's queue at once: call it when a reply finishes or a turn begins. A
   * Retry-After the server asked for is still honoured.
   */
  nudge(conversationId: string): void {
    for (const entry of this.entries(conversationId)) {
      if (entry.state === 'sent') continue;
      if (heldByServer(entry)) {
        this.expedited.add(entry.id);
        continue;
      }
      if (entry.state === 'waiting-offline' || (entry.state === 'queued' && entry.failure?.status === BUSY_STATUS)) this.expedited.add(entry.id);
      break;
    }
    this.pump();
  }

  private async refresh(): Promise<void> {
    const changesBefore = this.localChanges;
    const snapshot = await this.store.load();
    // A change of ours landed while storage was read: the read may predate it, so read again.
    if (changesBefore !== this.localChanges) return this.refresh();
    this.entriesByConversation = new Map(snapshot);
    this.emit();
    this.pump();
  }

  private emit(): void {
    const snapshot = this.snapshot;
    for (const listener of [...this.listeners]) listener(snapshot);
  }

  /** One atomic change to a conversation's entries, then every tab hears of it. */
  private async change(conversationId: string, update: (entries: readonly OutboxEntry[]) => readonly OutboxEntry[]): Promise<readonly OutboxEntry[]> {
    const written = await this.store.update(conversationId, update);
    this.localChanges += 1;
    if (written.length > 0) this.entriesByConversation.set(conversationId, written);
    else this.entriesByConversation.delete(conversationId);
    this.emit();
    this.election.announce(conversationId);
    return written;
  }

  /**
   * Applies `decide` to the stored entry with `entryId`: a new entry, `null` to remove it, `undefined` when
   * the change does not apply to the entry as it is now. Answers whether it applied.
   */
  private async changeEntry(entryId: string, decide: (entry: OutboxEntry) => OutboxEntry | null | undefined): Promise<boolean> {
    const conversationId = this.conversationOf(entryId);
    if (conversationId === undefined) return false;
    let applied = false;
    await this.change(conversationId, (entries) =>
      entries.flatMap((entry) => {
        if (entry.id !== entryId) return [entry];
        const next = decide(entry);
        if (next === undefined) return [entry];
        applied = true;
        return next === null ? [] : [next];
      }),
    );
    this.pump();
    return applied;
  }

  private conversationOf(entryId: string): string | undefined {
    return [...this.entriesByConversation].find(([, list]) => list.some((entry) => entry.id === entryId))?.[0];
  }

  /**
   * Runs `work` as this tab's one operation on the conversation: after the attempt under way (if any), and
   * with the pump kept off it meanwhile. Other tabs are kept off the entries it claims by their revision.
   */
  private async exclusively<T>(conversationId: string, work: (flight: InFlight) => Promise<T>): Promise<T> {
    for (let busy = this.inFlight.get(conversationId); busy !== undefined; busy = this.inFlight.get(conversationId)) await busy.done;
    const flight: InFlight = { controller: new AbortController(), cause: undefined, done: Promise.resolve() };
    this.inFlight.set(conversationId, flight);
    const result = work(flight).finally(() => {
      if (this.inFlight.get(conversationId) === flight) this.inFlight.delete(conversationId);
      this.pump();
    });
    flight.done = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** `exclusively`, on the entry with `entryId` as it is once the conversation is free; false when it is gone. */
  private async exclusivelyOnEntry(entryId: string, work: (entry: OutboxEntry, flight: InFlight) => Promise<boolean>): Promise<boolean> {
    const conversationId = this.conversationOf(entryId);
    if (conversationId === undefined) return false;
    return this.exclusively(conversationId, async (flight) => {
      const entry = this.entries(conversationId).find((candidate) => candidate.id === entryId);
      return entry === undefined ? false : work(entry, flight);
    });
  }

  /**
   * Changes a follow-up the server's queue holds: claims the entry (so no tab checks or sends it meanwhile),
   * changes the item, then writes `changed` (`null`: removed). When the item is gone (it ran, or the queue
   * was cleared) nothing changes and the entry is checked at once.
   */
  private async changeServerQueued(
    entry: OutboxEntry,
    flight: InFlight,
    changeItem: (queue: ServerQueueTransport, itemId: string, signal: AbortSignal) => Promise<boolean>,
    changed: (entry: OutboxEntry) => OutboxEntry | null,
  ): Promise<boolean> {
    const queue = this.transport.serverQueue;
    const itemId = entry.serverQueueId;
    if (queue === undefined || itemId === null) return false;
    const attempt = this.newAttempt();
    const claimed = await this.claim(entry, attempt, {});
    if (!claimed) return false;
    let applied = false;
    try {
      applied = await changeItem(queue, itemId, flight.controller.signal);
    } finally {
      if (!applied) this.expedited.add(entry.id);
      await this.settle(claimed, attempt, (current) => {
        const released: OutboxEntry = { ...current, state: 'server-queued', attempt: null };
        return applied ? changed(released) : revised(released, { nextAttemptAt: null });
      });
    }
    return applied;
  }

  private newAttempt(): OutboxAttempt {
    return { id: this.randomId(), owner: this.election.tabId, startedAt: this.timers.now(), bySender: this.election.isSender };
  }

  /** Marks `entry` (as it was read) as being worked on by `attempt`; `undefined` when it changed meanwhile. */
  private async claim(entry: OutboxEntry, attempt: OutboxAttempt, change: Partial<OutboxEntry>): Promise<OutboxEntry | undefined> {
    const written = await this.change(entry.conversationId, (entries) =>
      entries.map((current) => (current.id === entry.id && current.revision === entry.revision ? revised(current, { ...change, state: 'sending', attempt }) : current)),
    );
    return written.find((current) => current.id === entry.id && current.attempt?.id === attempt.id);
  }

  /** Ends `attempt` on its entry with `next` (`null`: removed); nothing when another tab took the entry over. */
  private async settle(entry: OutboxEntry, attempt: OutboxAttempt, next: (entry: OutboxEntry) => OutboxEntry | null): Promise<void> {
    await this.change(entry.conversationId, (entries) =>
      entries.flatMap((current) => {
        if (current.id !== entry.id || current.attempt?.id !== attempt.id) return [current];
        const settled = next(current);
        return settled === null ? [] : [settled];
      }),
    );
  }

  private handleConnectivity(change: ConnectivityChange): void {
    if (change === 'offline') return;
    for (const list of this.entriesByConversation.values()) {
      for (const entry of list) if (entry.state === 'waiting-offline' || entry.state === 'server-queued') this.expedited.add(entry.id);
    }
    this.pump();
  }

  /** May this tab move `entry` forward? The sender moves every entry; any tab, those only it holds. */
  private mayProcess(entry: OutboxEntry): boolean {
    return this.election.isSender || !this.store.isShared(entry);
  }

  /**
   * Looks at the first unsent entry of every conversation and starts what is due; sets one timer for the
   * earliest thing that will be due later. Idempotent: called after anything happens.
   */
  private pump(): void {
    if (!this.running) return;
    this.timers.clearTimeout(this.wakeTimer);
    const now = this.timers.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const [conversationId, entries] of this.entriesByConversation) {
      wakeAt = Math.min(wakeAt, this.pruneSent(conversationId, entries, now));
      if (this.inFlight.has(conversationId)) continue;
      let due: OutboxStep | undefined;
      for (const step of this.stepsOf(entries)) {
        if (!this.mayProcess(step.entry)) continue;
        const dueAt = this.dueAt(step.entry);
        if (dueAt === null) continue;
        if (dueAt > now) wakeAt = Math.min(wakeAt, dueAt);
        else due ??= step;
      }
      if (due === undefined) continue;
      if (!this.connectivity.online) {
        // The server's queue is checked again when the network is back; a message waits visibly.
        if (due.kind === 'send' && due.entry.state !== 'waiting-offline') this.waitOffline(due.entry);
        continue;
      }
      this.startFlight(due);
    }
    if (wakeAt !== Number.POSITIVE_INFINITY) {
      this.wakeTimer = this.timers.setTimeout(() => this.pump(), Math.max(0, wakeAt - now));
    }
  }

  /**
   * What may happen next in a conversation, in order: its first unsent message is sent (`send`), unless the
   * server's queue holds it, which is then checked (`check`) while the next follow-up may join it (`queue`)
   * as long as there is room. A message that is not a follow-up never goes to the server's queue: it waits
   * until the follow-ups before it ran.
   */
  private stepsOf(entries: readonly OutboxEntry[]): OutboxStep[] {
    const unsent = entries.filter((entry) => entry.state !== 'sent');
    const head = unsent[0];
    if (head === undefined) return [];
    if (!heldByServer(head)) return [{ kind: 'send', entry: head }];
    const steps: OutboxStep[] = [{ kind: 'check', entry: head }];
    let held = 0;
    while (held < unsent.length && heldByServer(unsent[held]!)) held += 1;
    const next = unsent[held];
    const queue = this.transport.serverQueue;
    if (next !== undefined && next.followUp && queue !== undefined && held < queue.capacity) steps.push({ kind: 'queue', entry: next });
    return steps;
  }

  /** When `entry` may be tried (or checked); `null` while it waits for the person (failed) or for the network. */
  private dueAt(entry: OutboxEntry): number | null {
    switch (entry.state) {
      case 'failed':
      case 'sent':
        return null;
      case 'queued':
      case 'waiting-offline':
        if (this.expedited.has(entry.id)) return 0;
        return entry.nextAttemptAt ?? (entry.state === 'queued' ? 0 : null);
      case 'server-queued':
        return this.expedited.has(entry.id) ? 0 : (entry.nextAttemptAt ?? 0);
      case 'sending':
        return this.takeoverAt(entry.attempt);
    }
  }

  /**
   * When another tab's unfinished attempt may be taken over. Ours (from before a stop) and, under Web
   * Locks, a former sender's are over for sure; anything else may still be on the wire until its deadline.
   */
  private takeoverAt(attempt: OutboxAttempt | null): number {
    if (attempt === null || attempt.owner === this.election.tabId) return 0;
    if (this.election.exclusive && attempt.bySender) return 0;
    return attempt.startedAt + this.settings.attemptTimeoutMs;
  }

  private pruneSent(conversationId: string, entries: readonly OutboxEntry[], now: number): number {
    if (!this.election.isSender) return Number.POSITIVE_INFINITY;
    let next = Number.POSITIVE_INFINITY;
    let expired = false;
    for (const entry of entries) {
      if (entry.state !== 'sent' || entry.sentAt === null) continue;
      const expiresAt = entry.sentAt + this.settings.sentRetentionMs;
      if (expiresAt <= now) expired = true;
      else next = Math.min(next, expiresAt);
    }
    if (expired) {
      this.housekeep(conversationId, (list) => list.filter((entry) => !(entry.state === 'sent' && entry.sentAt !== null && entry.sentAt + this.settings.sentRetentionMs <= now)));
    }
    return next;
  }

  private waitOffline(head: OutboxEntry): void {
    this.housekeep(head.conversationId, (entries) =>
      entries.map((entry) => (entry.id === head.id && entry.revision === head.revision ? revised(entry, { state: 'waiting-offline', nextAttemptAt: null }) : entry)),
    );
  }

  /** A change the pump decided on; the pump runs often, and one such write per conversation is enough. */
  private housekeep(conversationId: string, update: (entries: readonly OutboxEntry[]) => readonly OutboxEntry[]): void {
    if (this.housekeeping.has(conversationId)) return;
    this.housekeeping.add(conversationId);
    void this.change(conversationId, update).finally(() => {
      this.housekeeping.delete(conversationId);
      this.pump();
    });
  }

  private startFlight(step: OutboxStep): void {
    const { entry } = step;
    const flight: InFlight = { controller: new AbortController(), cause: undefined, done: Promise.resolve() };
    this.inFlight.set(entry.conversationId, flight);
    this.expedited.delete(entry.id);
    const work = step.kind === 'check' ? this.checkServerQueue(entry, flight) : this.attempt(entry, flight, step.kind === 'queue');
    flight.done = work
      .catch(() => {
        // Every outcome is recorded on the entry by the step itself; a failed write leaves it for the next pump.
      })
      .finally(() => {
        if (this.inFlight.get(entry.conversationId) === flight) this.inFlight.delete(entry.conversationId);
        this.pump();
      });
  }

  /**
   * One attempt at `head`: checked with the server first when its fate is unknown, then sent. A follow-up
   * goes to the server's queue instead when the conversation is busy, or at once (`toQueue`) behind others
   * the queue holds.
   */
  private async attempt(head: OutboxEntry, flight: InFlight, toQueue: boolean): Promise<void> {
    const attempt = this.newAttempt();
    // Whether the server may already have it: an earlier attempt said so, or one never finished.
    const mustCheck = head.deliveryUncertain || head.state === 'sending';
    const claimed = await this.claim(head, attempt, { attempts: head.attempts + 1, deliveryUncertain: true, nextAttemptAt: null });
    if (!claimed) return;

    const queue = head.followUp ? this.transport.serverQueue : undefined;
    const signal = flight.controller.signal;
    const timeout = this.timers.setTimeout(() => this.abort(flight, 'timed-out'), this.settings.attemptTimeoutMs);
    let stage: 'check' | 'send' = 'check';
    let next: (entry: OutboxEntry) => OutboxEntry;
    const abandoned = () => new DOMException('The attempt was abandoned', 'AbortError');
    /** Hands the entry to the server's queue, its baseline stored first (its item runs without a trace id). */
    const enqueue = async (entry: OutboxEntry, serverQueue: ServerQueueTransport, baseline?: number): Promise<(entry: OutboxEntry) => OutboxEntry> => {
      const placing = await this.withBaseline(entry, signal, async (candidate) => baseline ?? (await serverQueue.look(candidate, signal)).baseline);
      stage = 'send';
      if (flight.cause || !placing) throw abandoned();
      const itemId = await serverQueue.add(placing, signal);
      return (current) => this.heldInQueue(current, itemId);
    };
    try {
      if (flight.cause) throw abandoned();
      const found = mustCheck ? await this.findDelivered(claimed, queue, signal) : undefined;
      if (found === 'delivered') {
        next = (entry) => markSent(entry, this.timers.now());
      } else if (found !== undefined) {
        next = (entry) => this.heldInQueue(entry, found);
      } else {
        // A follow-up goes to the server's queue while a reply runs (or behind others the queue holds).
        const look = queue !== undefined && !toQueue ? await queue.look(claimed, signal) : undefined;
        if (queue !== undefined && (toQueue || look?.running === true)) {
          next = await enqueue(claimed, queue, look?.baseline);
        } else {
          const baseline = this.transport.baseline?.bind(this.transport);
          const sending = baseline ? await this.withBaseline(claimed, signal, (candidate) => baseline(candidate, signal)) : claimed;
          stage = 'send';
          if (flight.cause || !sending) throw abandoned();
          try {
            await this.transport.deliver(sending, signal);
            next = (entry) => markSent(entry, this.timers.now());
          } catch (error) {
            // Refused because a reply started meanwhile: the server's queue takes the follow-up (and runs it next).
            if (queue === undefined || !isBusy(error) || flight.cause) throw error;
            stage = 'check';
            next = await enqueue(sending, queue, look?.baseline);
          }
        }
      }
    } catch (error) {
      const uncertain = stage === 'send' || mustCheck;
      if (flight.cause === 'stopped' || flight.cause === 'demoted') {
        next = (entry) => release(entry, uncertain);
      } else {
        // A timed-out attempt proves nothing, whatever error the transport reported for the abort.
        const cause = flight.cause === 'timed-out' ? new ConvoTimeoutError(this.settings.attemptTimeoutMs) : error;
        const outcome = decideAfterFailure(
          cause,
          { stage, failures: claimed.failures + 1, wasUncertain: mustCheck, statusFailures: claimed.statusFailures + 1 },
          this.settings,
          this.random,
        );
        next = (entry) => afterFailure(entry, outcome, this.timers.now());
      }
    } finally {
      this.timers.clearTimeout(timeout);
    }
    await this.settle(claimed, attempt, next);
  }

  /**
   * Before re-sending a message whose fate is unknown: `delivered` when the server holds it, the id of the
   * server queue's item holding a follow-up, or `undefined` when the server has nothing of it.
   */
  private async findDelivered(entry: OutboxEntry, queue: ServerQueueTransport | undefined, signal: AbortSignal): Promise<'delivered' | string | undefined> {
    if (await this.transport.alreadyDelivered(entry, signal)) return 'delivered';
    if (queue === undefined) return undefined;
    const taken = new Set(this.entries(entry.conversationId).flatMap((other) => (other.id !== entry.id && other.serverQueueId !== null ? [other.serverQueueId] : [])));
    return (await queue.find(entry, taken, signal)) ?? undefined;
  }

  private heldInQueue(entry: OutboxEntry, itemId: string): OutboxEntry {
    return revised(entry, {
      state: 'server-queued',
      serverQueueId: itemId,
      attempt: null,
      deliveryUncertain: false,
      failure: null,
      failures: 0,
      statusFailures: 0,
      nextAttemptAt: this.timers.now() + QUEUE_CHECK_INTERVAL_MS,
    });
  }

  /**
   * Checks the first follow-up the server's queue holds: still there while a run goes on (checked again
   * later); still there once the conversation is idle (the run ended just as it was added, or the server
   * restarted): taken back out and sent as the next message; gone and among the conversation's messages:
   * sent; gone and nowhere: the server dropped it (a stop elsewhere, an approval, expiry), and it waits for
   * the person, failed.
   */
  private async checkServerQueue(entry: OutboxEntry, flight: InFlight): Promise<void> {
    const queue = this.transport.serverQueue;
    const itemId = entry.serverQueueId;
    if (queue === undefined || itemId === null) return;
    const signal = flight.controller.signal;
    const later = (current: OutboxEntry) => revised(current, { state: 'server-queued', attempt: null, nextAttemptAt: this.timers.now() + QUEUE_CHECK_INTERVAL_MS });
    let next: (current: OutboxEntry) => OutboxEntry | null = later;
    try {
      const { itemIds, running } = await queue.read(entry.conversationId, signal);
      if (itemIds.has(itemId) && !running) {
        await this.takeBackFromQueue(entry, itemId, flight);
        return;
      }
      if (!itemIds.has(itemId)) {
        if (await this.transport.alreadyDelivered(entry, signal)) next = (current) => markSent(current, this.timers.now());
        else if (!running) next = (current) => revised(current, { state: 'failed', attempt: null, nextAttemptAt: null, failure: DROPPED_FROM_QUEUE });
      }
    } catch (error) {
      if (flight.cause === 'stopped' || flight.cause === 'demoted') return;
      void error;
    }
    await this.change(entry.conversationId, (entries) =>
      entries.flatMap((current) => {
        if (current.id !== entry.id || current.revision !== entry.revision) return [current];
        const checked = next(current);
        return checked === null ? [] : [checked];
      }),
    );
  }

  /** Removes an idle conversation's queued item and makes the entry the next message to send. */
  private async takeBackFromQueue(entry: OutboxEntry, itemId: string, flight: InFlight): Promise<void> {
    const queue = this.transport.serverQueue!;
    const attempt = this.newAttempt();
    const claimed = await this.claim(entry, attempt, {});
    if (!claimed) return;
    let removed = false;
    try {
      removed = await queue.remove(claimed, itemId, flight.controller.signal);
    } finally {
      // Removed: sent by stream next; gone already, or unknown: checked again at once.
      if (!removed) this.expedited.add(entry.id);
      await this.settle(claimed, attempt, (current) =>
        removed
          ? revised(current, { state: 'queued', serverQueueId: null, attempt: null, nextAttemptAt: null, deliveryUncertain: false })
          : revised(current, { state: 'server-queued', attempt: null, nextAttemptAt: null }),
      );
    }
  }

  /**
   * Records a baseline (`measure`) before the first request leaves (a re-send of an entry whose first
   * attempt never got that far takes it then). `undefined` when the entry was taken from this attempt.
   */
  private async withBaseline(claimed: OutboxEntry, signal: AbortSignal, measure: (entry: OutboxEntry) => Promise<number>): Promise<OutboxEntry | undefined> {
    if (claimed.deliveryBaseline !== null) return claimed;
    const deliveryBaseline = await measure(claimed);
    if (signal.aborted) return undefined;
    const written = await this.change(claimed.conversationId, (entries) =>
      entries.map((entry) => (entry.id === claimed.id && entry.attempt?.id === claimed.attempt?.id ? revised(entry, { deliveryBaseline }) : entry)),
    );
    return written.find((entry) => entry.id === claimed.id && entry.attempt?.id === claimed.attempt?.id);
  }

  private abort(flight: InFlight, cause: AbortCause): void {
    flight.cause ??= cause;
    flight.controller.abort(new DOMException(`The outbox attempt was ${cause}`, 'AbortError'));
  }

  private async abortAll(cause: AbortCause, which: (entry: OutboxEntry) => boolean): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const [conversationId, flight] of this.inFlight) {
      const head = this.entries(conversationId).find((entry) => entry.state === 'sending' && entry.attempt?.owner === this.election.tabId);
      if (head && !which(head)) continue;
      this.abort(flight, cause);
      stopping.push(flight.done);
    }
    await Promise.all(stopping);
  }
}
