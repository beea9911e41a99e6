import { expect } from '@open-wc/testing';
import { createAgentsAdapter } from '../../src/api/stream/agents-adapter.js';
import type { ConvoStreamEvent, StreamAdapter } from '../../src/api/stream/events.js';
import { createPosthogAdapter } from '../../src/api/stream/posthog-adapter.js';
import { comparable, decodeInChunks, frameRanges, loadStream, randomCuts, seededRandom, textOf, transcriptOf } from './stream-fixtures.js';

type AdapterFactory = () => StreamAdapter;

const RECORDINGS: Array<[string, AdapterFactory]> = [
  ['posthog-plain', createPosthogAdapter],
  ['posthog-tool-think-quick', createPosthogAdapter],
  ['posthog-fail', createPosthogAdapter],
  ['posthog-approval', createPosthogAdapter],
  ['posthog-approval-resumed', createPosthogAdapter],
  ['agents-plain', createAgentsAdapter],
  ['agents-tool-think-quick', createAgentsAdapter],
  ['agents-fail', createAgentsAdapter],
  ['agents-approval', createAgentsAdapter],
  ['edge-posthog', createPosthogAdapter],
  ['edge-agents', createAgentsAdapter],
];

/** Up to this size a stream is decoded whole for every cut; above it, the frames around the cut are. */
const WHOLE_STREAM_LIMIT = 16_000;

/** An adapter that only writes down the frames it is given: what every real adapter's output is a function of. */
function frameRecorder(): StreamAdapter & { frames: string[] } {
  const frames: string[] = [];
  return {
    frames,
    frame(event, data) {
      frames.push(`${event ?? ''}\u0000${data}`);
      return [];
    },
    end: () => [],
  };
}

function framesOf(bytes: Uint8Array, cuts: readonly number[]): string {
  const recorder = frameRecorder();
  decodeInChunks(bytes, cuts, recorder);
  return recorder.frames.join('\u0001');
}

/**
 * Every byte offset, two chunks. Small streams are decoded whole through their adapter for every cut.
 * Adapters are pure functions of the frames they receive, so for large recordings it is enough (and a
 * hundred times cheaper) to show that every cut yields the same frames: the cut frame and the one after it
 * are decoded whole and cut, and compared frame by frame; the adapter itself then sees exactly the frames
 * of the uncut stream, which the other tests check.
 */
function checkEveryOffset(bytes: Uint8Array, adapter: AdapterFactory): number {
  let checked = 0;
  if (bytes.length <= WHOLE_STREAM_LIMIT) {
    const reference = comparable(decodeInChunks(bytes, [], adapter()));
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const actual = comparable(decodeInChunks(bytes, [cut], adapter()));
      if (actual !== reference) throw new Error(`events differ when cut at byte ${cut}`);
      checked += 1;
    }
    return checked;
  }
  const frames = frameRanges(bytes);
  for (let index = 0; index < frames.length; index += 1) {
    const [start, frameEnd] = frames[index]!;
    const end = frames[Math.min(frames.length - 1, index + 1)]![1];
    const window = bytes.subarray(start, end);
    const reference = framesOf(window, []);
    for (let cut = Math.max(1, start); cut <= frameEnd && cut < bytes.length; cut += 1) {
      if (framesOf(window, [cut - start]) !== reference) throw new Error(`frames differ when cut at byte ${cut}`);
      checked += 1;
    }
  }
  return checked;
}

describe('stream adapters over recorded streams', () => {
  for (const [name, adapter] of RECORDINGS) {
    describe(name, () => {
      let bytes: Uint8Array;
      let events: ConvoStreamEvent[];
      before(async () => {
        bytes = await loadStream(name);
        events = decodeInChunks(bytes, [], adapter());
      });

      it('gives the same events however the bytes are cut: every offset', function (this: { timeout(ms: number): void }) {
        this.timeout(300_000);
        expect(checkEveryOffset(bytes, adapter)).to.be.at.least(bytes.length - 1);
      });

      it('gives the same events in random multi-chunk splits', function (this: { timeout(ms: number): void }) {
        this.timeout(120_000);
        const reference = comparable(events);
        const random = seededRandom(bytes.length);
        for (let round = 0; round < 25; round += 1) {
          const cuts = randomCuts(bytes.length, random);
          const same = comparable(decodeInChunks(bytes, cuts, adapter())) === reference;
          expect(same, `events differ with cuts ${cuts.join(',')}`).to.equal(true);
        }
        const byteByByte = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
        expect(comparable(decodeInChunks(bytes, byteByByte, adapter())) === reference, 'events differ byte by byte').to.equal(true);
      });

      it('ends with exactly one done', () => {
        expect(events.filter((event) => event.type === 'done')).to.have.length(1);
        expect(events[events.length - 1]!.type).to.equal('done');
      });

      it('streams text that adds up to each final message', () => {
        events.forEach((event, index) => {
          if (event.type !== 'message-completed') return;
          const before = transcriptOf(events.slice(0, index));
          const streamed = before.get(event.replacesId ?? event.message.id);
          if (streamed) expect(textOf(streamed), `message ${event.message.id}`).to.equal(textOf(event.message));
        });
      });
    });
  }
});

