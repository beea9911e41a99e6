/**
 * The PostHog dialect on the wire (API.md, "PostHog dialect"), and its mapping onto the neutral types.
 * Shapes only the support inbox uses (tickets, views, comments, profile configs) exist in this dialect alone
 * and are used as they are.
 */
import type { Conversation, ConvoMessage, ConvoPart, ConvoRole, QuickAction, ToolCallPart } from './types.js';

export interface PosthogUserBasic {
  id: number;
  uuid: string;
  distinct_id?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
}

export type PosthogConversationStatus = 'idle' | 'in_progress' | 'canceling';

export interface PosthogConversation {
  id: string;
  status: PosthogConversationStatus;
  title: string | null;
  topic?: string | null;
  user?: PosthogUserBasic;
  created_at: string;
  updated_at: string;
  type?: 'assistant' | 'tool_call' | 'deep_research' | 'slack' | string;
  is_internal?: boolean;
  /** Retrieve only. */
  messages?: PosthogMessage[];
  agent_mode?: string | null;
  agent_runtime?: 'langgraph' | 'sandbox' | string;
  is_sandbox?: boolean;
  has_unsupported_content?: boolean;
  pending_approvals?: PosthogPendingApproval[];
}

export interface PosthogPendingApproval {
  proposal_id: string;
  decision_status: 'pending' | 'approved' | 'rejected' | 'auto_rejected';
  tool_name: string;
  preview: string;
  payload: unknown;
  original_tool_call_id: string;
  message_id: string;
}

export interface PosthogMessageBase {
  id?: string | null;
  parent_tool_call_id?: string | null;
  /** Echoed on the person's message: the request's `trace_id`. */
  trace_id?: string | null;
  created_at?: string;
}

export interface PosthogHumanMessage extends PosthogMessageBase {
  type: 'human';
  content: string;
}

export interface PosthogToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export interface PosthogAssistantMessage extends PosthogMessageBase {
  type: 'ai';
  content: string;
  tool_calls?: PosthogToolCall[];
  meta?: {
    thinking?: Array<{ thinking?: string; type?: string } | string>;
    form?: { options: Array<{ value: string; href?: string }> };
  };
}

export interface PosthogToolMessage extends PosthogMessageBase {
  type: 'tool';
  content: string;
  tool_call_id: string;
  ui_payload?: unknown;
}

export interface PosthogFailureMessage extends PosthogMessageBase {
  type: 'ai/failure';
  content?: string;
}

export interface PosthogReasoningMessage extends PosthogMessageBase {
  type: 'ai/reasoning';
  content: string;
  substeps?: string[];
}

/** `ai/viz`, `ai/multi_viz`, `ai/artifact`, `ai/notebook`, `ai/planning`, `ai/task_execution`, and future kinds. */
export interface PosthogOtherMessage extends PosthogMessageBase {
  type: string;
  [field: string]: unknown;
}

export type PosthogMessage =
  | PosthogHumanMessage
  | PosthogAssistantMessage
  | PosthogToolMessage
  | PosthogFailureMessage
  | PosthogReasoningMessage
  | PosthogOtherMessage;

/** Body of `POST …/conversations/`: a new message, a re-attach (`content: null`) or an approval decision. */
export interface PosthogCreateRequest {
  content: string | null;
  conversation: string;
  trace_id: string;
  agent_mode?: string;
  contextual_tools?: Record<string, unknown>;
  ui_context?: unknown;
  billing_context?: unknown;
  session_id?: string;
  resume_payload?: { action: 'approve' | 'reject'; proposal_id: string };
}

/** `update` frames: a progress line from a running tool. */
export interface PosthogUpdateFrame {
  id: string;
  tool_call_id: string;
  content: string;
}

export interface PosthogStatusFrame {
  type: 'generation_error' | string;
  [field: string]: unknown;
}

export interface PosthogOpenRequest {
  content?: string | null;
  trace_id?: string;
  attached_context?: Array<{ type: string; id?: string; name?: string; value?: unknown }>;
  initial_permission_mode?: string;
  task_id?: string;
}

