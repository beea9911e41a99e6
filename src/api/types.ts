/**
 * The dialect-neutral shapes elements render. Both dialects' conversations and messages map onto these; the
 * wire shapes stay reachable through `raw` for what only one dialect has.
 */
import type { AgentsConversation, AgentsMessage } from './wire-agents.js';
import type { PosthogConversation, PosthogMessage, PosthogPendingApproval } from './wire-posthog.js';

export type Dialect = 'posthog' | 'agents';

/** PostHog reports a run's state; the agents server does not (`undefined`). */
export type ConversationStatus = 'idle' | 'in_progress' | 'canceling';

export interface Conversation {
  id: string;
  /** PostHog `title`, agents `name`; `null` until the server named it. */
  title: string | null;
  status: ConversationStatus | undefined;
  createdAt: string | undefined;
  updatedAt: string | undefined;
  /** Present when the conversation was retrieved with its messages (PostHog retrieve). */
  messages: ConvoMessage[] | undefined;
  /** Approvals waiting for the person (PostHog). */
  pendingApprovals: PendingApproval[];
  raw: PosthogConversation | AgentsConversation;
}

export type PendingApproval = PosthogPendingApproval;

export type ConvoRole = 'user' | 'assistant' | 'tool';

export interface ConvoMessage {
  /** Server id; PostHog partials use `temp-N` until their final id arrives. */
  id: string;
  role: ConvoRole;
  parts: ConvoPart[];
  /** False while the agent is still writing it. */
  complete: boolean;
  createdAt: string | undefined;
  /** PostHog echoes the `trace_id` of the request that sent a person's message: how a resend is recognised. */
  traceId: string | undefined;
  /** Set on messages produced inside a tool call (PostHog subagents). */
  parentToolCallId: string | undefined;
  raw: PosthogMessage | AgentsMessage;
}

export type ToolCallStatus = 'pending' | 'running' | 'streaming' | 'finished' | 'failed';

export interface TextPart {
  kind: 'text';
  text: string;
  citations?: unknown[] | undefined;
}

export interface ThoughtPart {
  kind: 'thought';
  text: string;
}

export interface ToolCallPart {
  kind: 'tool-call';
  toolCallId: string;
  name: string;
  /** Parsed arguments when available (PostHog `args`, agents `arguments_raw` when it is complete JSON). */
  args: unknown;
  /** The arguments as streamed (agents). */
  argumentsRaw: string | undefined;
  status: ToolCallStatus;
  result: unknown;
  error: string | undefined;
}

export interface ToolResultPart {
  kind: 'tool-result';
  toolCallId: string;
  text: string;
  uiPayload: unknown;
}

export interface AttachmentPart {
  kind: 'attachment';
  name: string;
  mimeType: string;
  uri: string;
}

export interface QuickAction {
  label: string;
  value: string;
  href?: string | undefined;
}

export interface QuickActionsPart {
  kind: 'quick-actions';
  actions: QuickAction[];
}

/** The agent could not produce an answer (PostHog `ai/failure`). */
export interface FailurePart {
  kind: 'failure';
  text: string;
}

/**
 * A chart the agent drew (agents `vega_chart`): its specification as streamed so far, read only once
 * `complete` (a half-streamed spec is not JSON).
 */
export interface ChartPart {
  kind: 'chart';
  /** The specification's language: `vega-lite` (what agents send) or `vega`. */
  format: string;
  /** The specification's JSON text, untrusted model output. */
  specRaw: string;
  complete: boolean;
}

/** A message or item kind this version cannot show; elements render a neutral note, never drop it. */
export interface UnsupportedPart {
  kind: 'unsupported';
  wireType: string;
}

export type ConvoPart =
  | TextPart
  | ThoughtPart
  | ToolCallPart
  | ToolResultPart
  | AttachmentPart
  | QuickActionsPart
  | FailurePart
  | ChartPart
  | UnsupportedPart;

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** Options of calls that write: a key the caller keeps across its own retries (one is minted otherwise). */
export interface WriteOptions extends CallOptions {
  idempotencyKey?: string | undefined;
}
