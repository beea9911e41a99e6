/** Shared by the stream tests: recorded streams, decoding them in arbitrary chunks, and a transcript model. */
import { createStreamDecoder } from '../../src/api/stream/decoder.js';
import type { ConvoStreamEvent, StreamAdapter } from '../../src/api/stream/events.js';
import type { ConvoMessage } from '../../src/api/types.js';
import { seededRandom } from '../../demo/server/seeded-random.mjs';

export { seededRandom };

export async function loadStream(name: string): Promise<Uint8Array> {
  const response = await fetch(new URL(`../fixtures/streams/${name}.sse`, import.meta.url));
  if (!response.ok) throw new Error(`missing fixture ${name}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Decodes `bytes` cut at `cuts` (ascending offsets) into events. */
export function decodeInChunks(bytes: Uint8Array, cuts: readonly number[], adapter: StreamAdapter): ConvoStreamEvent[] {
  const decoder = createStreamDecoder(adapter);
  const events: ConvoStreamEvent[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...decoder.push(bytes.subarray(start, cut)));
    start = cut;
  }
  events.push(...decoder.end());
  return events;
}

/** Events as comparable JSON: errors by kind, code and message (stacks differ). */
export function comparable(events: readonly ConvoStreamEvent[]): string {
  return JSON.stringify(events, (_key, value: unknown) =>
    value instanceof Error ? { kind: (value as Error & { kind: string }).kind, code: (value as Error & { code?: string }).code, message: value.message } : value,
  );
}


/** Random ascending cut offsets, some of them one byte apart. */
export function randomCuts(length: number, random: () => number): number[] {
  const cuts = new Set<number>();
  const count = 1 + Math.floor(random() * Math.min(200, length));
  for (let i = 0; i < count; i += 1) {
    const at = 1 + Math.floor(random() * (length - 1));
    cuts.add(at);
    if (random() < 0.3 && at + 1 < length) cuts.add(at + 1);
  }
  return [...cuts].sort((a, b) => a - b);
}

/** Byte ranges of the frames (each up to and including its blank line) of an LF or CRLF stream. */
export function frameRanges(bytes: Uint8Array): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    const lf = bytes[i] === 10 && bytes[i + 1] === 10;
    const crlf = bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10;
    if (lf || crlf) {
      const end = i + (lf ? 2 : 4);
      ranges.push([start, end]);
      start = end;
      i = end - 1;
    }
  }
  if (start < bytes.length) ranges.push([start, bytes.length]);
  return ranges;
}

/** The transcript a renderer would hold after these events: only message events are used. */
export function transcriptOf(events: readonly ConvoStreamEvent[]): Map<string, ConvoMessage> {
  const messages = new Map<string, ConvoMessage>();
  for (const event of events) {
    switch (event.type) {
      case 'message-started':
      case 'message-replaced':
        messages.set(event.message.id, structuredClone(event.message));
        break;
      case 'text-appended': {
        const part = messages.get(event.messageId)?.parts[event.partIndex];
        if (!part || (part.kind !== 'text' && part.kind !== 'thought')) throw new Error(`text-appended to a missing text part of ${event.messageId}`);
        part.text += event.text;
        break;
      }
      case 'message-completed':
        if (event.replacesId !== undefined) messages.delete(event.replacesId);
        messages.set(event.message.id, structuredClone(event.message));
        break;
      default:
        break;
    }
  }
  return messages;
}

export function textOf(message: ConvoMessage | undefined): string {
  return (message?.parts ?? []).map((part) => (part.kind === 'text' ? part.text : '')).join('');
}
