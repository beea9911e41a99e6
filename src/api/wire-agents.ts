/**
 * The agents dialect on the wire (API.md, "Agents dialect"; the Sema4.ai agent server v2), and its mapping
 * onto the neutral types.
 */
import type { Conversation, ConvoMessage, ConvoPart, ToolCallStatus } from './types.js';

export interface AgentsConversation {
  id: string;
  name: string;
  agent_id: string;
  [field: string]: unknown;
}

export interface AgentsContentBase {
  content_id: string;
  kind: string;
  complete: boolean;
}

export interface AgentsTextContent extends AgentsContentBase {
  kind: 'text';
  text: string;
  citations?: unknown[];
}

export interface AgentsThoughtContent extends AgentsContentBase {
  kind: 'thought';
  thought: string;
}

export interface AgentsToolCallContent extends AgentsContentBase {
  kind: 'tool_call';
  name: string;
  tool_call_id: string;
  arguments_raw: string;
  status: ToolCallStatus;
  result: unknown;
  error: string | null;
}

export interface AgentsAttachmentContent extends AgentsContentBase {
  kind: 'attachment';
  name: string;
  mime_type: string;
  uri: string;
}

export interface AgentsQuickActionsContent extends AgentsContentBase {
  kind: 'quick_actions';
  actions: Array<{ label: string; value: string }>;
}

/** `vega_chart` and kinds added later. */
export interface AgentsOtherContent extends AgentsContentBase {
  [field: string]: unknown;
}

export type AgentsContent =
  | AgentsTextContent
  | AgentsThoughtContent
  | AgentsToolCallContent
  | AgentsAttachmentContent
  | AgentsQuickActionsContent
  | AgentsOtherContent;

export interface AgentsMessage {
  message_id: string;
  role: 'user' | 'agent';
  content: AgentsContent[];
  created_at?: string;
  complete: boolean;
  [field: string]: unknown;
}

export interface AgentsFile {
  file_id: string;
  file_ref: string;
  file_size_raw: number;
  mime_type: string;
  created_at: string;
  [field: string]: unknown;
}

export interface DataFrameInfo {
  data_frame_id: string;
  name: string;
  num_rows: number;
  num_columns: number;
  column_headers: string[];
  sample_rows: unknown[][];
  description: string | null;
  [field: string]: unknown;
}

/** One row of a data frame slice, keyed by column name. */
export type DataFrameRow = Record<string, unknown>;

export interface AgentsReadyFrame {
  run_id: string;
  thread_id: string;
  agent_id: string;
}

/** A JSON Patch operation, RFC 6902 plus the server's `inc` and `concat_string`. */
export interface AgentsDelta {
  op: 'add' | 'replace' | 'remove' | 'move' | 'copy' | 'test' | 'inc' | 'concat_string';
  path: string;
  value?: unknown;
  from?: string;
}

export type AgentsEventFrame =
  | { event_type: 'message_begin'; message_id: string; [field: string]: unknown }
  | { event_type: 'message_content'; message_id: string; sequence_number: number; delta: AgentsDelta }
  | { event_type: 'message_end'; message_id?: string; data: AgentsMessage }
  | { event_type: 'agent_finished'; [field: string]: unknown }
  | { event_type: 'agent_error'; error: { code: string; message: string } }
  | { event_type: 'thread_name_updated'; new_name: string }
  | { event_type: 'request_user_input' | 'request_tool_execution'; [field: string]: unknown };

// Mapping onto the neutral types ----------------------------------------------------------------------------

function parseArguments(raw: string | undefined): unknown {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    // Still streaming: the raw text is all there is.
    return undefined;
  }
}

/** One part per content item, index for index, so that a patch on `/content/N` addresses part N. */
export function partFromAgents(item: AgentsContent): ConvoPart {
  switch (item.kind) {
    case 'text': {
      const text = item as AgentsTextContent;
      return { kind: 'text', text: text.text ?? '', citations: text.citations };
    }
    case 'thought':
      return { kind: 'thought', text: String((item as AgentsThoughtContent).thought ?? '') };
    case 'tool_call': {
      const call = item as AgentsToolCallContent;
      return {
        kind: 'tool-call',
        toolCallId: call.tool_call_id ?? item.content_id,
        name: call.name ?? '',
        args: parseArguments(call.arguments_raw),
        argumentsRaw: call.arguments_raw,
        status: call.status ?? 'running',
        result: call.result,
        error: call.error ?? undefined,
      };
    }
    case 'attachment': {
      const file = item as AgentsAttachmentContent;
      return { kind: 'attachment', name: file.name, mimeType: file.mime_type, uri: file.uri };
    }
    case 'quick_actions':
      return { kind: 'quick-actions', actions: ((item as AgentsQuickActionsContent).actions ?? []).map((action) => ({ label: action.label, value: action.value })) };
    case 'vega_chart': {
      const { sub_type: format, chart_spec_raw: specRaw } = item as AgentsOtherContent;
      return { kind: 'chart', format: typeof format === 'string' ? format : 'vega-lite', specRaw: typeof specRaw === 'string' ? specRaw : '', complete: item.complete === true };
    }
    default:
      return { kind: 'unsupported', wireType: String(item.kind) };
  }
}

export function messageFromAgents(message: AgentsMessage): ConvoMessage {
  return {
    id: message.message_id,
    role: message.role === 'user' ? 'user' : 'assistant',
    parts: (message.content ?? []).map(partFromAgents),
    complete: message.complete ?? true,
    createdAt: message.created_at,
    traceId: undefined,
    parentToolCallId: undefined,
    raw: message,
  };
}

export function conversationFromAgents(wire: AgentsConversation): Conversation {
  return {
    id: wire.id,
    title: wire.name || null,
    status: undefined,
    createdAt: typeof wire['created_at'] === 'string' ? wire['created_at'] : undefined,
    updatedAt: typeof wire['updated_at'] === 'string' ? wire['updated_at'] : undefined,
    messages: undefined,
    pendingApprovals: [],
    raw: wire,
  };
}
