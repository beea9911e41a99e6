/**
 * Tabs of one site share one outbox: exactly one of them sends, and all of them show the same state.
 *
 * The sender is elected with the Web Locks API: the tab holding the lock sends; the browser hands the lock
 * to a waiting tab when the holder closes or crashes, and never to two tabs at once (`exclusive`). Where
 * Web Locks is missing, a lease in IndexedDB takes its place: the holder renews it on a heartbeat and
 * broadcasts the heartbeat; others take it once it has expired, or at once when the holder says it resigns.
 * A lease can lapse while its holder still runs (a throttled background tab), so it is not `exclusive`: the
 * outbox then waits out any attempt of another tab until that attempt's deadline before taking it over,
 * and its compare-and-set transitions keep two senders from claiming one entry.
 *
 * Every change to the outbox is announced on a BroadcastChannel; other tabs re-read storage (the channel
 * carries no state, so a missed or reordered message costs nothing but a later refresh).
 */
import type { SenderElection } from './outbox.js';
import type { OutboxTimers } from './outbox-entry.js';
import { browserTimers } from './outbox-entry.js';
import type { OutboxDatabase } from './database.js';

export interface SenderLease {
  readonly holder: string;
  readonly expiresAt: number;
}

/** Atomic read-modify-write of the one lease record. */
export interface LeaseStorage {
  update(change: (lease: SenderLease | undefined) => SenderLease | undefined): Promise<SenderLease | undefined>;
}

const LEASE_KEY = 'sender-lease';

/** The lease kept in the outbox database's `meta` store. */
export function databaseLease(database: OutboxDatabase): LeaseStorage {
  return {
    update: (change) => database.updateMeta<SenderLease | undefined>(LEASE_KEY, change),
  };
}

/** The part of BroadcastChannel the coordinator uses (tests pass their own instances). */
export interface AnnouncementChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

type CoordinatorMessage =
  | { readonly kind: 'changed'; readonly from: string; readonly conversationId: string }
  | { readonly kind: 'heartbeat'; readonly from: string }
  | { readonly kind: 'resign'; readonly from: string };

export interface TabCoordinatorOptions {
  /** Tabs with the same name share one sender and hear each other (the lock and channel names derive from it). */
  name: string;
  /** Defaults to `navigator.locks`; `null` forces the lease. */
  locks?: LockManager | null;
  /** Defaults to a `BroadcastChannel` named after `name`; `null` when there is none (one tab only). */
  channel?: AnnouncementChannel | null;
  /** Required where Web Locks is missing. */
  lease?: LeaseStorage;
  timers?: OutboxTimers;
  tabId?: string;
  /** Lease validity (default 5 s) and renewal period (default 1 s). */
  leaseMs?: number;
  heartbeatMs?: number;
}

function isCoordinatorMessage(data: unknown): data is CoordinatorMessage {
  return typeof data === 'object' && data !== null && typeof (data as { kind?: unknown }).kind === 'string' && typeof (data as { from?: unknown }).from === 'string';
}

function defaultChannel(name: string): AnnouncementChannel | null {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
}

