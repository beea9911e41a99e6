/**
 * PostHog partials taken as edits of the frame before them (decoder.ts compares each frame's bytes with the
 * previous frame's; posthog-adapter.ts parses only the inserted text when it extends `content`). Whatever
 * the bytes, the chunking and the escaping, the events must be exactly those of parsing every frame whole.
 */
import { expect } from '@open-wc/testing';
import { createStreamDecoder, type EditableStreamAdapter } from '../../src/api/stream/decoder.js';
import type { ConvoStreamEvent, StreamAdapter } from '../../src/api/stream/events.js';
import { createPosthogAdapter } from '../../src/api/stream/posthog-adapter.js';
import { comparable, decodeInChunks, randomCuts, seededRandom, textOf, transcriptOf } from './stream-fixtures.js';

const encoder = new TextEncoder();

/** The same adapter without `editedFrame`: the decoder then gives it every frame's data whole. */
function wholeFramesOnly(adapter: StreamAdapter): StreamAdapter {
  return { frame: (event, data) => adapter.frame(event, data), end: () => adapter.end() };
}

/** A PostHog adapter that counts the frames it parsed whole and those it took as edits. */
function countingAdapter() {
  const adapter = createPosthogAdapter();
  const counts = { whole: 0, edits: 0 };
  const counting: EditableStreamAdapter = {
    frame(event, data) {
      counts.whole += 1;
      return adapter.frame(event, data);
    },
    editedFrame(event, edit) {
      const events = adapter.editedFrame!(event, edit);
      if (events) counts.edits += 1;
      return events;
    },
    end: () => adapter.end(),
  };
  return { adapter: counting, counts };
}

type Frame = readonly [event: string, data: string];

function streamOf(frames: readonly Frame[], lineEnd = '\n', byteOrderMark = false): Uint8Array {
  const text = frames.map(([event, data]) => `event: ${event}${lineEnd}${data.split('\n').map((line) => `data: ${line}${lineEnd}`).join('')}${lineEnd}`).join('');
  return encoder.encode(`${byteOrderMark ? '\ufeff' : ''}${text}`);
}