export interface PosthogOpenResult {
  task_id: string;
  run_id: string;
  trace_id: string;
  run_status: string;
  just_created_run: boolean;
}

export interface QueuedMessage {
  id: string;
  content: string;
  created_at: string;
  [field: string]: unknown;
}

/** Every queue endpoint answers the whole queue. */
export interface MessageQueue {
  messages: QueuedMessage[];
  max_queue_messages: number;
}

// Support inbox ---------------------------------------------------------------------------------------------

export type TicketStatus = 'new' | 'open' | 'pending' | 'on_hold' | 'resolved';
export type TicketPriority = 'low' | 'medium' | 'high';

export interface TicketAssignee {
  type: 'user' | 'role';
  id: string | number;
}

export interface TicketPerson {
  id: string;
  name: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
  is_identified: boolean;
}

export interface Ticket {
  id: string;
  ticket_number: number;
  channel_source: 'widget' | 'email' | 'slack' | string;
  distinct_id: string;
  status: TicketStatus;
  priority: TicketPriority | null;
  assignee: TicketAssignee | null;
  anonymous_traits: Record<string, unknown>;
  ai_resolved: boolean;
  escalation_reason: string | null;
  created_at: string;
  updated_at: string;
  message_count: number;
  last_message_at: string | null;
  last_message_text: string | null;
  unread_team_count: number;
  unread_customer_count: number;
  sla_due_at: string | null;
  tags: string[];
  person: TicketPerson | null;
}

/** The fields a ticket create or update may write. */
export interface TicketWrite {
  status?: TicketStatus;
  priority?: TicketPriority | null;
  assignee?: TicketAssignee | null;
  anonymous_traits?: Record<string, unknown>;
  ai_resolved?: boolean;
  escalation_reason?: string | null;
  sla_due_at?: string | null;
  tags?: string[];
}

export type TicketSla = 'breached' | 'at-risk' | 'on-track';
export type TicketOrder = 'updated_at' | '-updated_at' | 'sla_due_at' | '-sla_due_at' | 'created_at' | '-created_at';

/** List filters; the arrays are sent as the comma lists (tags: a JSON array) the server reads. */
export interface TicketFilters {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  channelSource?: string;
  /** `unassigned`, `user:<id>` or `role:<uuid>`. */
  assignee?: string;
  dateFrom?: string;
  dateTo?: string;
  /** Digits match the ticket number, anything else the person's name or email. */
  search?: string;
  sla?: TicketSla;
  tags?: string[];
  orderBy?: TicketOrder;
}

export interface TicketViewFilters {
  status?: string[];
  priority?: string[];
  channel?: string;
  sla?: string;
  assignee?: string;
  tags?: string[];
  dateFrom?: string;
  dateTo?: string;
  order?: string;
  [field: string]: unknown;
}

export interface TicketView {
  id: string;
  short_id: string;
  name: string;
  filters: TicketViewFilters;
  created_at: string;
  created_by: PosthogUserBasic | null;
}

export type CommentAuthorType = 'customer' | 'AI' | 'support' | string;

/** A ticket message: a PostHog comment with `scope: "conversations_ticket"`. */
export interface TicketComment {
  id: string;
  content: string | null;
  rich_content?: unknown;
  scope: string;
  item_id: string;
  item_context: { author_type?: CommentAuthorType; is_private?: boolean; [field: string]: unknown } | null;
  created_at: string;
  created_by: PosthogUserBasic | null;
  deleted?: boolean;
  version?: number;
  source_comment?: string | null;
}

export interface CustomerProfileConfig {
  id: string;
  scope: string;
  content: unknown;
  sidebar: unknown;
  created_at?: string;
  updated_at?: string;
}

export type CustomerProfileConfigWrite = Partial<Pick<CustomerProfileConfig, 'scope' | 'content' | 'sidebar'>>;

// Mapping onto the neutral types ----------------------------------------------------------------------------

