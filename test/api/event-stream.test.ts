import { expect } from '@open-wc/testing';
import { createPosthogAdapter } from '../../src/api/stream/posthog-adapter.js';
import { ConvoEventStream } from '../../src/api/stream/event-stream.js';
import { eventsFromResponse } from '../../src/api/stream/response-events.js';
import type { ConvoStreamEvent } from '../../src/api/stream/events.js';

const encoder = new TextEncoder();

/** A response whose body yields `chunks`, then stays open (or closes when `close`); records cancellation. */
function streamingResponse(chunks: string[], { close }: { close: boolean }) {
  const state = { cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (close) controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }), state };
}

const HUMAN = 'event: message\ndata: {"type":"human","id":"h","content":"hi"}\n\n';
const PARTIAL = 'event: message\ndata: {"type":"ai","id":"temp-0","content":"Hel"}\n\n';
const FINAL = 'event: message\ndata: {"type":"ai","id":"a1","content":"Hello"}\n\n';

function eventStream(response: Response, signal?: AbortSignal, idleTimeoutMs = 0) {
  return new ConvoEventStream('c', undefined, () => eventsFromResponse(response, createPosthogAdapter(), signal, idleTimeoutMs));
}

describe('ConvoEventStream', () => {
  it('yields the adapter events and ends with done when the body ends', async () => {
    const { response } = streamingResponse([HUMAN, PARTIAL.slice(0, 20), PARTIAL.slice(20), FINAL], { close: true });
    const types: string[] = [];
    for await (const event of eventStream(response)) types.push(event.type);
    expect(types).to.deep.equal(['message-completed', 'message-started', 'message-completed', 'done']);
  });

  it('can be read only once', () => {
    const stream = eventStream(streamingResponse([], { close: true }).response);
    stream[Symbol.asyncIterator]();
    expect(() => stream[Symbol.asyncIterator]()).to.throw(TypeError);
  });

  it('abort rejects every pending next() with ConvoAbortError, then reports done, and cancels the body', async () => {
    const controller = new AbortController();
    const { response, state } = streamingResponse([HUMAN], { close: false });
    const iterator = eventStream(response, controller.signal)[Symbol.asyncIterator]();
    expect((await iterator.next()).value.type).to.equal('message-completed');
    const pending = iterator.next();
    const queued = iterator.next();
    controller.abort();
    const outcomes = await Promise.allSettled([pending, queued]);
    expect(outcomes[0]!.status).to.equal('rejected');
    expect((outcomes[0] as PromiseRejectedResult).reason.kind).to.equal('abort');
    expect(outcomes[1]).to.deep.equal({ status: 'fulfilled', value: { done: true, value: undefined } });
    expect(await iterator.next()).to.deep.equal({ done: true, value: undefined });
    expect(state.cancelled).to.equal(true);
  });

  it('an already aborted signal stops before reading', async () => {
    const controller = new AbortController();
    controller.abort();
    const iterator = eventStream(streamingResponse([HUMAN], { close: true }).response, controller.signal)[Symbol.asyncIterator]();
    const error = await iterator.next().then(
      () => null,
      (reason: { kind: string }) => reason,
    );
    expect(error?.kind).to.equal('abort');
  });

  it('leaving the loop early cancels the body', async () => {
    const { response, state } = streamingResponse([HUMAN, PARTIAL], { close: false });
    for await (const event of eventStream(response)) {
      expect(event.type).to.equal('message-completed');
      break;
    }
    expect(state.cancelled).to.equal(true);
  });

  it('a body that errors mid-reply ends as interrupted, without throwing', async () => {
    let fail: (reason: unknown) => void = () => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(HUMAN));
        fail = (reason) => controller.error(reason);
      },
    });
    const events: ConvoStreamEvent[] = [];
    const iterator = eventStream(new Response(body))[Symbol.asyncIterator]();
    events.push((await iterator.next()).value);
    fail(new TypeError('network error'));
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) events.push(next.value);
    expect(events.map((event) => (event.type === 'error' ? `error ${event.error.kind}` : event.type === 'done' ? `done ${event.reason}` : event.type))).to.deep.equal([
      'message-completed',
      'error network',
      'done interrupted',
    ]);
  });

  it('a silent connection (not even keepalives) ends as interrupted after the idle timeout', async () => {
    const { response, state } = streamingResponse([HUMAN, ': keepalive\n\n'], { close: false });
    const events: ConvoStreamEvent[] = [];
    for await (const event of eventStream(response, undefined, 50)) events.push(event);
    expect(events.map((event) => event.type)).to.deep.equal(['message-completed', 'error', 'done']);
    expect(events[2]).to.deep.equal({ type: 'done', reason: 'interrupted' });
    expect(state.cancelled).to.equal(true);
  });
});
