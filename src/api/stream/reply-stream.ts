/**
 * Starting, re-attaching and resuming reply streams in either dialect.
 *
 * Exactly once. Every send carries an `Idempotency-Key`, but the real servers ignore it, so before any retry
 * of a send the conversation is re-read to see whether the first attempt arrived:
 * - PostHog: the person's message echoes the request's client-chosen `trace_id`. If it is there, the retry
 *   re-attaches with `content: null` instead of sending again, or, if the run already ended, replays the
 *   stored reply.
 * - Agents: there is no trace id, so the newest person's message counts as this one when it has the same
 *   text and was stored after the first attempt began (by the server's clock when its `Date` header is
 *   readable, else by ours with a margin for skew). The stored reply is replayed; a run still going cannot
 *   be joined in this dialect, so the replay then ends `interrupted`.
 *
 * Each dialect's sending code (posthog-reply.ts, agents-reply.ts, with their stream adapters and the
 * event-stream parser) is loaded on first use: a stream is created at once, and its first `next()` waits
 * for that code. A client starts loading its dialect's part when it is created, so the code is normally
 * there before the first message is sent; a page that only lists or reads conversations pays nothing more.
 */
import type { DialectContext } from '../dialect.js';
import { randomUuid } from '../ids.js';
import { loadOnce } from '../load-once.js';
import { listMessagesPage } from '../messages.js';
import { iterateAll } from '../paging.js';
import type { CallOptions, ConvoMessage, Dialect, WriteOptions } from '../types.js';
import type { PosthogCreateRequest } from '../wire-posthog.js';
import { ConvoEventStream, replayStoredMessages } from './event-stream.js';

export interface StreamOptions extends WriteOptions {
  content: string;
  /** PostHog: the run's trace id (one is minted when omitted; read it back from `stream.traceId`). */
  traceId?: string | undefined;
  /** PostHog extras, passed through as the server names them. */
  agentMode?: string | undefined;
  contextualTools?: Record<string, unknown> | undefined;
  uiContext?: unknown;
  billingContext?: unknown;
  sessionId?: string | undefined;
}

export interface ResumeApprovalOptions extends WriteOptions {
  action: 'approve' | 'reject';
  proposalId: string;
}

const loadPosthogReply = loadOnce(() => import('./posthog-reply.js'), 'the PostHog reply code');
const loadAgentsReply = loadOnce(() => import('./agents-reply.js'), 'the agents reply code');

/** Starts loading the reply code of `dialect` in the background (a failure is left for first use to report). */
export function preloadReplyCode(dialect: Dialect): void {
  (dialect === 'posthog' ? loadPosthogReply() : loadAgentsReply()).catch(() => undefined);
}

function posthogStream(context: DialectContext, conversationId: string, request: PosthogCreateRequest, options: WriteOptions): ConvoEventStream {
  return new ConvoEventStream(conversationId, request.trace_id, async function* () {
    const { posthogReply } = await loadPosthogReply();
    yield* posthogReply(context, conversationId, request, options);
  });
}

function agentsStream(context: DialectContext, conversationId: string, content: string, options: WriteOptions): ConvoEventStream {
  return new ConvoEventStream(conversationId, undefined, async function* () {
    const { agentsReply } = await loadAgentsReply();
    yield* agentsReply(context, conversationId, content, options);
  });
}

/** Sends the person's message and streams the reply. */
export function replyStream(context: DialectContext, conversationId: string, options: StreamOptions): ConvoEventStream {
  if (context.dialect === 'agents') return agentsStream(context, conversationId, options.content, options);
  return posthogStream(
    context,
    conversationId,
    {
      content: options.content,
      conversation: conversationId,
      trace_id: options.traceId ?? randomUuid(),
      agent_mode: options.agentMode,
      contextual_tools: options.contextualTools,
      ui_context: options.uiContext,
      billing_context: options.billingContext,
      session_id: options.sessionId,
    },
    options,
  );
}

/**
 * Picks up a reply after the stream was lost. PostHog: re-attaches to the running conversation
 * (`content: null`; a 400 `ConvoApiError` when it is idle, then re-read it). Agents: the server cannot
 * re-attach, so the stored messages are yielded as `message-completed` events, then `done`.
 */
export function reattachStream(context: DialectContext, conversationId: string, options: CallOptions = {}): ConvoEventStream {
  if (context.dialect === 'posthog') {
    return posthogStream(context, conversationId, { content: null, conversation: conversationId, trace_id: randomUuid() }, options);
  }
  return new ConvoEventStream(conversationId, undefined, async function* () {
    const messages: ConvoMessage[] = [];
    for await (const message of iterateAll((cursor) => listMessagesPage(context, conversationId, { cursor, signal: options.signal }))) messages.push(message);
    yield* replayStoredMessages(messages, 'finished');
  });
}

/** Approves or rejects a pending approval (PostHog) and streams the run that continues. */
export function resumeApprovalStream(context: DialectContext, conversationId: string, options: ResumeApprovalOptions): ConvoEventStream {
  context.require('posthog', 'resumeApproval');
  return posthogStream(
    context,
    conversationId,
    { content: null, conversation: conversationId, trace_id: randomUuid(), resume_payload: { action: options.action, proposal_id: options.proposalId } },
    options,
  );
}
