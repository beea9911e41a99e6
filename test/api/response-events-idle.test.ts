import { expect } from '@open-wc/testing';
import { createPosthogAdapter } from '../../src/api/stream/posthog-adapter.js';
import { eventsFromResponse } from '../../src/api/stream/response-events.js';

const encoder = new TextEncoder();
const HUMAN = 'event: message\ndata: {"type":"human","id":"h","content":"hi"}\n\n';
const PARTIAL = 'event: message\ndata: {"type":"ai","id":"temp-0","content":"Hel"}\n\n';
const FINAL = 'event: message\ndata: {"type":"ai","id":"a1","content":"Hello"}\n\n';

describe('eventsFromResponse, idle timeout', () => {
  it('counts only the time a read waits: a consumer that holds an event longer than the timeout is not cut off', async () => {
    let send: (text: string) => void = () => undefined;
    let close: () => void = () => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(HUMAN));
        send = (text) => controller.enqueue(encoder.encode(text));
        close = () => controller.close();
      },
    });
    const events = eventsFromResponse(new Response(body), createPosthogAdapter(), undefined, 40);
    expect((await events.next()).value?.type).to.equal('message-completed');
    // The person's tab is busy for three timeouts; the server sent nothing meanwhile, and nobody was reading.
    await new Promise((resolve) => setTimeout(resolve, 120));
    send(PARTIAL + FINAL);
    close();
    const rest: string[] = [];
    for await (const event of { [Symbol.asyncIterator]: () => events }) rest.push(event.type === 'done' ? `done ${event.reason}` : event.type);
    expect(rest).to.deep.equal(['message-started', 'message-completed', 'done finished']);
  });

  it('a read that waits longer than the timeout ends the stream as interrupted, and cancels the body', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(HUMAN));
      },
      cancel() {
        cancelled = true;
      },
    });
    const types: string[] = [];
    for await (const event of eventsFromResponse(new Response(body), createPosthogAdapter(), undefined, 40)) types.push(event.type === 'done' ? `done ${event.reason}` : event.type);
    expect(types).to.deep.equal(['message-completed', 'error', 'done interrupted']);
    expect(cancelled).to.equal(true);
  });
});