describe('stream adapters, what the recordings show', () => {
  it('PostHog: conversation first, human echo with its trace id, growing text as suffixes only', async () => {
    const events = decodeInChunks(await loadStream('posthog-plain'), [], createPosthogAdapter());
    expect(events[0]!.type).to.equal('conversation');
    const echo = events.find((event) => event.type === 'message-completed' && event.message.role === 'user');
    expect(echo && echo.type === 'message-completed' && echo.message.traceId).to.be.a('string');
    expect(events.some((event) => event.type === 'message-replaced')).to.equal(false);
    const appended = events.filter((event) => event.type === 'text-appended').reduce((sum, event) => sum + (event.type === 'text-appended' ? event.text.length : 0), 0);
    const final = events.find((event) => event.type === 'message-completed' && event.replacesId === 'temp-0');
    if (!final || final.type !== 'message-completed') throw new Error('no final message');
    const started = events.find((event) => event.type === 'message-started');
    if (!started || started.type !== 'message-started') throw new Error('no started message');
    expect(textOf(started.message).length + appended).to.equal(textOf(final.message).length);
    expect(textOf(final.message)).to.contain('日本語 🎉');
    expect(events[events.length - 1]).to.deep.equal({ type: 'done', reason: 'finished' });
  });

  it('PostHog: tool calls, progress and results', async () => {
    const events = decodeInChunks(await loadStream('posthog-tool-think-quick'), [], createPosthogAdapter());
    const call = events.find((event) => event.type === 'tool-call');
    const result = events.find((event) => event.type === 'tool-result');
    expect(call, "a tool-call event").not.to.equal(undefined);
    expect(events.some((event) => event.type === 'progress')).to.equal(true);
    expect(result && call && result.type === 'tool-result' && call.type === 'tool-call' && result.toolCallId === call.call.toolCallId).to.equal(true);
  });

  it('PostHog: generation_error fails the run', async () => {
    const events = decodeInChunks(await loadStream('posthog-fail'), [], createPosthogAdapter());
    const error = events.find((event) => event.type === 'error');
    expect(error && error.type === 'error' && error.error.kind).to.equal('run');
    expect(events[events.length - 1]).to.deep.equal({ type: 'done', reason: 'failed' });
  });

  it('PostHog: a stream that closes on a partial message was cut, not finished; at a step\'s end it finished', async () => {
    const bytes = await loadStream('posthog-plain');
    const text = new TextDecoder().decode(bytes);
    // Cut cleanly (whole frames) after the last partial of the reply, before its final message.
    const lastPartial = text.lastIndexOf('"id":"temp-');
    expect(lastPartial).to.be.greaterThan(0);
    const cutAt = new TextEncoder().encode(text.slice(0, text.indexOf('\n\n', lastPartial) + 2)).length;
    const cut = decodeInChunks(bytes.subarray(0, cutAt), [], createPosthogAdapter());
    expect(cut.some((event) => event.type === 'text-appended')).to.equal(true);
    const error = cut.find((event) => event.type === 'error');
    expect(error && error.type === 'error' && error.error.kind).to.equal('network');
    expect(cut[cut.length - 1]).to.deep.equal({ type: 'done', reason: 'interrupted' });
    const whole = decodeInChunks(bytes, [], createPosthogAdapter());
    expect(whole.some((event) => event.type === 'error')).to.equal(false);
    expect(whole[whole.length - 1]).to.deep.equal({ type: 'done', reason: 'finished' });
  });

  it('agents: concat_string deltas become appends, and the run finishes', async () => {
    const events = decodeInChunks(await loadStream('agents-tool-think-quick'), [], createAgentsAdapter());
    expect(events.filter((event) => event.type === 'text-appended').length).to.be.greaterThan(100);
    expect(events.some((event) => event.type === 'tool-call')).to.equal(true);
    expect(events.some((event) => event.type === 'tool-result')).to.equal(true);
    expect(events[events.length - 1]).to.deep.equal({ type: 'done', reason: 'finished' });
  });
});

