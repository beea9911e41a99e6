/**
 * Bytes in, events out: server-sent-event framing (LF, CRLF or CR line ends; comments such as `: keepalive`
 * and `: ping` are dropped; a byte-order mark at the start is skipped), UTF-8 decoding, then the dialect's
 * adapter. Pure and synchronous, so tests feed it recorded bytes cut at every offset.
 *
 * Two ways to read, one meaning. For an adapter that takes every frame whole (agents: many small frames),
 * each chunk is decoded at once and its lines are found by native string searches (text mode). For an
 * adapter that can take a frame as an edit of the previous one (`editedFrame`: PostHog), lines are found
 * in the bytes (byte mode). Each of PostHog's events repeats the whole reply so far, so its bytes grow
 * with the square of the reply (4,000 events of a 30,000-character reply are 61 MB), and decoding,
 * searching and parsing them all cost three times what the same reply costs as deltas. Instead, each data
 * line is compared with the previous frame's a word at a time (over copies that start word-aligned): what
 * repeats it is neither searched nor decoded, and the adapter is given only the decoded difference. Whole
 * lines are decoded, so a multi-byte character is never cut; the data is decoded whole only for a frame
 * the adapter cannot take as an edit.
 */
import { ConvoProtocolError } from '../errors.js';
import type { ConvoStreamEvent, StreamAdapter } from './events.js';

export interface StreamDecoder {
  /** Feeds the next chunk of the body; answers the events it completed. */
  push(chunk: Uint8Array | string): ConvoStreamEvent[];
  /** The body ended: a frame left without its closing blank line is dropped, as the SSE standard says. */
  end(): ConvoStreamEvent[];
}

/**
 * How a frame's data differs from the previous frame's: `removed` UTF-16 code units at `start` of the
 * previous data were replaced by `inserted`; everything before and after is the previous data unchanged.
 * The previous frame is the one the adapter was last given (whole or as an edit), whatever its event; a
 * frame with several data lines is always given whole, and the next frame after it too.
 */
export interface FrameEdit {
  readonly start: number;
  readonly removed: number;
  readonly inserted: string;
}

