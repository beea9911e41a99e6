/**
 * Starting, re-attaching and resuming reply streams in either dialect.
 *
 * Exactly once: a PostHog message carries a client-chosen `trace_id` and an `Idempotency-Key`. Before any
 * retry of a send, the conversation is re-read; if the person's message is already there (its echo carries
 * the trace id), the retry re-attaches with `content: null` instead of sending the message again, or, if the
 * run already ended, replays the stored reply. The real servers do not honour `Idempotency-Key`, so this
 * check is what prevents a second generation.
 */
import { idempotencyKeyFor, type DialectContext } from '../dialect.js';
import { randomUuid } from '../ids.js';
import type { CallOptions, ConvoMessage, WriteOptions } from '../types.js';
import { iterateAll } from '../paging.js';
import { listMessagesPage } from '../messages.js';
import { conversationFromPosthog, type PosthogConversation, type PosthogCreateRequest } from '../wire-posthog.js';
import { createAgentsAdapter } from './agents-adapter.js';
import { ConvoEventStream, eventsFromResponse } from './event-stream.js';
import type { ConvoStreamEvent } from './events.js';
import { createPosthogAdapter } from './posthog-adapter.js';
import { ConvoApiError } from '../errors.js';
import type { RequestSpec } from '../http.js';

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

/** The reply already stored after the person's message: what a replay yields when the run ended meanwhile. */
function* replayStoredReply(messages: ConvoMessage[]): Generator<ConvoStreamEvent, void, undefined> {
  for (const message of messages) yield { type: 'message-completed', message };
  yield { type: 'done', reason: 'finished' };
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
    let storedReply: ConvoMessage[] | null = null;
    const response = await transport.withRetries(spec, async (factory, attempt) => {
      let body = request;
      if (attempt > 1 && request.content !== null) {
        const delivery = await findDelivery(context, conversationId, request.trace_id, options.signal);
        if (delivery && !delivery.running) {
          storedReply = delivery.reply;
          return null;
        }
        if (delivery) body = { ...request, content: null };
      }
      return transport.fetchOnce({ ...spec, json: withoutUndefined(body) }, factory, (answer) => Promise.resolve(answer));
    });
    if (response === null) {
      yield* replayStoredReply(storedReply ?? []);
      return;
    }
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
    // The agents server has no trace id to look for before a resend: replay only what it provably ignored.
    creates: true,
    signal: options.signal,
  };
  return new ConvoEventStream(conversationId, undefined, async function* () {
    const response = await context.transport.send(spec);
    yield* eventsFromResponse(response, createAgentsAdapter(), options.signal, context.transport.streamIdleTimeoutMs);
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
    yield* replayStoredReply(messages);
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
