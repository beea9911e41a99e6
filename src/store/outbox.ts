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
import { ConvoTimeoutError } from '../api/errors.js';
import type { OutboxAttempt, OutboxEntry, OutboxSnapshot, OutboxTimers } from './outbox-entry.js';
import { browserTimers } from './outbox-entry.js';
import { BUSY_STATUS, decideAfterFailure, resolveOutboxRetry, type AttemptOutcome, type OutboxRetryOptions, type OutboxRetrySettings } from './outbox-policy.js';
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
}

export type OutboxListener = (snapshot: OutboxSnapshot) => void;

/** Why this tab stopped one of its own attempts. */
type AbortCause = 'stopped' | 'demoted' | 'timed-out';

interface InFlight {
  readonly controller: AbortController;
  cause: AbortCause | undefined;
  done: Promise<void>;
}

/** An edit changes what the server would receive: only safe while the server certainly has nothing. */
export function canEdit(entry: OutboxEntry): boolean {
  return (entry.state === 'queued' || entry.state === 'waiting-offline' || entry.state === 'failed') && !entry.deliveryUncertain;
}

export function canDiscard(entry: OutboxEntry): boolean {
  return entry.state !== 'sending';
}

function revised(entry: OutboxEntry, change: Partial<OutboxEntry>): OutboxEntry {
  return { ...entry, ...change, revision: entry.revision + 1 };
}