export function isTemporaryMessageId(id: string): boolean {
  return id.startsWith('temp-');
}

function thinkingText(meta: PosthogAssistantMessage['meta']): string {
  return (meta?.thinking ?? [])
    .map((block) => (typeof block === 'string' ? block : (block.thinking ?? '')))
    .filter((text) => text !== '')
    .join('\n\n');
}

function toolCallPart(call: PosthogToolCall): ToolCallPart {
  // PostHog marks completion with a later `tool` message, not on the call itself.
  return { kind: 'tool-call', toolCallId: call.id, name: call.name, args: call.args, argumentsRaw: undefined, status: 'running', result: undefined, error: undefined };
}

function partsOf(message: PosthogMessage): { role: ConvoRole; parts: ConvoPart[] } {
  switch (message.type) {
    case 'human':
      return { role: 'user', parts: [{ kind: 'text', text: String(message.content ?? '') }] };
    case 'ai': {
      const ai = message as PosthogAssistantMessage;
      const parts: ConvoPart[] = [];
      const thought = thinkingText(ai.meta);
      if (thought !== '') parts.push({ kind: 'thought', text: thought });
      parts.push({ kind: 'text', text: ai.content ?? '' });
      for (const call of ai.tool_calls ?? []) parts.push(toolCallPart(call));
      const options = ai.meta?.form?.options;
      if (options && options.length > 0) {
        const actions: QuickAction[] = options.map((option) => ({ label: option.value, value: option.value, href: option.href }));
        parts.push({ kind: 'quick-actions', actions });
      }
      return { role: 'assistant', parts };
    }
    case 'tool': {
      const tool = message as PosthogToolMessage;
      return { role: 'tool', parts: [{ kind: 'tool-result', toolCallId: tool.tool_call_id, text: tool.content ?? '', uiPayload: tool.ui_payload }] };
    }
    case 'ai/failure':
      return { role: 'assistant', parts: [{ kind: 'failure', text: String(message.content ?? '') }] };
    case 'ai/reasoning':
      return { role: 'assistant', parts: [{ kind: 'thought', text: String(message.content ?? '') }] };
    default:
      return { role: 'assistant', parts: [{ kind: 'unsupported', wireType: message.type }] };
  }
}

/**
 * Some messages (reasoning steps) come without an id; `fallbackId` names them. `complete` defaults to
 * whether the id is final (not `temp-`).
 */
export function messageFromPosthog(message: PosthogMessage, fallbackId: string, complete?: boolean): ConvoMessage {
  const id = message.id ?? fallbackId;
  const { role, parts } = partsOf(message);
  return {
    id,
    role,
    parts,
    complete: complete ?? !isTemporaryMessageId(id),
    createdAt: message.created_at,
    traceId: message.trace_id ?? undefined,
    parentToolCallId: message.parent_tool_call_id ?? undefined,
    raw: message,
  };
}

/** Marks tool calls finished when a later `tool` message answers them, as PostHog's own UI does. */
export function settleToolCalls(messages: ConvoMessage[]): ConvoMessage[] {
  const answered = new Set<string>();
  for (const message of messages) {
    for (const part of message.parts) if (part.kind === 'tool-result') answered.add(part.toolCallId);
  }
  if (answered.size === 0) return messages;
  return messages.map((message) =>
    message.parts.some((part) => part.kind === 'tool-call' && answered.has(part.toolCallId))
      ? { ...message, parts: message.parts.map((part) => (part.kind === 'tool-call' && answered.has(part.toolCallId) ? { ...part, status: 'finished' as const } : part)) }
      : message,
  );
}

export function conversationFromPosthog(wire: PosthogConversation): Conversation {
  return {
    id: wire.id,
    title: wire.title ?? null,
    status: wire.status,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
    messages: wire.messages ? settleToolCalls(wire.messages.map((message, index) => messageFromPosthog(message, `${wire.id}:${index}`))) : undefined,
    pendingApprovals: wire.pending_approvals ?? [],
    raw: wire,
  };
}
