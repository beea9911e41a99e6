/**
 * Reads a reply's event-stream response into events, through the dialect's adapter. Loaded with the dialect's
 * reply code, on first use (see reply-stream.ts).
 */
import { ConvoAbortError, ConvoNetworkError } from '../errors.js';
import { releaseStreamingResponse, throwIfAborted } from '../http.js';
import { createStreamDecoder } from './decoder.js';
import type { ConvoStreamEvent, StreamAdapter } from './events.js';

/**
 * Ends the pending read, by cancelling the reader (the read then resolves as done), when `signal` fires or
 * when a read waited `idleTimeoutMs` (0: never) without a byte; `idle` says which. One listener and one
 * timer serve the whole response: a read only notes when it began waiting, and a timer that fires early
 * waits again for what is left. (A timer, a race and an abort listener per read cost about 6 µs of main
 * thread each time, and a fast reply is tens of thousands of chunks.)
 */
function watchReader(reader: ReadableStreamDefaultReader<Uint8Array>, signal: AbortSignal | undefined, idleTimeoutMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => void reader.cancel().catch(() => undefined);
  const watch = {
    idle: false,
    /** When the pending read began; `undefined` while the events of the last chunk are being taken. */
    waitingSince: undefined as number | undefined,
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    },
  };
  const checkIdle = () => {
    const waited = watch.waitingSince === undefined ? 0 : performance.now() - watch.waitingSince;
    if (waited < idleTimeoutMs) {
      timer = setTimeout(checkIdle, idleTimeoutMs - waited);
      return;
    }
    watch.idle = true;
    cancel();
  };
  signal?.addEventListener('abort', cancel, { once: true });
  if (idleTimeoutMs > 0) timer = setTimeout(checkIdle, idleTimeoutMs);
  return watch;
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
  const watch = watchReader(reader, signal, idleTimeoutMs);
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        throwIfAborted(signal);
        watch.waitingSince = performance.now();
        chunk = await reader.read();
        watch.waitingSince = undefined;
      } catch (error) {
        if (signal?.aborted) throw new ConvoAbortError(signal.reason);
        yield { type: 'error', error: new ConvoNetworkError('The connection dropped before the reply ended', { cause: error }) };
        yield { type: 'done', reason: 'interrupted' };
        return;
      }
      throwIfAborted(signal);
      if (watch.idle) {
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
    watch.dispose();
    // Ends the HTTP exchange on abort, early exit, failure or silence; a finished body ignores it.
    reader.cancel().catch(() => undefined);
    releaseStreamingResponse(response);
  }
}
