/**
 * The one event vocabulary of a reply stream, whichever dialect produced it.
 *
 * A transcript is built from the `message-*` and `text-appended` events alone: `message-started` adds a
 * message being written, `text-appended` extends one of its text parts, `message-replaced` swaps it whole,
 * and `message-completed` stores its final form (removing the message `replacesId` names, when it names one:
 * PostHog's `temp-N` partials give way to the final message with its real id). `tool-call`, `tool-result`
 * and `progress` are notifications about tool activity that the message events already carry.
 *
 * `error` reports a problem without ending the iteration; which one is in `error.kind`:
 * - `protocol`: a frame could not be read (bad JSON, unknown event) and was skipped;
 * - `run`: the agent's run failed (PostHog `generation_error`, agents `agent_error`);
 * - `network`: the connection dropped mid-reply; `done` with reason `interrupted` follows, and
 *   `client.reattach` picks the reply up again.
 *
 * Every stream ends with exactly one `done`, unless it is aborted (see `ConvoEventStream`).
 */
import type { ConvoNetworkError, ConvoProtocolError, ConvoRunError } from '../errors.js';
import type { Conversation, ConvoMessage, ToolCallPart } from '../types.js';

export interface ConversationEvent {
  type: 'conversation';
  /** PostHog sends it first, and only when this request created the conversation. */
  conversation: Conversation;
}

export interface MessageStartedEvent {
  type: 'message-started';
  message: ConvoMessage;
}

export interface TextAppendedEvent {
  type: 'text-appended';
  messageId: string;
  /** Index in `message.parts` of the part whose `text` grew (a text or a thought part). */
  partIndex: number;
  /** Only the new text. */
  text: string;
}

export interface MessageReplacedEvent {
  type: 'message-replaced';
  message: ConvoMessage;
}

export interface MessageCompletedEvent {
  type: 'message-completed';
  message: ConvoMessage;
  /** A provisional message (PostHog `temp-N`) this final one takes the place of. */
  replacesId?: string | undefined;
}

export interface ToolCallEvent {
  type: 'tool-call';
  messageId: string;
  call: ToolCallPart;
}

export interface ToolResultEvent {
  type: 'tool-result';
  messageId: string;
  toolCallId: string;
  status: 'finished' | 'failed';
  result: unknown;
  error?: string | undefined;
}

export interface ProgressEvent {
  type: 'progress';
  /** The message whose tool call is running. */
  messageId: string;
  toolCallId: string;
  text: string;
}

export interface TitleChangedEvent {
  type: 'title-changed';
  title: string;
}

/** The agent waits for the person (agents `request_user_input`) or for the client to run a tool. */
export interface InputRequestedEvent {
  type: 'input-requested';
  request: 'user_input' | 'tool_execution';
  payload: Record<string, unknown>;
}

export interface StreamErrorEvent {
  type: 'error';
  error: ConvoProtocolError | ConvoRunError | ConvoNetworkError;
}

export type StreamEndReason = 'finished' | 'failed' | 'interrupted';

export interface DoneEvent {
  type: 'done';
  /** `failed`: the run reported a failure; `interrupted`: the stream ended before the run did. */
  reason: StreamEndReason;
}

export type ConvoStreamEvent =
  | ConversationEvent
  | MessageStartedEvent
  | TextAppendedEvent
  | MessageReplacedEvent
  | MessageCompletedEvent
  | ToolCallEvent
  | ToolResultEvent
  | ProgressEvent
  | TitleChangedEvent
  | InputRequestedEvent
  | StreamErrorEvent
  | DoneEvent;

/** A dialect's translation of server-sent frames into events. Pure: no I/O, no timers. */
export interface StreamAdapter {
  /** One frame: its `event:` name (if any) and its `data:`. */
  frame(event: string | undefined, data: string): ConvoStreamEvent[];
  /** The body ended; answers what remains to say, `done` included. */
  end(): ConvoStreamEvent[];
}