export interface EditableStreamAdapter extends StreamAdapter {
  /**
   * A frame given as an edit of the data of the frame before it (whichever its event). Answers its events,
   * or `null` when the edit alone is not enough: the whole data is then decoded and given to `frame`.
   */
  editedFrame?(event: string | undefined, edit: FrameEdit): ConvoStreamEvent[] | null;
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
/** `d`, `a`, `t`: the letters of `data`, the field every payload line starts with. */
const D = 100;
const A = 97;
const T = 116;

/** A growable byte buffer whose bytes start word-aligned, so two of them can be compared four bytes at a time. */
interface AlignedBytes {
  bytes: Uint8Array;
  words: Int32Array;
  length: number;
}

function alignedBytes(capacity: number): AlignedBytes {
  const buffer = new ArrayBuffer(Math.ceil(capacity / 4) * 4);
  return { bytes: new Uint8Array(buffer), words: new Int32Array(buffer), length: 0 };
}

/** `buffer` holding `piece` after its first `keep` bytes, grown (doubling) when needed. */
function append(buffer: AlignedBytes, keep: number, piece: Uint8Array): AlignedBytes {
  const length = keep + piece.length;
  let target = buffer;
  if (length > buffer.bytes.length) {
    target = alignedBytes(Math.max(length, buffer.bytes.length * 2));
    target.bytes.set(buffer.bytes.subarray(0, keep));
  }
  target.bytes.set(piece, keep);
  target.length = length;
  return target;
}

/**
 * How many leading bytes `a` and `b` share, given that they share the first `known`: compared a word at a
 * time (a byte at a time, in JavaScript, is four times slower).
 */
function sharedPrefix(a: AlignedBytes, b: AlignedBytes, known: number): number {
  const length = Math.min(a.length, b.length);
  const words = length >> 2;
  let word = known >> 2;
  while (word < words && a.words[word] === b.words[word]) word += 1;
  let index = word << 2;
  while (index < length && a.bytes[index] === b.bytes[index]) index += 1;
  return index;
}

/** A UTF-8 continuation byte (`10xxxxxx`): a position holding one is inside a character. */
function isContinuation(bytes: AlignedBytes, index: number): boolean {
  return index < bytes.length && (bytes.bytes[index]! & 0xc0) === 0x80;
}

/** How many trailing bytes `a` and `b` share within their last `limit`, backed off to a character boundary. */
function sharedSuffix(a: AlignedBytes, b: AlignedBytes, limit: number): number {
  let count = 0;
  while (count < limit && a.bytes[a.length - count - 1] === b.bytes[b.length - count - 1]) count += 1;
  while (count > 0 && isContinuation(a, a.length - count)) count -= 1;
  return count;
}

function malformedLine(message: string, line: string): ConvoStreamEvent {
  return { type: 'error', error: new ConvoProtocolError('malformed_frame', message, line) };
}

export function createStreamDecoder(adapter: EditableStreamAdapter): StreamDecoder {
  const takesEdits = adapter.editedFrame !== undefined;
  /** Text mode: chunks decoded as they come (a character cut between two is held; a leading BOM is dropped). */
  const stream = new TextDecoder('utf-8');
  /** Byte mode: whole lines and parts of them (U+FEFF inside the text is text, not a mark to drop). */
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const decode = (bytes: AlignedBytes, start: number, end: number) => utf8.decode(bytes.bytes.subarray(start, end));
  const encoder = new TextEncoder();

  let pending: ConvoStreamEvent[] = [];
  /** The last line ended with CR: a LF that comes next belongs to that line end. */
  let afterCr = false;
  /** A high surrogate that ended a string chunk, held until its low half arrives. */
  let heldSurrogate = '';
  /** Text mode: the start of a line that began in an earlier chunk. */
  let lineText = '';
  /** Byte mode: the start of a line that began in an earlier chunk, or that repeats the previous data line. */
  let line = alignedBytes(256);
  /** How many leading bytes of `line` are known to equal `previousLine`'s. */
  let matched = 0;
  /** Byte mode: the first line of the stream may start with a byte-order mark. */
  let firstLine = true;

  // The frame being read.
  let eventType: string | undefined;
  let dataLines = 0;
  /** The frame's data as text; in byte mode, while the frame has one data line, its bytes are kept instead. */
  let dataText = '';
  /** That line, whole (`data: …`), where its value starts, and how much of it `matched`. */
  let dataLine = alignedBytes(256);
  let valueStart = 0;
  let dataMatched = 0;

  // Byte mode: the previous frame, as an edit of which the adapter may take the next one.
  let previousLine = alignedBytes(256);
  let previousValueStart = 0;
  /** Its data as text, in UTF-16 code units; -1 when there is none to edit. */
  let previousLength = -1;

  const dispatch = () => {
    if (!takesEdits || dataLines > 1) {
      pending.push(...adapter.frame(eventType, dataText));
      previousLength = -1;
      return;
    }
    let events: ConvoStreamEvent[] | null = null;
    let text: string | undefined;
    if (previousLength >= 0 && valueStart === previousValueStart) {
      // Both lines start with the same `data:` and the value's offsets are the line's minus `valueStart`.
      let prefix = sharedPrefix(previousLine, dataLine, dataMatched);
      while (isContinuation(previousLine, prefix) || isContinuation(dataLine, prefix)) prefix -= 1;
      const suffix = sharedSuffix(previousLine, dataLine, Math.min(previousLine.length, dataLine.length) - prefix);
      // Where the edit starts, in code units, from whichever side of it is shorter: the text after it when
      // the text grew (PostHog), the text before it when it changed early.
      const before = prefix - valueStart <= previousLine.length - prefix ? decode(dataLine, valueStart, prefix) : undefined;
      const start = before?.length ?? previousLength - decode(previousLine, prefix, previousLine.length).length;
      const kept = decode(dataLine, dataLine.length - suffix, dataLine.length);
      const inserted = decode(dataLine, prefix, dataLine.length - suffix);
      events = adapter.editedFrame!(eventType, { start, removed: previousLength - start - kept.length, inserted });
      // Declined: what is decoded already is not decoded again.
      if (!events) text = `${before ?? decode(dataLine, valueStart, prefix)}${inserted}${kept}`;
      previousLength = start + inserted.length + kept.length;
    }
    if (!events) {
      text ??= decode(dataLine, valueStart, dataLine.length);
      events = adapter.frame(eventType, text);
      previousLength = text.length;
    }
    pending.push(...events);
    [previousLine, dataLine] = [dataLine, previousLine];
    previousValueStart = valueStart;
  };

  /** A blank line ends the frame. */
  const endFrame = () => {
    if (dataLines > 0) dispatch();
    eventType = undefined;
    dataLines = 0;
  };

  const addData = (value: string) => {
    if (dataLines === 0) dataText = value;
    else dataText = `${dataLines === 1 && takesEdits ? decode(dataLine, valueStart, dataLine.length) : dataText}\n${value}`;
    dataLines += 1;
  };

  /** A whole line that is not blank, as text: a comment, `data` or another field. */
  const onTextLine = (text: string) => {
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1);
    if (name === 'data') addData(value);
    else if (name === 'event') eventType = value || undefined;
    else if (name === 'retry' && !/^\d+$/.test(value)) pending.push(malformedLine(`Invalid retry value "${value}"`, text));
    else if (name !== 'id' && name !== 'retry') pending.push(malformedLine(`Unknown field "${name.slice(0, 20)}"`, text));
  };