/** JSON as Python's `json.dumps` writes it by default: `", "` and `": "` separators, everything past ASCII as `\uXXXX`. */
function pythonJson(value: Record<string, unknown>): string {
  const members = Object.entries(value).map(([key, field]) => `${JSON.stringify(key)}: ${JSON.stringify(field)}`);
  return `{${members.join(', ')}}`.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Events of `bytes` parsed frame by frame, whole, in one chunk: the reference. */
function referenceEvents(bytes: Uint8Array): ConvoStreamEvent[] {
  return decodeInChunks(bytes, [], wholeFramesOnly(createPosthogAdapter()));
}

function partial(content: unknown, extra: Record<string, unknown> = {}, id = 'temp-0'): string {
  return JSON.stringify({ type: 'ai', id, content, ...extra });
}

/** Text pieces that stress escaping and UTF-8: quotes, backslashes, controls, every UTF-8 length, lone surrogates. */
const PIECES = ['a', 'word ', ' ', '"', '\\', '\\u00e9', '\n', '\t', '\u0001', '\r', 'é', 'ũ', 'ü', '日本', '🎉', '🎊', '\ud83d', '\ude00', '\u2028', '\ufeff', '}', '"}', '","content":"', '"content":"x"'];

function randomText(random: () => number, pieces: number): string {
  return Array.from({ length: pieces }, () => PIECES[Math.floor(random() * PIECES.length)]!).join('');
}

/**
 * A random PostHog reply: mostly a partial growing a few pieces at a time, with everything that must fall
 * back to a whole parse mixed in (a rewrite, a shrink, a new id, a type change, a field before or after
 * `content`, `content: null`, an update frame, a data frame on two lines, a final message).
 */
function randomReply(random: () => number): Frame[] {
  const frames: Frame[] = [];
  const style = random() < 0.5 ? JSON.stringify : pythonJson;
  // `content` first (as Python writes the fields), between the others or last.
  const order = random();
  let id = 'temp-0';
  let type = 'ai';
  let text = '';
  let extra: Record<string, unknown> = {};
  for (let step = 0; step < 60; step += 1) {
    const roll = random();
    if (roll < 0.7) text += randomText(random, 1 + Math.floor(random() * 3));
    else if (roll < 0.74) text = text.slice(0, Math.floor(random() * text.length));
    else if (roll < 0.77) text = `${randomText(random, 1)}${text.slice(1)}`;
    else if (roll < 0.8) id = `temp-${step}`;
    else if (roll < 0.82) type = type === 'ai' ? 'human' : 'ai';
    else if (roll < 0.85) extra = random() < 0.5 ? { meta: { form: { options: [{ value: randomText(random, 1) }] } } } : {};
    else if (roll < 0.87) {
      frames.push(['message', style({ type, id, content: null })]);
      continue;
    } else if (roll < 0.89) {
      frames.push(['update', JSON.stringify({ id, tool_call_id: 'call-1', content: randomText(random, 1) })]);
      continue;
    } else if (roll < 0.91) {
      frames.push(['message', `{"type":"ai","id":"${id}",\n"content":${JSON.stringify(text)}}`]);
      continue;
    } else if (roll < 0.92) {
      frames.push(['message', style({ type, id: `final-${step}`, content: text })]);
      continue;
    } else if (roll < 0.94) {
      // A frame with one character lost (untrusted input): often no longer JSON, or no longer the same message.
      const data = style({ type, id, content: `${text}${randomText(random, 1)}` });
      const lost = Math.floor(random() * data.length);
      frames.push(['message', `${data.slice(0, lost)}${data.slice(lost + 1)}`]);
      continue;
    }
    const message = order < 0.3 ? { content: text, type, id, ...extra } : order < 0.6 ? { type, id, content: text, ...extra } : { type, id, ...extra, content: text };
    frames.push(['message', style(message)]);
  }
  return frames;
}

/**
 * An adapter that answers each frame as an event (`progress`: its event name as `messageId`, its data as
 * `text`), so frames and the decoder's own errors are compared in order. Given `takeEdit`, it takes frames
 * as edits when that says so, rebuilding each one's data from the previous one; otherwise the decoder
 * reads text (its mode for adapters that take no edits).
 */
function frameLog(takeEdit?: () => boolean): EditableStreamAdapter {
  let previous = '';
  const logged = (event: string | undefined, data: string): ConvoStreamEvent[] => {
    previous = data;
    return [{ type: 'progress', messageId: event ?? '', toolCallId: 'frame', text: data }];
  };
  if (!takeEdit) return { frame: logged, end: () => [] };
  return {
    frame: logged,
    editedFrame: (event, { start, removed, inserted }) => (takeEdit() ? logged(event, `${previous.slice(0, start)}${inserted}${previous.slice(start + removed)}`) : null),
    end: () => [],
  };
}

const OTHER_LINES = ['', '', ': keepalive', 'event: update', 'event:', 'data', 'data:no space', 'data: second line', 'id: 7', 'retry: 1000', 'retry: soon', 'bogus: field', 'da'];

/** Random server-sent events: data that grows, shrinks and changes, among every other kind of line, with mixed line ends. */
function randomEventStream(random: () => number): Uint8Array {
  const oneLine = (text: string) => text.replace(/[\r\n]/g, '');
  let data = oneLine(randomText(random, 8));
  const lines: string[] = [];
  for (let index = 0; index < 80; index += 1) {
    if (random() < 0.5) {
      const at = Math.floor(random() * (data.length + 1));
      const piece = random() < 0.2 ? '' : oneLine(randomText(random, 1));
      data = random() < 0.6 ? `${data}${piece}` : `${data.slice(0, at)}${piece}${data.slice(at + Math.floor(random() * 3))}`;
      lines.push('event: message', `data: ${data}`, '');
    } else {
      lines.push(OTHER_LINES[Math.floor(random() * OTHER_LINES.length)]!);
    }
  }
  const text = lines.map((line) => `${line}${['\n', '\r\n', '\r'][Math.floor(random() * 3)]}`).join('');
  return encoder.encode(`${random() < 0.2 ? '\ufeff' : ''}${text}`);
}

describe('the stream decoder', () => {
  it('reads the same frames and errors as text and as bytes, with edits that rebuild each frame exactly, however cut', () => {
    const random = seededRandom('frame edits');
    for (let round = 0; round < 200; round += 1) {
      const bytes = randomEventStream(random);
      const reference = comparable(decodeInChunks(bytes, [], frameLog()));
      const cuts = round % 10 === 0 ? Array.from({ length: bytes.length - 1 }, (_, index) => index + 1) : randomCuts(bytes.length, random);
      expect(comparable(decodeInChunks(bytes, cuts, frameLog())) === reference, `round ${round}, text, cuts ${cuts.join(',')}`).to.equal(true);
      // Half the edits are declined, so that the next one is relative to a frame given whole.
      const asEdits = comparable(decodeInChunks(bytes, cuts, frameLog(() => random() < 0.5)));
      expect(asEdits === reference, `round ${round}, bytes, cuts ${cuts.join(',')}`).to.equal(true);
    }
  });

  it('takes text chunks too, in both modes, with a surrogate pair cut between two of them', () => {
    const text = 'event: message\ndata: {"content":"party 🎉"}\n\n';
    const cut = text.indexOf('🎉') + 1;
    for (const adapter of [frameLog(), frameLog(() => true)]) {
      const decoder = createStreamDecoder(adapter);
      const events = [...decoder.push(text.slice(0, cut)), ...decoder.push(text.slice(cut)), ...decoder.end()];
      expect(events).to.deep.equal([{ type: 'progress', messageId: 'message', toolCallId: 'frame', text: '{"content":"party 🎉"}' }]);
    }
  });
});

describe('PostHog partials taken as edits of the previous frame', () => {
  it('give exactly the events of a whole parse: random replies, escapings, line ends and chunkings', function (this: { timeout(ms: number): void }) {
    this.timeout(120_000);
    const random = seededRandom('posthog frame edits');
    let edits = 0;
    let frames = 0;
    for (let round = 0; round < 150; round += 1) {
      const reply = randomReply(random);
      const lineEnd = ['\n', '\r\n', '\r'][round % 3]!;
      const bytes = streamOf(reply, lineEnd, round % 5 === 0);
      const reference = comparable(referenceEvents(bytes));
      const cuts = round % 4 === 0 ? Array.from({ length: bytes.length - 1 }, (_, index) => index + 1) : randomCuts(bytes.length, random);
      const { adapter, counts } = countingAdapter();
      const actual = comparable(decodeInChunks(bytes, cuts, adapter));
      expect(actual === reference, `round ${round}: events differ from the whole parse with cuts ${cuts.join(',')}`).to.equal(true);
      edits += counts.edits;
      frames += reply.length;
    }
    // Most frames only grow the text: most must have been taken as edits, or this compared nothing new.
    expect(edits / frames).to.be.greaterThan(0.4);
  });

  it('parse a growing partial whole once, then only what each frame adds, in compact and in Python-style JSON', () => {
    for (const style of [JSON.stringify, pythonJson]) {
      let text = '';
      const frames: Frame[] = [];
      for (let index = 0; index < 200; index += 1) {
        text += `${index % 7 === 0 ? '🎉 “quoted” \\ ' : ''}word ${index} `;
        frames.push(['message', style({ type: 'ai', id: 'temp-0', content: text })]);
      }
      frames.push(['message', style({ type: 'ai', id: 'final-1', content: text })]);
      const { adapter, counts } = countingAdapter();
      const bytes = streamOf(frames, '\r\n');
      const events = decodeInChunks(bytes, randomCuts(bytes.length, seededRandom(text.length)), adapter);
      expect(counts).to.deep.equal({ whole: 2, edits: 199 });
      expect(events.filter((event) => event.type === 'text-appended')).to.have.length(199);
      const completed = events.find((event) => event.type === 'message-completed');
      expect(completed?.type === 'message-completed' && completed.replacesId).to.equal('temp-0');
      expect(textOf(transcriptOf(events.slice(0, -2)).get('temp-0'))).to.equal(text);
      expect(comparable(events)).to.equal(comparable(referenceEvents(bytes)));
    }
  });

  it('a \\uXXXX escape or a UTF-8 character cut where two frames start to differ is not taken as an append', () => {
    const frames: Frame[] = [
      // `\u00e9` then `\u00ea`: the frames differ inside the escape.
      ['message', pythonJson({ type: 'ai', id: 'temp-0', content: 'caf\u00e9' })],
      ['message', pythonJson({ type: 'ai', id: 'temp-0', content: 'caf\u00ea' })],
      // A high surrogate escaped alone, then its low half appended as an escape of its own.
      ['message', pythonJson({ type: 'ai', id: 'temp-0', content: 'caf\u00ea \ud83d' })],
      ['message', pythonJson({ type: 'ai', id: 'temp-0', content: 'caf\u00ea \ud83d\ude00' })],
      // 🎉 and 🎊 share their first three UTF-8 bytes.
      ['message', partial('party 🎉')],
      ['message', partial('party 🎊')],
      ['message', partial('party 🎊🎉')],
    ];
    const bytes = streamOf(frames);
    const byteByByte = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1);
    const { adapter } = countingAdapter();
    const events = decodeInChunks(bytes, byteByByte, adapter);
    expect(events.map((event) => (event.type === 'text-appended' ? `+${event.text}` : event.type === 'message-replaced' || event.type === 'message-started' ? `=${textOf(event.message)}` : event.type))).to.deep.equal([
      '=café',
      '=cafê',
      '+ \ud83d',
      '+\ude00',
      '=party 🎉',
      '=party 🎊',
      '+🎉',
      // The stream closes on a partial: cut before its step ended.
      'error',
      'done',
    ]);
    expect(comparable(events)).to.equal(comparable(referenceEvents(bytes)));
  });

  it('find the text wherever it sits, and only the top-level `content` that JSON.parse keeps', () => {
    const frames: Frame[] = [
      // `content` first, as Python's serialiser writes the fields: grows by edits.
      ['message', '{"content":"ab","id":"temp-0","type":"ai"}'],
      ['message', '{"content":"abc","id":"temp-0","type":"ai"}'],
      // The last member is `x"content` (an escaped quote, then `content`): growing it changes another
      // field, so the message is replaced, and its text stays "abc".
      ['message', '{"type":"ai","id":"temp-1","content":"abc","x\\"content":"abc"}'],
      ['message', '{"type":"ai","id":"temp-1","content":"abc","x\\"content":"abcd"}'],
      // A nested `content` grows: another field changed.
      ['message', '{"type":"ai","id":"temp-1","meta":{"content":"x"},"content":"abc","x\\"content":"abcd"}'],
      ['message', '{"type":"ai","id":"temp-1","meta":{"content":"xy"},"content":"abc","x\\"content":"abcd"}'],
      // Of two `content` members the last counts: the first growing changes nothing.
      ['message', '{"type":"ai","id":"temp-2","content":"a","content":"b"}'],
      ['message', '{"type":"ai","id":"temp-2","content":"ab","content":"b"}'],
      ['message', '{"type":"ai","id":"temp-2","content":"ab","content":"bc"}'],
      // An escaped key is still `content`.
      ['message', '{"type":"ai","id":"temp-3","cont\\u0065nt":"q"}'],
      ['message', '{"type":"ai","id":"temp-3","cont\\u0065nt":"qr"}'],
      // `content` that is not a string, or whose last member is not: the strings in or before it are not the text.
      ['message', '{"type":"ai","id":"temp-5","content":{"text":"x"}}'],
      ['message', '{"type":"ai","id":"temp-5","content":{"text":"xy"}}'],
      ['message', '{"type":"ai","id":"temp-6","content":"a","content":5}'],
      ['message', '{"type":"ai","id":"temp-6","content":"ab","content":5}'],
      ['message', '{"type":"ai","id":"temp-6","content":"a","content":[]}'],
      ['message', '{"type":"ai","id":"temp-6","content":"ab","content":[]}'],
      // `content: null` (a re-attach's frame), then text.
      ['message', '{"type":"ai","id":"temp-4","content":null}'],
      ['message', '{"type":"ai","id":"temp-4","content":"Hi"}'],
      ['message', '{"type":"ai","id":"temp-4","content":"Hi there"}'],
      // Longer text, but the closing quote is lost: not JSON, whatever the text before it.
      ['message', '{"type":"ai","id":"temp-4","content":"Hi there!}'],
      // A field appears after the text, then the text grows again.
      ['message', '{"type":"ai","id":"temp-4","content":"Hi there","meta":{"form":{"options":[{"value":"Yes"}]}}}'],
      ['message', '{"type":"ai","id":"temp-4","content":"Hi there!","meta":{"form":{"options":[{"value":"Yes"}]}}}'],
    ];
    const bytes = streamOf(frames);
    const { adapter, counts } = countingAdapter();
    const events = decodeInChunks(bytes, [], adapter);
    expect(events.map((event) => (event.type === 'text-appended' ? `+${event.text}` : 'message' in event ? `${event.type} ${textOf(event.message)}` : event.type))).to.deep.equal([
      'message-started ab',
      '+c',
      'message-started abc',
      'message-replaced abc',
      'message-replaced abc',
      'message-replaced abc',
      'message-started b',
      '+c',
      'message-started q',
      '+r',
      'message-started [object Object]',
      'message-started 5',
      'message-started ',
      '+Hi',
      '+ there',
      'error',
      'message-replaced Hi there',
      '+!',
      'error',
      'done',
    ]);
    // abc, bc, qr, Hi there and Hi there! grew by edits.
    expect(counts.edits).to.equal(5);
    expect(comparable(events)).to.equal(comparable(referenceEvents(bytes)));
  });
});
