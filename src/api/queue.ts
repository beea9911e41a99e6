/**
 * PostHog's server-side queue of follow-ups typed while the agent is busy. At most `max_queue_messages`
 * (2) items: one more is a 409 with code `queue_full`. The server runs them in order after each run, on the
 * same stream. Every call answers the whole queue.
 */
import { idempotencyKeyFor, type DialectContext } from './dialect.js';
import type { CallOptions, WriteOptions } from './types.js';
import type { MessageQueue } from './wire-posthog.js';

export class QueueResource {
  constructor(private readonly context: DialectContext) {}

  async list(conversationId: string, options: CallOptions = {}): Promise<MessageQueue> {
    return this.context.transport.json<MessageQueue>({ method: 'GET', path: this.path(conversationId, 'queue.list'), signal: options.signal });
  }

  async add(conversationId: string, content: string, options: WriteOptions = {}): Promise<MessageQueue> {
    return this.write('POST', this.path(conversationId, 'queue.add'), { content }, options, true);
  }

  async update(conversationId: string, queueId: string, content: string, options: WriteOptions = {}): Promise<MessageQueue> {
    return this.write('PATCH', this.path(conversationId, 'queue.update', queueId), { content }, options);
  }

  /** Deletes one item. PostHog documents a 204 but answers the queue; after a 204 the queue is read again. */
  async remove(conversationId: string, queueId: string, options: WriteOptions = {}): Promise<MessageQueue> {
    const queue = await this.context.transport.json<MessageQueue | undefined>({
      method: 'DELETE',
      path: this.path(conversationId, 'queue.remove', queueId),
      idempotencyKey: idempotencyKeyFor(options),
      signal: options.signal,
    });
    return queue ?? this.list(conversationId, options);
  }

  async clear(conversationId: string, options: WriteOptions = {}): Promise<MessageQueue> {
    return this.write('POST', this.path(conversationId, 'queue.clear', 'clear'), {}, options);
  }

  private path(conversationId: string, operation: string, ...rest: string[]): string {
    this.context.require('posthog', operation);
    return this.context.environmentPath('conversations', conversationId, 'queue', ...rest);
  }

  private write(method: 'POST' | 'PATCH', path: string, json: object, options: WriteOptions, creates = false): Promise<MessageQueue> {
    return this.context.transport.json<MessageQueue>({ method, path, json, idempotencyKey: idempotencyKeyFor(options), creates, signal: options.signal });
  }
}