  /** Byte mode: a whole line, bytes `start` to `end` of `bytes` (a chunk, or `line`'s), without its line end. */
  const onLine = (bytes: Uint8Array, start: number, end: number) => {
    if (firstLine) {
      firstLine = false;
      if (end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
    }
    const length = end - start;
    const isData = length >= 4 && bytes[start] === D && bytes[start + 1] === A && bytes[start + 2] === T && bytes[start + 3] === A && (length === 4 || bytes[start + 4] === COLON);
    if (length === 0) {
      endFrame();
    } else if (!isData || dataLines > 0) {
      onTextLine(utf8.decode(bytes.subarray(start, end)));
    } else {
      // Kept as bytes, the line whole, to be compared with the next frame's.
      if (bytes === line.bytes && start === 0) [dataLine, line] = [line, dataLine];
      else dataLine = append(dataLine, 0, bytes.subarray(start, end));
      valueStart = Math.min(length, bytes[start + 5] === SPACE ? 6 : 5);
      dataMatched = matched;
      dataLines = 1;
    }
  };

  const feedBytes = (chunk: Uint8Array) => {
    let position = 0;
    if (afterCr && chunk.length > 0) {
      afterCr = false;
      if (chunk[0] === LF) position = 1;
    }
    while (position < chunk.length) {
      if (previousLength >= 0 && line.length === matched && matched < previousLine.length && (matched > 0 || chunk[position] === previousLine.bytes[0])) {
        // A line that repeats the previous frame's data line (PostHog's whole text so far) holds no line end
        // as far as it repeats it: that much is compared a word at a time instead of searched byte by byte.
        const copied = Math.min(chunk.length - position, previousLine.length - matched);
        line = append(line, matched, chunk.subarray(position, position + copied));
        const equal = sharedPrefix(previousLine, line, matched);
        position += equal - matched;
        line.length = matched = equal;
      }
      let end = position;
      while (end < chunk.length && chunk[end] !== LF && chunk[end] !== CR) end += 1;
      if (end === chunk.length) {
        line = append(line, line.length, chunk.subarray(position));
        return;
      }
      if (line.length === 0) {
        onLine(chunk, position, end);
      } else {
        line = append(line, line.length, chunk.subarray(position, end));
        onLine(line.bytes, 0, line.length);
        line.length = 0;
      }
      matched = 0;
      position = end + 1;
      if (chunk[end] === CR) {
        if (position === chunk.length) afterCr = true;
        else if (chunk[position] === LF) position += 1;
      }
    }
  };

  /** Text mode: lines are found by native string searches, as many frames a chunk cost one decoding. */
  const feedText = (text: string) => {
    let position = 0;
    if (afterCr && text.length > 0) {
      afterCr = false;
      if (text.charCodeAt(0) === LF) position = 1;
    }
    let cr = text.indexOf('\r', position);
    while (position < text.length) {
      if (cr >= 0 && cr < position) cr = text.indexOf('\r', position);
      const lf = text.indexOf('\n', position);
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (end < 0) {
        lineText += text.slice(position);
        return;
      }
      const whole = lineText + text.slice(position, end);
      lineText = '';
      if (whole === '') endFrame();
      else onTextLine(whole);
      position = end + 1;
      if (end === cr) {
        if (position === text.length) afterCr = true;
        else if (text.charCodeAt(position) === LF) position += 1;
      }
    }
  };

  const take = (): ConvoStreamEvent[] => {
    const events = pending;
    pending = [];
    return events;
  };

  return {
    push(chunk) {
      if (typeof chunk !== 'string') {
        if (takesEdits) feedBytes(chunk);
        else feedText(stream.decode(chunk, { stream: true }));
      } else if (!takesEdits) {
        feedText(chunk);
      } else {
        // Byte mode: a surrogate pair cut between two string chunks is encoded once whole.
        let text = heldSurrogate + chunk;
        const last = text.charCodeAt(text.length - 1);
        heldSurrogate = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
        if (heldSurrogate) text = text.slice(0, -1);
        feedBytes(encoder.encode(text));
      }
      return take();
    },
    end() {
      pending.push(...adapter.end());
      return take();
    },
  };
}