function defaultLocks(): LockManager | null {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

export class TabCoordinator implements SenderElection {
  readonly tabId: string;
  readonly exclusive: boolean;
  private readonly name: string;
  private readonly locks: LockManager | null;
  private readonly channel: AnnouncementChannel | null;
  private readonly lease: LeaseStorage | undefined;
  private readonly timers: OutboxTimers;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private sender = false;
  /** Under the lease: until when our own lease is valid. */
  private leaseValidUntil = 0;
  /** Under the lease: when another tab last said it holds it. */
  private heardHolderAt = Number.NEGATIVE_INFINITY;
  private readonly senderListeners = new Set<(isSender: boolean) => void>();
  private readonly announcementListeners = new Set<(conversationId: string) => void>();
  private releaseLock: (() => void) | undefined;
  private lockRequest: AbortController | undefined;
  private renewTimer: unknown;
  private running = false;
  private readonly onMessage = (event: MessageEvent) => this.receive(event.data);

  constructor(options: TabCoordinatorOptions) {
    this.name = options.name;
    this.tabId = options.tabId ?? crypto.randomUUID();
    this.locks = options.locks === undefined ? defaultLocks() : options.locks;
    this.channel = options.channel === undefined ? defaultChannel(`${options.name}:outbox`) : options.channel;
    this.lease = options.lease;
    this.timers = options.timers ?? browserTimers;
    this.leaseMs = options.leaseMs ?? 5000;
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.exclusive = this.locks !== null;
    if (!this.locks && !this.lease) throw new TypeError('TabCoordinator: without Web Locks a lease storage is required');
  }

  get isSender(): boolean {
    if (!this.sender) return false;
    // A lease that lapsed (timers throttled in a background tab) no longer makes this tab the sender.
    return this.exclusive || this.timers.now() < this.leaseValidUntil;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.channel?.addEventListener('message', this.onMessage);
    if (this.locks) this.requestLock(this.locks);
    else void this.renewLease();
  }

  /** Gives up the sender role (another tab takes it at once) and stops listening. Stop the outbox first. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.timers.clearTimeout(this.renewTimer);
    const wasSender = this.sender;
    this.setSender(false);
    this.releaseLock?.();
    this.releaseLock = undefined;
    this.lockRequest?.abort();
    if (this.lease && wasSender) {
      await this.lease
        .update((current) => (current?.holder === this.tabId ? undefined : current))
        .catch(() => undefined);
    }
    this.post({ kind: 'resign', from: this.tabId });
    this.channel?.removeEventListener('message', this.onMessage);
    this.channel?.close();
  }

  onSenderChange(listener: (isSender: boolean) => void): () => void {
    this.senderListeners.add(listener);
    return () => this.senderListeners.delete(listener);
  }

  announce(conversationId: string): void {
    this.post({ kind: 'changed', from: this.tabId, conversationId });
  }

  onAnnouncement(listener: (conversationId: string) => void): () => void {
    this.announcementListeners.add(listener);
    return () => this.announcementListeners.delete(listener);
  }

  private requestLock(locks: LockManager): void {
    const request = new AbortController();
    this.lockRequest = request;
    locks
      .request(`${this.name}:outbox-sender`, { signal: request.signal }, () => {
        if (!this.running) return undefined;
        this.setSender(true);
        // Held until `stop`, or until the page goes away (the browser then releases it).
        return new Promise<void>((resolve) => {
          this.releaseLock = resolve;
        });
      })
      .catch(() => {
        // Aborted by `stop` before the lock was granted: nothing was held.
      });
  }

  private async renewLease(): Promise<void> {
    if (!this.running || !this.lease) return;
    const now = this.timers.now();
    const someoneElseIsAlive = !this.sender && now - this.heardHolderAt < this.leaseMs / 2;
    if (!someoneElseIsAlive) {
      try {
        const lease = await this.lease.update((current) =>
          !current || current.holder === this.tabId || current.expiresAt <= now ? { holder: this.tabId, expiresAt: now + this.leaseMs } : current,
        );
        if (lease?.holder === this.tabId) this.leaseValidUntil = lease.expiresAt;
        if (this.running) this.setSender(lease?.holder === this.tabId);
      } catch {
        // Storage failed: no lease can be proven, so this tab does not send shared entries.
        this.setSender(false);
      }
    }
    if (this.sender) this.post({ kind: 'heartbeat', from: this.tabId });
    if (!this.running) return;
    this.timers.clearTimeout(this.renewTimer);
    this.renewTimer = this.timers.setTimeout(() => void this.renewLease(), this.heartbeatMs);
  }

  private receive(data: unknown): void {
    if (!isCoordinatorMessage(data) || data.from === this.tabId) return;
    switch (data.kind) {
      case 'changed':
        for (const listener of [...this.announcementListeners]) listener(data.conversationId);
        break;
      case 'heartbeat':
        this.heardHolderAt = this.timers.now();
        break;
      case 'resign':
        this.heardHolderAt = Number.NEGATIVE_INFINITY;
        if (!this.locks) void this.renewLease();
        break;
    }
  }

  private post(message: CoordinatorMessage): void {
    this.channel?.postMessage(message);
  }

  private setSender(sender: boolean): void {
    if (this.sender === sender) return;
    this.sender = sender;
    for (const listener of [...this.senderListeners]) listener(sender);
  }
}
