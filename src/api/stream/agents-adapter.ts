/**
 * The agents server's stream (API.md, "Stream") as neutral events.
 *
 * `agent_event` frames carry `message_begin`, then `message_content` deltas (JSON Patch operations on the
 * message, starting from `{}`), then `message_end` with the authoritative final message. A `concat_string` on
 * a text item's `text` (or a thought's `thought`) becomes `text-appended`; any other delta `message-replaced`. Deltas whose sequence
 * number was already applied are skipped, so a repeated frame does not duplicate text.
 */
import { ConvoProtocolError, ConvoRunError } from '../errors.js';
import type { ConvoMessage } from '../types.js';
import { messageFromAgents, type AgentsDelta, type AgentsMessage } from '../wire-agents.js';
import type { ConvoStreamEvent, StreamAdapter, StreamEndReason } from './events.js';
import { applyPatchOperation, JsonPatchError, type JsonValue } from './json-patch.js';

interface MessageState {
  document: JsonValue;
  lastSequence: number;
}

/** Appends to these grow a part's `text` in the neutral message (`text` of a text item, `thought` of a thought). */
const GROWING_TEXT_PATH = /^\/content\/(\d+)\/(text|thought)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The neutral form of a message still being patched: defaults for what the deltas have not set yet. */
function messageFromDocument(messageId: string, document: JsonValue, complete: boolean): ConvoMessage {
  const fields = isObject(document) ? document : {};
  const wire = {
    role: 'agent',
    ...fields,
    message_id: typeof fields['message_id'] === 'string' ? fields['message_id'] : messageId,
    content: Array.isArray(fields['content']) ? fields['content'] : [],
    complete,
  } as AgentsMessage;
  return messageFromAgents(wire);
}

export function createAgentsAdapter(): StreamAdapter {
  const messages = new Map<string, MessageState>();
  const announcedToolCalls = new Set<string>();
  const settledToolCalls = new Set<string>();
  let outcome: StreamEndReason = 'interrupted';

  function toolEvents(message: ConvoMessage): ConvoStreamEvent[] {
    const events: ConvoStreamEvent[] = [];
    for (const part of message.parts) {
      if (part.kind !== 'tool-call' || part.name === '') continue;
      if (!announcedToolCalls.has(part.toolCallId)) {
        announcedToolCalls.add(part.toolCallId);
        events.push({ type: 'tool-call', messageId: message.id, call: part });
      }
      if ((part.status === 'finished' || part.status === 'failed') && !settledToolCalls.has(part.toolCallId)) {
        settledToolCalls.add(part.toolCallId);
        events.push({ type: 'tool-result', messageId: message.id, toolCallId: part.toolCallId, status: part.status, result: part.result, error: part.error });
      }
    }
    return events;
  }

  function begin(messageId: string): ConvoStreamEvent[] {
    const state: MessageState = { document: {}, lastSequence: -Infinity };
    messages.set(messageId, state);
    return [{ type: 'message-started', message: messageFromDocument(messageId, state.document, false) }];
  }

  function content(frame: Record<string, unknown>, raw: string): ConvoStreamEvent[] {
    const messageId = String(frame['message_id']);
    const delta = frame['delta'];
    if (!isObject(delta) || typeof delta['op'] !== 'string' || typeof delta['path'] !== 'string') {
      return [{ type: 'error', error: new ConvoProtocolError('malformed_frame', 'A message_content frame without a delta', raw) }];
    }
    const events: ConvoStreamEvent[] = messages.has(messageId) ? [] : begin(messageId);
    const state = messages.get(messageId)!;
    const sequence = typeof frame['sequence_number'] === 'number' ? frame['sequence_number'] : undefined;
    if (sequence !== undefined) {
      if (sequence <= state.lastSequence) return events;
      state.lastSequence = sequence;
    }
    const operation = delta as unknown as AgentsDelta;
    try {
      state.document = applyPatchOperation(state.document, operation);
    } catch (error) {
      if (!(error instanceof JsonPatchError)) throw error;
      return [...events, { type: 'error', error: new ConvoProtocolError('malformed_frame', `A delta could not apply: ${error.message}`, raw) }];
    }
    const textTarget = operation.op === 'concat_string' ? GROWING_TEXT_PATH.exec(operation.path) : null;
    if (textTarget) {
      const partIndex = Number(textTarget[1]);
      const items = isObject(state.document) && Array.isArray(state.document['content']) ? state.document['content'] : [];
      const item = items[partIndex];
      if (isObject(item) && item['kind'] === textTarget[2]) {
        return [...events, { type: 'text-appended', messageId, partIndex, text: String(operation.value) }];
      }
    }
    const message = messageFromDocument(messageId, state.document, false);
    return [...events, { type: 'message-replaced', message }, ...toolEvents(message)];
  }

  function end(frame: Record<string, unknown>, raw: string): ConvoStreamEvent[] {
    const final = frame['data'];
    if (!isObject(final) || typeof final['message_id'] !== 'string') {
      return [{ type: 'error', error: new ConvoProtocolError('malformed_frame', 'A message_end frame without its message', raw) }];
    }
    messages.delete(final['message_id']);
    const message = messageFromAgents({ ...(final as unknown as AgentsMessage), complete: true });
    return [...toolEvents(message), { type: 'message-completed', message }];
  }

  function agentEvent(data: string): ConvoStreamEvent[] {
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return [{ type: 'error', error: new ConvoProtocolError('malformed_frame', 'Unreadable JSON in an agent_event frame', data) }];
    }
    if (!isObject(frame)) return [{ type: 'error', error: new ConvoProtocolError('malformed_frame', 'An agent_event frame that is not an object', data) }];
    switch (frame['event_type']) {
      case 'message_begin':
        return begin(String(frame['message_id']));
      case 'message_content':
        return content(frame, data);
      case 'message_end':
        return end(frame, data);
      case 'agent_finished':
        if (outcome !== 'failed') outcome = 'finished';
        return [];
      case 'agent_error': {
        outcome = 'failed';
        const error = isObject(frame['error']) ? frame['error'] : {};
        return [{ type: 'error', error: new ConvoRunError(String(error['code'] ?? 'agent_error'), String(error['message'] ?? 'The agent failed')) }];
      }
      case 'thread_name_updated':
        return [{ type: 'title-changed', title: String(frame['new_name'] ?? '') }];
      case 'request_user_input':
        return [{ type: 'input-requested', request: 'user_input', payload: frame }];
      case 'request_tool_execution':
        return [{ type: 'input-requested', request: 'tool_execution', payload: frame }];
      default:
        return [{ type: 'error', error: new ConvoProtocolError('unknown_event', `Unknown agent event ${String(frame['event_type'])}`, data) }];
    }
  }

  return {
    frame(event, data) {
      switch (event) {
        case 'agent_event':
          return agentEvent(data);
        case 'agent_ready':
          // Run and thread ids; nothing a transcript needs.
          return [];
        default:
          return [{ type: 'error', error: new ConvoProtocolError('unknown_event', `Unknown stream event ${event ?? '(unnamed)'}`, data) }];
      }
    },
    end() {
      return [{ type: 'done', reason: outcome }];
    },
  };
}
