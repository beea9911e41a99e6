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
 */
import { idempotencyKeyFor, type DialectContext } from '../dialect.js';
import { randomUuid } from '../ids.js';
import type { CallOptions, ConvoMessage, WriteOptions } from '../types.js';
import { iterateAll } from '../paging.js';
import { listMessagesPage } from '../messages.js';
import { conversationFromPosthog, type PosthogConversation, type PosthogCreateRequest } from '../wire-posthog.js';
import { createAgentsAdapter } from './agents-adapter.js';
import { ConvoEventStream, eventsFromResponse } from './event-stream.js';
import type { ConvoStreamEvent, StreamEndReason } from './events.js';
import { createPosthogAdapter } from './posthog-adapter.js';
import { ConvoApiError } from '../errors.js';
import { parseJsonBody, type RequestSpec } from '../http.js';
import type { AgentsPageBody } from '../paging.js';
import { messageFromAgents, type AgentsMessage } from '../wire-agents.js';

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

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Stored messages as a stream: what a replay yields when there is no live run to attach to. */
function* replayStoredMessages(messages: ConvoMessage[], reason: StreamEndReason): Generator<ConvoStreamEvent, void, undefined> {
  for (const message of messages) yield { type: 'message-completed', message };
  yield { type: 'done', reason };
}

interface Delivery {
  running: boolean;
  /** The messages after the person's message, when it was found. */
  reply: ConvoMessage[];
}

/** Re-reads the conversation to see whether the message with `traceId` arrived. `null` when it did not. */
async function findDelivery(context: DialectContext, conversationId: string, traceId: string, signal: AbortSignal | undefined): Promise<Delivery | null> {
  let wire: PosthogConversation;
  try {
    wire = await context.transport.json<PosthogConversation>({ method: 'GET', path: context.environmentPath('conversations', conversationId), signal });
  } catch (error) {
    if (error instanceof ConvoApiError && error.status === 404) return null;
    throw error;
  }
  const messages = conversationFromPosthog(wire).messages ?? [];
  const index = messages.findIndex((message) => message.role === 'user' && message.traceId === traceId);
  if (index < 0) return null;
  return { running: wire.status !== 'idle', reply: messages.slice(index + 1) };
}

function posthogStream(context: DialectContext, conversationId: string, request: PosthogCreateRequest, options: WriteOptions): ConvoEventStream {
  const { transport } = context;
  const spec: RequestSpec = {
    method: 'POST',
    path: context.environmentPath('conversations'),
    accept: 'text/event-stream',
    streaming: true,
    idempotencyKey: idempotencyKeyFor(options),
    signal: options.signal,
  };
  return new ConvoEventStream(conversationId, request.trace_id, async function* () {
    const outcome = await transport.withRetries(spec, async (factory, attempt): Promise<{ response: Response } | { reply: ConvoMessage[] }> => {
      let body = request;
      if (attempt > 1 && request.content !== null) {
        const delivery = await findDelivery(context, conversationId, request.trace_id, options.signal);
        if (delivery && !delivery.running) return { reply: delivery.reply };
        if (delivery) body = { ...request, content: null };
      }
      return { response: await transport.fetchOnce({ ...spec, json: withoutUndefined(body) }, factory, (answer) => Promise.resolve(answer)) };
    });
    if ('reply' in outcome) {
      yield* replayStoredMessages(outcome.reply, 'finished');
      return;
    }
    const { response } = outcome;
    yield* eventsFromResponse(response, createPosthogAdapter({ unnamedIdPrefix: `unnamed-${randomUuid()}-` }), options.signal, transport.streamIdleTimeoutMs);
  });
}

function agentsStream(context: DialectContext, conversationId: string, content: string, options: WriteOptions): ConvoEventStream {
  const spec: RequestSpec = {
    method: 'POST',
    path: context.agentPath('conversations', conversationId, 'stream'),
    json: { content },
    accept: 'text/event-stream',
    streaming: true,
    idempotencyKey: idempotencyKeyFor(options),
    signal: options.signal,
  };
  const { transport } = context;
  return new ConvoEventStream(conversationId, undefined, async function* () {
    const firstAttemptAt = transport.clock.now();
    const outcome = await transport.withRetries(spec, async (factory, attempt): Promise<{ response: Response } | AgentsDelivery> => {
      if (attempt > 1) {
        const delivery = await findAgentsDelivery(context, conversationId, content, firstAttemptAt, options.signal);
        if (delivery) return delivery;
      }
      return { response: await transport.fetchOnce(spec, factory, (answer) => Promise.resolve(answer)) };
    });
    if ('reply' in outcome) {
      const answered = outcome.reply.some((message) => message.role === 'assistant' && message.complete);
      yield* replayStoredMessages(outcome.reply, answered ? 'finished' : 'interrupted');
      return;
    }
    const { response } = outcome;
    yield* eventsFromResponse(response, createAgentsAdapter(), options.signal, transport.streamIdleTimeoutMs);
  });
}

/** How far our clock may be off the server's when its `Date` header is not readable (CORS hides it). */
const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;
/** `Date` has one-second resolution. */
const DATE_HEADER_SLACK_MS = 2_000;

interface AgentsDelivery {
  /** What the server stored after the person's message. */
  reply: ConvoMessage[];
}

/** Whether a send that failed without an answer reached the agents server after all (see the module comment). */
async function findAgentsDelivery(context: DialectContext, conversationId: string, content: string, firstAttemptAt: number, signal: AbortSignal | undefined): Promise<AgentsDelivery | null> {
  const { transport } = context;
  const messages: AgentsMessage[] = [];
  let serverNow = Number.NaN;
  let cursor: string | null = null;
  do {
    const response = await transport.send({ method: 'GET', path: context.agentPath('conversations', conversationId, 'messages'), query: { next: cursor ?? undefined }, signal });
    if (Number.isNaN(serverNow)) serverNow = Date.parse(response.headers.get('date') ?? '');
    const page: AgentsPageBody<AgentsMessage> = parseJsonBody<AgentsPageBody<AgentsMessage>>(await response.text(), response.url);
    messages.push(...page.data);
    cursor = page.has_more === false ? null : (page.next ?? null);
  } while (cursor);
  const index = messages.findLastIndex((message) => message.role === 'user');
  const candidate = messages[index];
  if (!candidate) return null;
  const text = messageFromAgents(candidate).parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('');
  if (text !== content) return null;
  const elapsed = transport.clock.now() - firstAttemptAt;
  const earliest = Number.isNaN(serverNow) ? firstAttemptAt - CLOCK_SKEW_ALLOWANCE_MS : serverNow - elapsed - DATE_HEADER_SLACK_MS;
  const storedAt = Date.parse(candidate.created_at ?? '');
  if (Number.isNaN(storedAt) || storedAt < earliest) return null;
  return { reply: messages.slice(index + 1).map(messageFromAgents) };
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
