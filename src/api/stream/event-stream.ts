/**
 * A reply stream as an async iterable. Nothing is sent until iteration begins (so a stream that is never
 * read never posts, and an early failure is never an unhandled rejection), and a stream is read once.
 *
 * Failures before the reply starts (401, 404, 409 busy, 429 …) reject the first `next()` with the
 * `ConvoError`. A connection lost mid-reply is not thrown: it yields an `error` event (kind `network`) and
 * `done` with reason `interrupted`, so the caller can `reattach`.
 *
 * Abort: when the caller's signal fires, the pending `next()` REJECTS with `ConvoAbortError` (as `fetch`
 * does), the body is cancelled, and every later `next()` resolves `{done: true}`. Leaving a `for await`
 * loop early (`break`) cancels the body too.
 */
import type { ConvoMessage } from '../types.js';
import type { ConvoStreamEvent, StreamEndReason } from './events.js';

export class ConvoEventStream implements AsyncIterable<ConvoStreamEvent> {
  private consumed = false;

  constructor(
    /** The conversation the reply belongs to (PostHog: chosen by the client for a new conversation). */
    readonly conversationId: string,
    /** The `trace_id` sent with the message (PostHog), by which a delivered message is recognised. */
    readonly traceId: string | undefined,
    private readonly produce: () => AsyncGenerator<ConvoStreamEvent, void, undefined>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<ConvoStreamEvent> {
    if (this.consumed) throw new TypeError('A reply stream can be read only once');
    this.consumed = true;
    return this.produce();
  }
}

/** Stored messages as a stream: what a replay yields when there is no live run to attach to. */
export function* replayStoredMessages(messages: ConvoMessage[], reason: StreamEndReason): Generator<ConvoStreamEvent, void, undefined> {
  for (const message of messages) yield { type: 'message-completed', message };
  yield { type: 'done', reason };
}
