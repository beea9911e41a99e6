/**
 * The agents dialect's reply stream: the send, and the look for a first attempt's message before a retry.
 * Loaded on first use (see reply-stream.ts) with the JSON-Patch adapter it reads, so a page on the PostHog
 * dialect, or one that never streams, does not download them.
 */
import { idempotencyKeyFor, type DialectContext } from '../dialect.js';
import { parseJsonBody, type RequestSpec } from '../http.js';
import type { AgentsPageBody } from '../paging.js';
import type { ConvoMessage, WriteOptions } from '../types.js';
import { messageFromAgents, type AgentsMessage } from '../wire-agents.js';
import { createAgentsAdapter } from './agents-adapter.js';
import { replayStoredMessages } from './event-stream.js';
import type { ConvoStreamEvent } from './events.js';
import { eventsFromResponse } from './response-events.js';

/** How far our clock may be off the server's when its `Date` header is not readable (CORS hides it). */
const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;
/** `Date` has one-second resolution. */
const DATE_HEADER_SLACK_MS = 2_000;

interface AgentsDelivery {
  /** What the server stored after the person's message. */
  reply: ConvoMessage[];
}

/** Whether a send that failed without an answer reached the agents server after all (see reply-stream.ts). */
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

/** Posts the person's message and yields the reply. */
export async function* agentsReply(context: DialectContext, conversationId: string, content: string, options: WriteOptions): AsyncGenerator<ConvoStreamEvent, void, undefined> {
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
  yield* eventsFromResponse(outcome.response, createAgentsAdapter(), options.signal, transport.streamIdleTimeoutMs);
}
