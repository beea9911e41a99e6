/**
 * Follow-ups the person typed while the agent works. PostHog keeps up to two in its own queue and runs them
 * after the current turn on the same stream; the rest wait here and move up as the server takes its items.
 * The agents dialect has no server queue: everything waits here and the session sends it after the run.
 *
 * Server calls run one at a time (a chain), so a refresh never interleaves with an add and an item is
 * never matched to the wrong server id.
 */
import type { ConvoClient } from '../api/client.js';
import { isConvoError, type AnyConvoError } from '../api/errors.js';
import { isAbort } from '../elements/convo-chat/describe-error.js';

export interface QueuedFollowUp {
  /** Stable for rendering while the item moves from the local list to the server queue. */
  readonly key: string;
  content: string;
  /** The server queue's id; `undefined` while the item waits locally. */
  serverId: string | undefined;
}

export interface FollowUpQueueContext {
  readonly client: ConvoClient | undefined;
  readonly conversationId: string | null;
  /** Whether a run is going on (the server takes queued items only then). */
  readonly busy: boolean;
  readonly signal: AbortSignal;
  changed(): void;
  failed(error: unknown): void;
}

/** PostHog's `max_queue_messages`. */
const SERVER_QUEUE_SIZE = 2;

function isQueueFull(error: unknown): boolean {
  if (!isConvoError(error)) return false;
  const known = error as AnyConvoError;
  return known.kind === 'api' && known.code === 'queue_full';
}

export class FollowUpQueue {
  items: QueuedFollowUp[] = [];
  private chain: Promise<void> = Promise.resolve();
  private keys = 0;

  constructor(private readonly context: FollowUpQueueContext) {}

  private get serverQueue(): boolean {
    return this.context.client?.dialect === 'posthog' && this.context.conversationId !== null;
  }

  /** Forgets everything (another conversation opened). */
  reset(): void {
    this.items = [];
  }

  add(content: string): void {
    this.keys += 1;
    this.items = [...this.items, { key: `queued-${this.keys}`, content, serverId: undefined }];
    this.context.changed();
    void this.serially(() => this.fillServer());
  }

  edit(item: QueuedFollowUp, content: string): Promise<void> {
    const text = content.trim();
    if (text === '') return this.remove(item);
    item.content = text;
    this.context.changed();
    return this.serially(async () => {
      const { client, conversationId, signal } = this.context;
      if (item.serverId === undefined || client === undefined || conversationId === null) return;
      await client.queue.update(conversationId, item.serverId, text, { signal });
    });
  }

  remove(item: QueuedFollowUp): Promise<void> {
    this.items = this.items.filter((candidate) => candidate !== item);
    this.context.changed();
    return this.serially(async () => {
      const { client, conversationId, signal } = this.context;
      if (item.serverId !== undefined && client !== undefined && conversationId !== null) await client.queue.remove(conversationId, item.serverId, { signal });
      await this.fillServer();
    });
  }

  /** Takes every item out (the server cleared its queue on a stop) and answers their texts. */
  drain(): string[] {
    const texts = this.items.map((item) => item.content);
    this.items = [];
    this.context.changed();
    return texts;
  }

  /**
   * Matches the list to the server's queue (after each human echo the server has taken an item into a
   * run), then tops the server queue up from the local items.
   */
  sync(): Promise<void> {
    return this.serially(async () => {
      await this.readServer();
      await this.fillServer();
    });
  }

  /**
   * After a run ended: the next item to send by hand, removed from the list (and from the server queue when
   * it was there: an item added just as the run ended is left there by the server).
   */
  takeNext(): Promise<QueuedFollowUp | undefined> {
    let next: QueuedFollowUp | undefined;
    return this.serially(async () => {
      await this.readServer();
      next = this.items[0];
      if (next === undefined) return;
      this.items = this.items.slice(1);
      this.context.changed();
      const { client, conversationId, signal } = this.context;
      if (next.serverId !== undefined && client !== undefined && conversationId !== null) await client.queue.remove(conversationId, next.serverId, { signal });
    }).then(() => next);
  }

  private async readServer(): Promise<void> {
    const { client, conversationId, signal } = this.context;
    if (!this.serverQueue || client === undefined || conversationId === null) return;
    const state = await client.queue.list(conversationId, { signal });
    const known = new Map(this.items.filter((item) => item.serverId !== undefined).map((item) => [item.serverId!, item]));
    const onServer = state.messages.map((message) => {
      const item = known.get(message.id);
      if (item !== undefined) return item;
      // Queued elsewhere (another tab): shown too, so the person sees what will run.
      this.keys += 1;
      return { key: `queued-${this.keys}`, content: message.content, serverId: message.id };
    });
    this.items = [...onServer, ...this.items.filter((item) => item.serverId === undefined)];
    this.context.changed();
  }

  private async fillServer(): Promise<void> {
    const { client, conversationId, signal } = this.context;
    if (!this.serverQueue || client === undefined || conversationId === null) return;
    for (const item of this.items) {
      if (!this.context.busy) return;
      if (item.serverId !== undefined || !this.items.includes(item)) continue;
      if (this.items.filter((candidate) => candidate.serverId !== undefined).length >= SERVER_QUEUE_SIZE) return;
      try {
        const state = await client.queue.add(conversationId, item.content, { signal });
        const claimed = new Set(this.items.map((candidate) => candidate.serverId));
        item.serverId = state.messages.find((message) => !claimed.has(message.id))?.id;
        this.context.changed();
      } catch (error) {
        // Full (another tab queued too): the item waits here and goes up when there is room.
        if (isQueueFull(error)) return;
        throw error;
      }
    }
  }

  private serially(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task).catch((error: unknown) => {
      if (!isAbort(error)) this.context.failed(error);
    });
    this.chain = run;
    return run;
  }
}
