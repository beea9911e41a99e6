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
import { ConvoAbortError, ConvoNetworkError } from '../errors.js';
import { throwIfAborted } from '../http.js';
import { createStreamDecoder } from './decoder.js';
import type { ConvoStreamEvent, StreamAdapter } from './events.js';

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

/**
 * Starts `operation` unless `signal` has fired, and settles with it or rejects with `ConvoAbortError` as soon
 * as `signal` fires, whichever comes first.
 */
function unlessAborted<T>(operation: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  throwIfAborted(signal);
  const promise = operation();
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ConvoAbortError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Reads an event-stream response through the dialect's adapter. */
export async function* eventsFromResponse(
  response: Response,
  adapter: StreamAdapter,
  signal: AbortSignal | undefined,
): AsyncGenerator<ConvoStreamEvent, void, undefined> {
  const decoder = createStreamDecoder(adapter);
  if (!response.body) {
    yield* decoder.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await unlessAborted(() => reader.read(), signal);
      } catch (error) {
        if (signal?.aborted) throw new ConvoAbortError(signal.reason);
        yield { type: 'error', error: new ConvoNetworkError('The connection dropped before the reply ended', { cause: error }) };
        yield { type: 'done', reason: 'interrupted' };
        return;
      }
      const events = chunk.done ? decoder.end() : decoder.push(chunk.value);
      for (const event of events) {
        throwIfAborted(signal);
        yield event;
      }
      if (chunk.done) return;
    }
  } finally {
    // Ends the HTTP exchange on abort, early exit or failure; a finished body ignores it.
    reader.cancel().catch(() => undefined);
  }
}
