/** Shared by the contract tests: reading streams to the end, and fetch wrappers that disturb real responses. */
import type { ConvoEventStream } from '../../src/api/stream/event-stream.js';
import type { ConvoStreamEvent } from '../../src/api/stream/events.js';
import type { ConvoError } from '../../src/api/errors.js';

export async function collect(stream: AsyncIterable<ConvoStreamEvent>): Promise<ConvoStreamEvent[]> {
  const events: ConvoStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<ConvoError> {
  try {
    await promise;
  } catch (error) {
    return error as ConvoError;
  }
  throw new Error('expected a rejection');
}

/** Iterates `stream` until `predicate` holds for an event; answers the events so far and the live iterator. */
export async function readUntil(
  stream: ConvoEventStream,
  predicate: (event: ConvoStreamEvent) => boolean,
): Promise<{ events: ConvoStreamEvent[]; iterator: AsyncIterator<ConvoStreamEvent> }> {
  const iterator = stream[Symbol.asyncIterator]();
  const events: ConvoStreamEvent[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) throw new Error(`stream ended before the awaited event; saw ${events.map((event) => event.type).join(', ')}`);
    events.push(next.value);
    if (predicate(next.value)) return { events, iterator };
  }
}

/** Re-cuts every event-stream response body into pieces of 1 to `maxPiece` bytes (multi-byte characters split). */
export function rechunkingFetch(maxPiece: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) return response;
    let turn = 0;
    const recut = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        for (let start = 0; start < chunk.length; ) {
          const size = 1 + (turn++ % maxPiece);
          controller.enqueue(chunk.subarray(start, start + size));
          start += size;
        }
      },
    });
    return new Response(response.body.pipeThrough(recut), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Inserts `frame` (raw text) into every event-stream response after its first `afterFrames` frames. */
export function injectingFetch(frame: string, afterFrames: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) return response;
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    let buffered = '';
    let seen = 0;
    let injected = false;
    const inject = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (injected) {
          controller.enqueue(chunk);
          return;
        }
        buffered += decoder.decode(chunk, { stream: true });
        let boundary = buffered.search(/\r?\n\r?\n/);
        while (!injected && boundary >= 0) {
          const length = buffered.slice(boundary).match(/^\r?\n\r?\n/)![0].length;
          controller.enqueue(encoder.encode(buffered.slice(0, boundary + length)));
          buffered = buffered.slice(boundary + length);
          seen += 1;
          if (seen === afterFrames) {
            controller.enqueue(encoder.encode(frame));
            injected = true;
          }
          boundary = buffered.search(/\r?\n\r?\n/);
        }
        if (injected && buffered !== '') {
          controller.enqueue(encoder.encode(buffered));
          buffered = '';
        }
      },
      flush(controller) {
        if (buffered !== '') controller.enqueue(encoder.encode(buffered));
      },
    });
    return new Response(response.body.pipeThrough(inject), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
