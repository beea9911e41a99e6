/**
 * The PostHog dialect's reply streams: the send (or re-attach) and the look for a first attempt's message
 * before a retry. Loaded on first use (see reply-stream.ts), so a page on the agents dialect, or one that
 * never streams, does not download it.
 */
import { idempotencyKeyFor, type DialectContext } from '../dialect.js';
import { ConvoApiError } from '../errors.js';
import type { RequestSpec } from '../http.js';
import { randomUuid } from '../ids.js';
import type { ConvoMessage, WriteOptions } from '../types.js';
import { conversationFromPosthog, type PosthogConversation, type PosthogCreateRequest } from '../wire-posthog.js';
import { replayStoredMessages } from './event-stream.js';
import type { ConvoStreamEvent } from './events.js';
import { createPosthogAdapter } from './posthog-adapter.js';
import { eventsFromResponse } from './response-events.js';

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
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

/** Posts `request` (a message, a re-attach with `content: null`, or an approval's answer) and yields the reply. */
export async function* posthogReply(
  context: DialectContext,
  conversationId: string,
  request: PosthogCreateRequest,
  options: WriteOptions,
): AsyncGenerator<ConvoStreamEvent, void, undefined> {
  const { transport } = context;
  const spec: RequestSpec = {
    method: 'POST',
    path: context.environmentPath('conversations'),
    accept: 'text/event-stream',
    streaming: true,
    idempotencyKey: idempotencyKeyFor(options),
    signal: options.signal,
  };
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
  yield* eventsFromResponse(outcome.response, createPosthogAdapter({ unnamedIdPrefix: `unnamed-${randomUuid()}-` }), options.signal, transport.streamIdleTimeoutMs);
}
