/**
 * Reads a reply's event-stream response into events, through the dialect's adapter. Loaded with the dialect's
 * reply code, on first use (see reply-stream.ts).
 */
import { ConvoAbortError, ConvoNetworkError } from '../errors.js';
import { releaseStreamingResponse, throwIfAborted } from '../http.js';
import { createStreamDecoder } from './decoder.js';
import type { ConvoStreamEvent, StreamAdapter } from './events.js';

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

/**
 * Reads an event-stream response through the dialect's adapter. Both servers send a comment at least every
 * 15 s on a live stream, so `idleTimeoutMs` without a single byte means the connection is dead even if no
 * error surfaced (a half-open TCP connection): the stream then ends as interrupted. 0 disables the check.
 */
export async function* eventsFromResponse(
  response: Response,
  adapter: StreamAdapter,
  signal: AbortSignal | undefined,
  idleTimeoutMs = 0,
): AsyncGenerator<ConvoStreamEvent, void, undefined> {
  const decoder = createStreamDecoder(adapter);
  if (!response.body) {
    releaseStreamingResponse(response);
    yield* decoder.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array> | 'idle';
      try {
        chunk = await unlessAborted(() => readWithin(reader, idleTimeoutMs), signal);
      } catch (error) {
        if (signal?.aborted) throw new ConvoAbortError(signal.reason);
        yield { type: 'error', error: new ConvoNetworkError('The connection dropped before the reply ended', { cause: error }) };
        yield { type: 'done', reason: 'interrupted' };
        return;
      }
      if (chunk === 'idle') {
        yield { type: 'error', error: new ConvoNetworkError(`No data for ${Math.round(idleTimeoutMs / 1000)} s: the connection is gone`) };
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
    // Ends the HTTP exchange on abort, early exit, failure or silence; a finished body ignores it.
    reader.cancel().catch(() => undefined);
    releaseStreamingResponse(response);
  }
}

/** The next chunk, or `'idle'` when none came within `idleTimeoutMs` (0: wait indefinitely). */
function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, idleTimeoutMs: number): Promise<ReadableStreamReadResult<Uint8Array> | 'idle'> {
  const read = reader.read();
  if (idleTimeoutMs <= 0) return read;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<'idle'>((resolve) => {
    timer = setTimeout(() => resolve('idle'), idleTimeoutMs);
  });
  return Promise.race([read, idle]).finally(() => clearTimeout(timer));
}
