/**
 * Test doubles for the outbox: fake timers driven by hand, a memory backend that fails on command, a
 * single-tab election, a switchable network, and a fake server that counts what it received.
 */
import { ConvoApiError, ConvoNetworkError } from '../../src/api/errors.js';
import { newEntry, type OutboxBackend, type OutboxEntry, type OutboxTimers } from '../../src/store/outbox-entry.js';
import type { OutboxJournal } from '../../src/store/outbox-journal.js';
import type { Connectivity, ConnectivityChange, OutboxTransport, SenderElection, ServerQueueTransport } from '../../src/store/outbox.js';

/** Lets promise chains and IndexedDB callbacks run (real macrotasks; the outbox itself sees only fake time). */
export async function settle(rounds = 8): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export class FakeTimers implements OutboxTimers {
  time = 1_000_000;
  private nextHandle = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.nextHandle++;
    this.pending.set(handle, { at: this.time + Math.max(0, delayMs), callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Moves time forward, running each due timer at its own time and letting the work it starts settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const due = [...this.pending].filter(([, timer]) => timer.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      const [handle, timer] = due;
      this.pending.delete(handle);
      this.time = Math.max(this.time, timer.at);
      timer.callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** An `OutboxBackend` in memory; `failWith` makes every call fail until it is cleared. */
export class MemoryBackend implements OutboxBackend {
  readonly records = new Map<string, readonly OutboxEntry[]>();
  failWith: unknown = undefined;
  private readonly availableListeners = new Set<() => void>();

  private async check(): Promise<void> {
    await Promise.resolve();
    if (this.failWith !== undefined) throw this.failWith;
  }

  async readAll(): Promise<Map<string, OutboxEntry[]>> {
    await this.check();
    return new Map([...this.records].map(([key, list]) => [key, [...list]]));
  }

  async update(conversationId: string, change: (entries: readonly OutboxEntry[]) => readonly OutboxEntry[]): Promise<readonly OutboxEntry[]> {
    await this.check();
    const written = change(this.records.get(conversationId) ?? []);
    if (written.length > 0) this.records.set(conversationId, written);
    else this.records.delete(conversationId);
    return written;
  }

  async probe(): Promise<void> {
    await this.check();
  }

  onAvailable(listener: () => void): () => void {
    this.availableListeners.add(listener);
    return () => this.availableListeners.delete(listener);
  }

  close(): void {}
}

export class SingleTab implements SenderElection {
  readonly tabId: string;
  readonly exclusive = true;
  isSender = true;
  private readonly listeners = new Set<(isSender: boolean) => void>();

  constructor(tabId = 'tab-1') {
    this.tabId = tabId;
  }

  setSender(isSender: boolean): void {
    this.isSender = isSender;
    for (const listener of this.listeners) listener(isSender);
  }

  onSenderChange(listener: (isSender: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(): void {}

  onAnnouncement(): () => void {
    return () => {};
  }
}

export class SwitchableNetwork implements Connectivity {
  online = true;
  private readonly listeners = new Set<(change: ConnectivityChange) => void>();

  set(online: boolean): void {
    this.online = online;
    for (const listener of this.listeners) listener(online ? 'online' : 'offline');
  }

  subscribe(listener: (change: ConnectivityChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * What one send does on the fake server:
 * - `ok`: received and acknowledged;
 * - a status: refused with it (not received);
 * - `lost-request`: the connection dies before the server sees anything;
 * - `lost-answer`: the server stores the message, then the connection dies before the answer;
 * - `hang`: the server stores the message and never answers (until the attempt is aborted).
 */
export type SendStep = 'ok' | 'lost-request' | 'lost-answer' | 'hang' | { status: number; retryAfterMs?: number; code?: string };

export function apiError(status: number, retryAfterMs?: number, code?: string): ConvoApiError {
  return new ConvoApiError({ status, code: code ?? `http_${status}`, message: `refused with ${status}`, retryAfterMs, body: null });
}

/** Counts every message it receives; `alreadyDelivered` answers from what it holds, as PostHog's trace ids do. */
export class CountingServer implements OutboxTransport {
  readonly received: OutboxEntry[] = [];
  readonly sends: { traceId: string; idempotencyKey: string; at: number }[] = [];
  checks = 0;
  /** Steps for the coming sends, in order; `ok` once exhausted. */
  plan: SendStep[] = [];
  /** Checks fail with a network error while this is positive (counted down per check). */
  failingChecks = 0;
  private readonly clock: () => number;

  constructor(clock: () => number = () => Date.now()) {
    this.clock = clock;
  }

  countOf(traceId: string): number {
    return this.received.filter((entry) => entry.traceId === traceId).length;
  }

  async deliver(entry: OutboxEntry, signal: AbortSignal): Promise<void> {
    this.sends.push({ traceId: entry.traceId, idempotencyKey: entry.idempotencyKey, at: this.clock() });
    const step = this.plan.shift() ?? 'ok';
    await Promise.resolve();
    if (signal.aborted) throw new ConvoNetworkError('aborted before sending');
    if (typeof step === 'object') throw apiError(step.status, step.retryAfterMs, step.code);
    if (step === 'lost-request') throw new ConvoNetworkError('connection reset');
    this.received.push(entry);
    if (step === 'lost-answer') throw new ConvoNetworkError('connection dropped after the request');
    if (step === 'hang') {
      await new Promise<void>((_, reject) => {
        const fail = () => reject(new ConvoNetworkError('aborted while waiting for the answer'));
        if (signal.aborted) fail();
        signal.addEventListener('abort', fail, { once: true });
      });
    }
  }

  async alreadyDelivered(entry: OutboxEntry, signal: AbortSignal): Promise<boolean> {
    this.checks += 1;
    await Promise.resolve();
    if (signal.aborted) throw new ConvoNetworkError('aborted');
    if (this.failingChecks > 0) {
      this.failingChecks -= 1;
      throw new ConvoNetworkError('check failed');
    }
    return this.countOf(entry.traceId) > 0;
  }
}

/** An `OutboxJournal` in memory (the browser's is `localStorage`). */
export class MemoryJournal implements OutboxJournal {
  readonly notes = new Map<string, OutboxEntry>();

  record(entry: OutboxEntry): void {
    this.notes.set(entry.id, entry);
  }

  forget(entryId: string): void {
    this.notes.delete(entryId);
  }

  pending(): OutboxEntry[] {
    return [...this.notes.values()];
  }
}

/** A stored entry as `Outbox.send` writes it, with `change` applied: for tests that seed storage by hand. */
export function storedEntry(change: Partial<OutboxEntry> & Pick<OutboxEntry, 'id' | 'content'>): OutboxEntry {
  const fresh = newEntry({ id: change.id, conversationId: 'c1', content: change.content, idempotencyKey: `key-${change.id}`, traceId: `trace-${change.id}`, createdAt: 0, createdBy: 'tab-0', followUp: false });
  return { ...fresh, ...change };
}

let sequence = 0;
/** Distinct, readable ids (uuids in production). */
export function sequentialIds(prefix = 'id'): () => string {
  return () => `${prefix}-${(sequence += 1)}`;
}

export function uniqueName(label: string): string {
  return `outbox-test-${label}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * A conversation with PostHog's queue of follow-ups: a send while a reply runs is a 409; the queue holds two
 * items and runs them, in order, one per `finishTurn`, without trace ids (as the real server does).
 */
export class QueueingServer extends CountingServer {
  /** A reply is being written: sends are refused with 409 and the queue's items wait. */
  running = false;
  items: { id: string; content: string }[] = [];
  /** What the conversation holds, in order: streamed messages (with trace id) and the queue's (without). */
  readonly messages: { content: string; traceId: string | null }[] = [];
  /** The next `look` answers "idle" whatever is running (a reply starts just after it). */
  staleLook = false;
  /** The next `add` stores its item and then loses the answer. */
  loseNextAddAnswer = false;
  readonly calls: string[] = [];
  private itemsAdded = 0;
  readonly serverQueue: ServerQueueTransport;

  constructor(clock: () => number = () => Date.now()) {
    super(clock);
    this.serverQueue = {
      capacity: 2,
      look: async () => {
        this.calls.push('look');
        await Promise.resolve();
        const running = this.running && !this.staleLook;
        this.staleLook = false;
        return { running, baseline: this.messages.length };
      },
      add: async (entry) => {
        this.calls.push(`add ${entry.content}`);
        await Promise.resolve();
        if (this.items.length >= 2) throw apiError(409, undefined, 'queue_full');
        this.itemsAdded += 1;
        const item = { id: `item-${this.itemsAdded}`, content: entry.content };
        this.items.push(item);
        if (this.loseNextAddAnswer) {
          this.loseNextAddAnswer = false;
          throw new ConvoNetworkError('the answer to the add was lost');
        }
        return item.id;
      },
      find: async (entry, taken) => {
        await Promise.resolve();
        return this.items.find((item) => item.content === entry.content && !taken.has(item.id))?.id ?? null;
      },
      read: async () => {
        await Promise.resolve();
        return { itemIds: new Set(this.items.map((item) => item.id)), running: this.running };
      },
      update: async (_entry, itemId, content) => {
        this.calls.push(`update ${itemId}`);
        await Promise.resolve();
        const item = this.items.find((candidate) => candidate.id === itemId);
        if (item === undefined) return false;
        item.content = content;
        return true;
      },
      remove: async (_entry, itemId) => {
        this.calls.push(`remove ${itemId}`);
        await Promise.resolve();
        const before = this.items.length;
        this.items = this.items.filter((candidate) => candidate.id !== itemId);
        return this.items.length < before;
      },
    };
  }

  override async deliver(entry: OutboxEntry, signal: AbortSignal): Promise<void> {
    if (this.running) {
      this.sends.push({ traceId: entry.traceId, idempotencyKey: entry.idempotencyKey, at: Date.now() });
      throw apiError(409, undefined, 'conflict');
    }
    await super.deliver(entry, signal);
    this.messages.push({ content: entry.content, traceId: entry.traceId });
    this.running = true;
  }

  override async alreadyDelivered(entry: OutboxEntry, signal: AbortSignal): Promise<boolean> {
    if (await super.alreadyDelivered(entry, signal)) return true;
    return entry.deliveryBaseline !== null && this.messages.slice(entry.deliveryBaseline).some((message) => message.content === entry.content);
  }

  /** The turn under way ends: the queue's next item runs as the next turn, or the run ends. */
  finishTurn(): void {
    const next = this.items.shift();
    if (next === undefined) this.running = false;
    else this.messages.push({ content: next.content, traceId: null });
  }

  finishTurns(count: number): void {
    for (let turn = 0; turn < count; turn += 1) this.finishTurn();
  }

  /** How many times the conversation holds `content`. */
  held(content: string): number {
    return this.messages.filter((message) => message.content === content).length;
  }
}