/** One line per event, enough to pin the exact sequence. */
function summary(event: ConvoStreamEvent): string {
  switch (event.type) {
    case 'message-started':
    case 'message-replaced':
      return `${event.type} ${event.message.id} ${JSON.stringify(textOf(event.message))}`;
    case 'message-completed':
      return `${event.type} ${event.message.id}${event.replacesId ? ` replaces ${event.replacesId}` : ''} ${event.message.parts.map((part) => part.kind).join(',')}`;
    case 'text-appended':
      return `${event.type} ${event.messageId}#${event.partIndex} ${JSON.stringify(event.text)}`;
    case 'tool-call':
      return `${event.type} ${event.call.toolCallId} ${event.call.name}`;
    case 'tool-result':
      return `${event.type} ${event.toolCallId} ${event.status}`;
    case 'progress':
      return `${event.type} ${event.toolCallId} ${event.text}`;
    case 'error':
      return `${event.type} ${event.error.kind} ${'code' in event.error ? event.error.code : ''}`;
    case 'title-changed':
      return `${event.type} ${event.title}`;
    case 'done':
      return `${event.type} ${event.reason}`;
    default:
      return event.type;
  }
}

describe('stream adapters, edge cases', () => {
  it('PostHog: keepalive, appends, a shrink that replaces, bad frames, tools, unknown types, a cut-off last frame', async () => {
    const events = decodeInChunks(await loadStream('edge-posthog'), [], createPosthogAdapter());
    expect(events.map(summary)).to.deep.equal([
      'message-completed h1 text',
      'message-started temp-0 "Hello wörld, this is long"',
      'text-appended temp-0#0 "er"',
      'message-replaced temp-0 "Hello world"',
      'text-appended temp-0#0 " 🎉"',
      'error protocol malformed_frame',
      'error protocol unknown_event',
      'progress call-1 Working…',
      'message-replaced temp-0 "Hello world 🎉"',
      'tool-call call-1 search',
      'tool-result call-1 finished',
      'message-completed tool-1 tool-result',
      'message-completed final-ai replaces temp-0 text,tool-call',
      'message-completed viz-1 unsupported',
      'error protocol unknown_event',
      'done finished',
    ]);
  });

  it('agents: CRLF, pings, UTF-8 deltas, a repeated sequence number, bad frames and patches, tools, title, run error', async () => {
    const events = decodeInChunks(await loadStream('edge-agents'), [], createAgentsAdapter());
    expect(events.map(summary)).to.deep.equal([
      'message-started m1 ""',
      'message-replaced m1 ""',
      'message-replaced m1 ""',
      'text-appended m1#0 "Grüße "',
      'text-appended m1#0 "日本 🎉"',
      'error protocol malformed_frame',
      'error protocol unknown_event',
      'error protocol malformed_frame',
      'message-replaced m1 "Grüße 日本 🎉"',
      'tool-call tc1 lookup',
      'message-replaced m1 "Grüße 日本 🎉"',
      'message-replaced m1 "Grüße 日本 🎉"',
      'tool-result tc1 finished',
      'title-changed Grüße',
      'message-completed m1 text,tool-call',
      'error run internal_error',
      'done failed',
    ]);
  });

  it('an agents stream that stops before agent_finished is interrupted', () => {
    const adapter = createAgentsAdapter();
    expect(adapter.frame('agent_event', '{"event_type":"message_begin","message_id":"m"}')).to.have.length(1);
    expect(adapter.end()).to.deep.equal([{ type: 'done', reason: 'interrupted' }]);
  });

  it('PostHog: a partial that grew but changed earlier text, even past the first kilobyte, replaces the message', () => {
    const adapter = createPosthogAdapter();
    const partial = (content: string) => adapter.frame('message', JSON.stringify({ type: 'ai', id: 'temp-0', content })).map(summary);
    const long = 'x'.repeat(1500);
    expect(partial(`${long}ab`)).to.deep.equal([`message-started temp-0 ${JSON.stringify(`${long}ab`)}`]);
    expect(partial(`${long}abc`)).to.deep.equal(['text-appended temp-0#0 "c"']);
    const changed = `${long.slice(0, 1200)}y${long.slice(1201)}abcd`;
    expect(partial(changed)).to.deep.equal([`message-replaced temp-0 ${JSON.stringify(changed)}`]);
    expect(partial(`${changed}e`)).to.deep.equal(['text-appended temp-0#0 "e"']);
  });
});