function markSent(entry: OutboxEntry, now: number): OutboxEntry {
  return revised(entry, { state: 'sent', sentAt: now, attempt: null, deliveryUncertain: false, nextAttemptAt: null, failure: null, failures: 0, statusFailures: 0 });
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
  async send(conversationId: string, content: string, { traceId }: { traceId?: string } = {}): Promise<OutboxEntry> {
    const entry: OutboxEntry = {
      id: this.randomId(),
      conversationId,
      content,
      idempotencyKey: this.randomId(),
      traceId: traceId ?? this.randomId(),
      createdAt: this.timers.now(),
      createdBy: this.election.tabId,
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
    };
    await this.change(conversationId, (entries) => [...entries, entry]);
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

  /** Replaces the text of a message the server certainly does not have yet (`canEdit`), and queues it. A new text is a new request: a new idempotency key. */
  edit(entryId: string, content: string): Promise<boolean> {
    return this.changeEntry(entryId, (entry) =>
      canEdit(entry) ? revised(entry, { content, state: 'queued', idempotencyKey: this.randomId(), failure: null, failures: 0, statusFailures: 0, nextAttemptAt: null }) : undefined,
    );
  }

  /** The same key while the server may hold the message (it then recognises the repeat), a new one otherwise. */
  private keyForRetry(entry: OutboxEntry): string {
    return entry.deliveryUncertain ? entry.idempotencyKey : this.randomId();
  }

  /** Removes a message that is not being sent right now (`canDiscard`). */
  discard(entryId: string): Promise<boolean> {
    return this.changeEntry(entryId, (entry) => (canDiscard(entry) ? null : undefined));
  }

  /**
   * Tries the conversation's next message now if it only waits for the network or for the conversation to
   * be free (409): call it when a reply finishes. A Retry-After the server asked for is still honoured.
   */
  nudge(conversationId: string): void {
    const head = this.entries(conversationId).find((entry) => entry.state !== 'sent');
    if (head && (head.state === 'waiting-offline' || (head.state === 'queued' && head.failure?.status === BUSY_STATUS))) {
      this.expedited.add(head.id);
      this.pump();
    }
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
    const conversationId = [...this.entriesByConversation].find(([, list]) => list.some((entry) => entry.id === entryId))?.[0];
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

  private handleConnectivity(change: ConnectivityChange): void {
    if (change === 'offline') return;
    for (const list of this.entriesByConversation.values()) {
      for (const entry of list) if (entry.state === 'waiting-offline') this.expedited.add(entry.id);
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
      const head = entries.find((entry) => entry.state !== 'sent');
      if (!head || !this.mayProcess(head)) continue;
      const dueAt = this.dueAt(head);
      if (dueAt === null) continue;
      if (dueAt > now) {
        wakeAt = Math.min(wakeAt, dueAt);
        continue;
      }
      if (!this.connectivity.online) {
        if (head.state !== 'waiting-offline') this.waitOffline(head);
        continue;
      }
      this.startAttempt(head);
    }
    if (wakeAt !== Number.POSITIVE_INFINITY) {
      this.wakeTimer = this.timers.setTimeout(() => this.pump(), Math.max(0, wakeAt - now));
    }
  }

  /** When `head` may be tried; `null` while it waits for the person (failed) or for the network. */
  private dueAt(head: OutboxEntry): number | null {
    switch (head.state) {
      case 'failed':
      case 'sent':
        return null;
      case 'queued':
      case 'waiting-offline':
        if (this.expedited.has(head.id)) return 0;
        return head.nextAttemptAt ?? (head.state === 'queued' ? 0 : null);
      case 'sending':
        return this.takeoverAt(head.attempt);
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

  private startAttempt(head: OutboxEntry): void {
    const flight: InFlight = { controller: new AbortController(), cause: undefined, done: Promise.resolve() };
    this.inFlight.set(head.conversationId, flight);
    this.expedited.delete(head.id);
    flight.done = this.attempt(head, flight).finally(() => {
      if (this.inFlight.get(head.conversationId) === flight) this.inFlight.delete(head.conversationId);
      this.pump();
    });
  }

  private async attempt(head: OutboxEntry, flight: InFlight): Promise<void> {
    const attempt: OutboxAttempt = { id: this.randomId(), owner: this.election.tabId, startedAt: this.timers.now(), bySender: this.election.isSender };
    // Whether the server may already have it: an earlier attempt said so, or one never finished.
    const mustCheck = head.deliveryUncertain || head.state === 'sending';
    const claimed = (
      await this.change(head.conversationId, (entries) =>
        entries.map((entry) =>
          entry.id === head.id && entry.revision === head.revision
            ? revised(entry, { state: 'sending', attempt, attempts: entry.attempts + 1, deliveryUncertain: true, nextAttemptAt: null })
            : entry,
        ),
      )
    ).find((entry) => entry.id === head.id && entry.attempt?.id === attempt.id);
    if (!claimed) return;

    const timeout = this.timers.setTimeout(() => this.abort(flight, 'timed-out'), this.settings.attemptTimeoutMs);
    let stage: 'check' | 'send' = 'check';
    let next: (entry: OutboxEntry) => OutboxEntry;
    try {
      if (flight.cause) throw new DOMException('The attempt was abandoned', 'AbortError');
      if (mustCheck && (await this.transport.alreadyDelivered(claimed, flight.controller.signal))) {
        next = (entry) => markSent(entry, this.timers.now());
      } else {
        const sending = await this.withBaseline(claimed, flight.controller.signal);
        stage = 'send';
        if (flight.cause || !sending) throw new DOMException('The attempt was abandoned', 'AbortError');
        await this.transport.deliver(sending, flight.controller.signal);
        next = (entry) => markSent(entry, this.timers.now());
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
    await this.change(head.conversationId, (entries) => entries.map((entry) => (entry.id === head.id && entry.attempt?.id === attempt.id ? next(entry) : entry)));
  }

  /**
   * Records the transport's baseline before the first request leaves (a re-send of an entry whose first
   * attempt never got that far takes it then). `undefined` when the entry was taken from this attempt.
   */
  private async withBaseline(claimed: OutboxEntry, signal: AbortSignal): Promise<OutboxEntry | undefined> {
    if (!this.transport.baseline || claimed.deliveryBaseline !== null) return claimed;
    const deliveryBaseline = await this.transport.baseline(claimed, signal);
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
