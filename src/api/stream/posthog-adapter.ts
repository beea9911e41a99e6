/**
 * PostHog's stream (API.md, "The stream") as neutral events.
 *
 * Partial messages carry the whole text so far under a `temp-N` id. The adapter remembers the last text of
 * each such message and turns a repeat into `text-appended` with only the new suffix when the text grew and
 * nothing else changed, and into `message-replaced` otherwise (text that shrank or changed, new tool calls).
 * The prefix check is one memory compare (`hasPrefix`); no per-character JavaScript work is done on the old
 * text, and downstream renderers see only the suffix. A message with a final id completes the oldest open
 * partial of the same type, which it replaces.
 *
 * Cheaper still, a partial can be taken as an edit of the frame before it (`editedFrame`, see decoder.ts):
 * when that frame was this partial and the edit only inserts escaped text just before the closing quote
 * of its `content`, the frame is the same message with a longer text, and only the inserted text is
 * parsed. Anything else (another message, a text that changed, fields that changed, an escape the edit
 * cuts) is parsed whole, as above.
 */
import { ConvoNetworkError, ConvoProtocolError, ConvoRunError } from '../errors.js';
import {
  conversationFromPosthog,
  isTemporaryMessageId,
  messageFromPosthog,
  type PosthogConversation,
  type PosthogMessage,
  type PosthogStatusFrame,
  type PosthogToolMessage,
  type PosthogUpdateFrame,
} from '../wire-posthog.js';
import type { ConvoMessage } from '../types.js';
import { hasPrefix } from '../../text/prefix.js';
import type { EditableStreamAdapter, FrameEdit } from './decoder.js';
import type { ConvoStreamEvent } from './events.js';

interface PartialState {
  type: string;
  /** The whole text as last seen. */
  content: string;
  /** Everything but the text, serialised: a change here means the message must be replaced, not extended. */
  shape: string;
  /** Where the text part sits in the neutral message. */
  textPartIndex: number;
}

function shapeOf(message: PosthogMessage): string {
  return JSON.stringify({ ...message, content: undefined });
}

function textOf(message: PosthogMessage): string {
  const content = (message as { content?: unknown }).content;
  return typeof content === 'string' ? content : '';
}

/** Whether the quote at `index` of `data` is escaped: it follows an odd number of backslashes. */
function isEscaped(data: string, index: number): boolean {
  let backslashes = 0;
  while (data.charCodeAt(index - backslashes - 1) === 92) backslashes += 1;
  return backslashes % 2 === 1;
}

/**
 * Where the text of the message ends in a frame's `data` (an object, as parsed): the offset of the closing
 * quote of its last top-level `content` member, the one `JSON.parse` keeps, so that the same message with
 * a longer text is `data` with escaped text inserted there. -1 when that member is not a string. Strings
 * are crossed from quote to quote by a native search, so this costs little beside the parse itself.
 */
function contentTextEnd(data: string): number {
  let depth = 0;
  let expectingKey = false;
  /** At the top level, the key of the value that comes next. */
  let key: string | undefined;
  let end = -1;
  for (let index = 0; index < data.length; index += 1) {
    const char = data.charAt(index);
    if (char === '"') {
      let close = data.indexOf('"', index + 1);
      while (close > 0 && isEscaped(data, close)) close = data.indexOf('"', close + 1);
      if (close < 0) return -1;
      if (depth === 1 && expectingKey) key = JSON.parse(data.slice(index, close + 1)) as string;
      else if (depth === 1 && key === 'content') end = close;
      if (depth === 1) expectingKey = false;
      index = close;
    } else if (char === ',' && depth === 1) {
      expectingKey = true;
      key = undefined;
    } else if (char === '{' || char === '[') {
      if (depth === 1 && key === 'content') end = -1;
      depth += 1;
      expectingKey = depth === 1;
    } else if (char === '}' || char === ']') {
      depth -= 1;
    } else if (depth === 1 && key === 'content' && /[-\w]/.test(char)) {
      // A number, true, false or null.
      end = -1;
    }
  }
  return end;
}

function textPartIndex(message: ConvoMessage): number {
  return message.parts.findIndex((part) => part.kind === 'text');
}

