/**
 * PostHog's stream (API.md, "The stream") as neutral events.
 *
 * Partial messages carry the whole text so far under a `temp-N` id. The adapter remembers the last text of
 * each such message and turns a repeat into `text-appended` with only the new suffix when the text grew and
 * nothing else changed, and into `message-replaced` otherwise (text that shrank or changed, new tool calls).
 * The prefix check is one memory compare (`hasPrefix`); no per-character JavaScript work is done on the old
 * text, and downstream renderers see only the suffix. A message with a final id completes the oldest open
 * partial of the same type, which it replaces.
 */
import { ConvoProtocolError, ConvoRunError } from '../errors.js';
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
import type { ConvoStreamEvent, StreamAdapter } from './events.js';

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

export function createPosthogAdapter(options: PosthogAdapterOptions = {}): StreamAdapter {
  const unnamedIdPrefix = options.unnamedIdPrefix ?? 'unnamed-';
  let unnamedCount = 0;
  /** Open partial messages by id, in the order they appeared. */
  const partials = new Map<string, PartialState>();
  const announcedToolCalls = new Set<string>();
  let failed = false;

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

  function onPartial(wire: PosthogMessage & { id: string }): ConvoStreamEvent[] {
    const content = textOf(wire);
    const shape = shapeOf(wire);
    const previous = partials.get(wire.id);
    if (
      previous &&
      previous.shape === shape &&
      previous.textPartIndex >= 0 &&
      hasPrefix(content, previous.content)
    ) {
      const suffix = content.slice(previous.content.length);
      previous.content = content;
      return suffix === '' ? [] : [{ type: 'text-appended', messageId: wire.id, partIndex: previous.textPartIndex, text: suffix }];
    }
    const message = messageFromPosthog(wire, wire.id, false);
    partials.set(wire.id, { type: wire.type, content, shape, textPartIndex: textPartIndex(message) });
    return [{ type: previous ? 'message-replaced' : 'message-started', message }, ...toolCallEvents(message)];
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
    return typeof wire.id === 'string' && isTemporaryMessageId(wire.id) ? onPartial(wire as PosthogMessage & { id: string }) : onFinal(wire);
  }

  return {
    frame(event, data) {
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
      return [{ type: 'done', reason: failed ? 'failed' : 'finished' }];
    },
  };
}
