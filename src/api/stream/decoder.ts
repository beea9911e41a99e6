/**
 * Bytes in, events out: streaming UTF-8 decoding (a character split across chunks is held until its last
 * byte arrives), server-sent-event framing by eventsource-parser (LF, CRLF or CR line ends; comments such as
 * `: keepalive` and `: ping` are dropped), then the dialect's adapter. Pure and synchronous, so tests feed
 * it recorded bytes cut at every offset.
 */
import { createParser, type EventSourceParser, type ParseError } from 'eventsource-parser';
import { ConvoProtocolError } from '../errors.js';
import type { ConvoStreamEvent, StreamAdapter } from './events.js';

export interface StreamDecoder {
  /** Feeds the next chunk of the body; answers the events it completed. */
  push(chunk: Uint8Array | string): ConvoStreamEvent[];
  /** The body ended: a frame left without its closing blank line is dropped, as the SSE standard says. */
  end(): ConvoStreamEvent[];
}

export function createStreamDecoder(adapter: StreamAdapter): StreamDecoder {
  const text = new TextDecoder('utf-8');
  let pending: ConvoStreamEvent[] = [];
  const parser: EventSourceParser = createParser({
    onEvent: (message) => {
      pending.push(...adapter.frame(message.event, message.data));
    },
    onError: (error: ParseError) => {
      pending.push({ type: 'error', error: new ConvoProtocolError('malformed_frame', error.message, error.line ?? '') });
    },
  });

  const take = (): ConvoStreamEvent[] => {
    const events = pending;
    pending = [];
    return events;
  };

  return {
    push(chunk) {
      parser.feed(typeof chunk === 'string' ? chunk : text.decode(chunk, { stream: true }));
      return take();
    },
    end() {
      const rest = text.decode();
      if (rest !== '') parser.feed(rest);
      parser.reset();
      pending.push(...adapter.end());
      return take();
    },
  };
}