function parseJson(data: string, event: string): { ok: true; value: unknown } | { ok: false; error: ConvoStreamEvent } {
  try {
    return { ok: true, value: JSON.parse(data) };
  } catch {
    return { ok: false, error: { type: 'error', error: new ConvoProtocolError('malformed_frame', `Unreadable JSON in a ${event} frame`, data) } };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface PosthogAdapterOptions {
  /**
   * Prefix of the ids given to messages that arrive without one (reasoning steps); the stream driver makes
   * it unique per stream so that a re-attached stream's messages never collide with the first one's.
   */
  unnamedIdPrefix?: string;
}

export function createPosthogAdapter(options: PosthogAdapterOptions = {}): EditableStreamAdapter {
  const unnamedIdPrefix = options.unnamedIdPrefix ?? 'unnamed-';
  let unnamedCount = 0;
  /** Open partial messages by id, in the order they appeared. */
  const partials = new Map<string, PartialState>();
  const announcedToolCalls = new Set<string>();
  let failed = false;
  /** The previous frame, when it was a partial whose text can grow by an insertion at `textEnd` of its data. */
  let growable: { id: string; state: PartialState; textEnd: number } | null = null;

  function toolCallEvents(message: ConvoMessage): ConvoStreamEvent[] {
    const events: ConvoStreamEvent[] = [];
    for (const part of message.parts) {
      if (part.kind === 'tool-call' && !announcedToolCalls.has(part.toolCallId)) {
        announcedToolCalls.add(part.toolCallId);
        events.push({ type: 'tool-call', messageId: message.id, call: part });
      }
    }
    return events;
  }

  function appended(id: string, state: PartialState, suffix: string): ConvoStreamEvent[] {
    return suffix === '' ? [] : [{ type: 'text-appended', messageId: id, partIndex: state.textPartIndex, text: suffix }];
  }

  function onPartial(wire: PosthogMessage & { id: string }, data: string): ConvoStreamEvent[] {
    const content = textOf(wire);
    const shape = shapeOf(wire);
    const previous = partials.get(wire.id);
    let state: PartialState;
    let events: ConvoStreamEvent[];
    if (
      previous &&
      previous.shape === shape &&
      previous.textPartIndex >= 0 &&
      hasPrefix(content, previous.content)
    ) {
      const suffix = content.slice(previous.content.length);
      previous.content = content;
      state = previous;
      events = appended(wire.id, previous, suffix);
    } else {
      const message = messageFromPosthog(wire, wire.id, false);
      state = { type: wire.type, content, shape, textPartIndex: textPartIndex(message) };
      partials.set(wire.id, state);
      events = [{ type: previous ? 'message-replaced' : 'message-started', message }, ...toolCallEvents(message)];
    }
    const textEnd = state.textPartIndex >= 0 ? contentTextEnd(data) : -1;
    if (textEnd >= 0) growable = { id: wire.id, state, textEnd };
    return events;
  }

  /** The previous frame's partial with escaped text inserted at the end of its text; `null` for anything else. */
  function onEditedPartial(edit: FrameEdit): ConvoStreamEvent[] | null {
    const partial = growable;
    growable = null;
    if (!partial || edit.start !== partial.textEnd || edit.removed !== 0) return null;
    let suffix: unknown;
    try {
      // The text before ended with a whole escape, so the inserted text parses on its own or not at all.
      suffix = JSON.parse(`"${edit.inserted}"`);
    } catch {
      return null;
    }
    partial.state.content += suffix as string;
    partial.textEnd += edit.inserted.length;
    growable = partial;
    return appended(partial.id, partial.state, suffix as string);
  }

  function onFinal(wire: PosthogMessage): ConvoStreamEvent[] {
    let replacesId: string | undefined;
    for (const [id, state] of partials) {
      if (state.type === wire.type) {
        replacesId = id;
        break;
      }
    }
    if (replacesId !== undefined) partials.delete(replacesId);
    const message = messageFromPosthog(wire, `${unnamedIdPrefix}${++unnamedCount}`, true);
    const events: ConvoStreamEvent[] = [...toolCallEvents(message)];
    if (wire.type === 'tool') {
      const tool = wire as PosthogToolMessage;
      events.push({ type: 'tool-result', messageId: message.id, toolCallId: tool.tool_call_id, status: 'finished', result: tool.content });
    }
    events.push({ type: 'message-completed', message, replacesId });
    return events;
  }

  function onMessage(data: string): ConvoStreamEvent[] {
    const parsed = parseJson(data, 'message');
    if (!parsed.ok) return [parsed.error];
    if (!isObject(parsed.value) || typeof parsed.value['type'] !== 'string') {
      return [{ type: 'error', error: new ConvoProtocolError('malformed_frame', 'A message frame without a message type', data) }];
    }
    const wire = parsed.value as unknown as PosthogMessage;
    return typeof wire.id === 'string' && isTemporaryMessageId(wire.id) ? onPartial(wire as PosthogMessage & { id: string }, data) : onFinal(wire);
  }

  return {
    editedFrame(event, edit) {
      return event === 'message' ? onEditedPartial(edit) : null;
    },
    frame(event, data) {
      growable = null;
      switch (event) {
        case 'message':
          return onMessage(data);
        case 'conversation': {
          const parsed = parseJson(data, event);
          if (!parsed.ok) return [parsed.error];
          return [{ type: 'conversation', conversation: conversationFromPosthog(parsed.value as PosthogConversation) }];
        }
        case 'update': {
          const parsed = parseJson(data, event);
          if (!parsed.ok) return [parsed.error];
          const update = parsed.value as PosthogUpdateFrame;
          return [{ type: 'progress', messageId: String(update.id), toolCallId: String(update.tool_call_id), text: String(update.content ?? '') }];
        }
        case 'status': {
          const parsed = parseJson(data, event);
          if (!parsed.ok) return [parsed.error];
          const status = parsed.value as PosthogStatusFrame;
          if (status.type !== 'generation_error') return [];
          failed = true;
          return [{ type: 'error', error: new ConvoRunError('generation_error', 'The agent could not finish its reply') }];
        }
        default:
          return [{ type: 'error', error: new ConvoProtocolError('unknown_event', `Unknown stream event ${event ?? '(unnamed)'}`, data) }];
      }
    },
    end() {
      if (failed) return [{ type: 'done', reason: 'failed' }];
      // Every step ends with its final message replacing the partial; a stream that closes on a partial was
      // cut before its step ended (a server shutting down closes its streams cleanly), not finished.
      if (partials.size > 0) {
        return [
          { type: 'error', error: new ConvoNetworkError('The stream ended in the middle of a message') },
          { type: 'done', reason: 'interrupted' },
        ];
      }
      return [{ type: 'done', reason: 'finished' }];
    },
  };
}
