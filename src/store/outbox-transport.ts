/**
 * The outbox's transport over the typed client: sending is `client.stream(...)` with the entry's trace id
 * and idempotency key, and delivery is proven by what the server holds.
 *
 * PostHog: a message counts as delivered once the server echoes it (a human message carrying the entry's
 * trace id); `alreadyDelivered` re-reads the conversation and looks for that trace id. The rest of the
 * stream (the reply) is handed to `onReply` and is no longer the outbox's business: losing it is a matter of
 * re-attaching, never of sending again.
 *
 * Agents: the server does not echo the person's message, so the stream opening is the proof. Before the
 * first attempt the transport counts the person's messages the server holds (`baseline`, stored with the
 * entry); `alreadyDelivered` then looks for the entry's text among the person's messages after that count,
 * so an identical earlier message ("yes", twice) is never mistaken for this one. Entries without a baseline
 * (migrated from schema 1) fall back to the newest message of the person, created no earlier than the entry
 * allowing for clock skew.
 *
 * PostHog's queue of follow-ups (`serverQueue`): its items run without a trace id, so a follow-up handed to it
 * is recognised the agents' way, by its text among the person's messages after a baseline counted just
 * before it was added.
 */
import type { ConvoClient } from '../api/client.js';
import { ConvoApiError, ConvoNetworkError } from '../api/errors.js';
import type { ConvoStreamEvent } from '../api/stream/events.js';
import type { Conversation, ConvoMessage } from '../api/types.js';
import type { OutboxEntry } from './outbox-entry.js';
import type { OutboxTransport, ServerQueueTransport } from './outbox.js';

export interface AcceptedReply {
  readonly entry: OutboxEntry;
  /**
   * The whole stream, from its first event (PostHog's `conversation`, the echo) to its `done`, to be read
   * once by whoever renders the reply.
   */
  readonly events: AsyncIterable<ConvoStreamEvent>;
  /** Stops the reply stream (the run itself goes on server-side; see the client's `cancel`). */
  abort(): void;
}

export interface ClientOutboxTransportOptions {
  /**
   * Receives each accepted message's reply stream. When omitted the stream is drained and dropped (the
   * transcript is then read from the server).
   */
  onReply?: (reply: AcceptedReply) => void;
  /** How far the agents server's clock may trail the browser's (default 5 min). */
  clockSkewMs?: number;
}

function textOf(message: ConvoMessage): string {
  return message.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
}

function isEchoOf(event: ConvoStreamEvent, entry: OutboxEntry): boolean {
  return (
    (event.type === 'message-started' || event.type === 'message-completed' || event.type === 'message-replaced') &&
    event.message.role === 'user' &&
    event.message.traceId === entry.traceId
  );
}

async function drain(events: AsyncIterable<ConvoStreamEvent>): Promise<void> {
  try {
    for await (const event of events) void event;
  } catch {
    // The reply is re-read from the server; a failure while draining it changes nothing here.
  }
}

/** The events already read, then the rest of the stream. */
async function* replayed(prelude: readonly ConvoStreamEvent[], rest: AsyncIterator<ConvoStreamEvent>): AsyncGenerator<ConvoStreamEvent, void, undefined> {
  yield* prelude;
  for (let step = await rest.next(); !step.done; step = await rest.next()) yield step.value;
}

async function readMessages(client: ConvoClient, conversationId: string, signal: AbortSignal): Promise<ConvoMessage[]> {
  if (client.dialect === 'posthog') return (await client.conversations.get(conversationId, { signal })).messages ?? [];
  const messages: ConvoMessage[] = [];
  for await (const message of client.messages.listAll(conversationId, { signal })) messages.push(message);
  return messages;
}

/** The person's messages in the conversation; none when it does not exist (yet). */
async function messagesOfPerson(client: ConvoClient, conversationId: string, signal: AbortSignal): Promise<ConvoMessage[]> {
  try {
    return (await readMessages(client, conversationId, signal)).filter((message) => message.role === 'user');
  } catch (error) {
    if (error instanceof ConvoApiError && error.status === 404) return [];
    throw error;
  }
}

/** PostHog runs a reply (or is cancelling one) unless the conversation is idle. */
function isRunning(status: Conversation['status']): boolean {
  return status !== undefined && status !== 'idle';
}

/** A queue item the server no longer has answers 404. */
function isGone(error: unknown): boolean {
  return error instanceof ConvoApiError && error.status === 404;
}

/** PostHog's queue of follow-ups, over the client's queue resource. */
function posthogServerQueue(client: ConvoClient): ServerQueueTransport {
  return {
    capacity: POSTHOG_QUEUE_CAPACITY,
    async look(entry, signal) {
      const conversation = await client.conversations.get(entry.conversationId, { signal });
      const mine = (conversation.messages ?? []).filter((message) => message.role === 'user');
      return { running: isRunning(conversation.status), baseline: mine.length };
    },
    async add(entry, signal) {
      const { messages } = await client.queue.add(entry.conversationId, entry.content, { signal });
      // The new item goes last; the answer is the whole queue.
      const added = messages.at(-1);
      if (added === undefined || added.content !== entry.content) throw new ConvoNetworkError('The server queue did not show the message it accepted');
      return added.id;
    },
    async find(entry, taken, signal) {
      const { messages } = await client.queue.list(entry.conversationId, { signal });
      return messages.find((item) => item.content === entry.content && !taken.has(item.id))?.id ?? null;
    },
    async read(conversationId, signal) {
      const [queue, conversation] = await Promise.all([client.queue.list(conversationId, { signal }), client.conversations.get(conversationId, { signal })]);
      return { itemIds: new Set(queue.messages.map((item) => item.id)), running: isRunning(conversation.status) };
    },
    async update(entry, itemId, content, signal) {
      try {
        await client.queue.update(entry.conversationId, itemId, content, { signal });
        return true;
      } catch (error) {
        if (isGone(error)) return false;
        throw error;
      }
    },
    async remove(entry, itemId, signal) {
      try {
        await client.queue.remove(entry.conversationId, itemId, { signal });
        return true;
      } catch (error) {
        if (isGone(error)) return false;
        throw error;
      }
    },
  };
}

/** PostHog's `max_queue_messages`. */
const POSTHOG_QUEUE_CAPACITY = 2;

export function createClientOutboxTransport(client: ConvoClient, options: ClientOutboxTransportOptions = {}): OutboxTransport {
  const posthog = client.dialect === 'posthog';
  const clockSkewMs = options.clockSkewMs ?? 5 * 60_000;
  const handOff = options.onReply ?? ((reply: AcceptedReply) => void drain(reply.events));

  return {
    ...(posthog
      ? { serverQueue: posthogServerQueue(client) }
      : { baseline: async (entry: OutboxEntry, signal: AbortSignal) => (await messagesOfPerson(client, entry.conversationId, signal)).length }),

    async deliver(entry, signal) {
      // The reply outlives the attempt: the attempt's signal is followed only until delivery is proven.
      const replyController = new AbortController();
      const followAttempt = () => replyController.abort(signal.reason);
      if (signal.aborted) followAttempt();
      signal.addEventListener('abort', followAttempt, { once: true });
      const stream = client.stream(entry.conversationId, {
        content: entry.content,
        traceId: entry.traceId,
        idempotencyKey: entry.idempotencyKey,
        signal: replyController.signal,
      });
      const events = stream[Symbol.asyncIterator]();
      const prelude: ConvoStreamEvent[] = [];
      try {
        for (;;) {
          const step = await events.next();
          if (step.done || step.value.type === 'done') throw new ConvoNetworkError('The stream ended before the server acknowledged the message');
          if (step.value.type === 'error' && step.value.error.kind === 'network') throw step.value.error;
          prelude.push(step.value);
          if (!posthog || isEchoOf(step.value, entry)) break;
        }
      } catch (error) {
        replyController.abort();
        throw error;
      } finally {
        signal.removeEventListener('abort', followAttempt);
      }
      handOff({ entry, events: replayed(prelude, events), abort: () => replyController.abort() });
    },

    async alreadyDelivered(entry, signal) {
      const mine = await messagesOfPerson(client, entry.conversationId, signal);
      if (posthog && mine.some((message) => message.traceId === entry.traceId)) return true;
      // PostHog: only a follow-up handed to the server's queue has a baseline (its item runs without a trace id).
      if (posthog && entry.deliveryBaseline === null) return false;
      if (entry.deliveryBaseline !== null) return mine.slice(entry.deliveryBaseline).some((message) => textOf(message) === entry.content);
      const newest = mine.at(-1);
      if (!newest || textOf(newest) !== entry.content) return false;
      const createdAt = newest.createdAt === undefined ? Number.NaN : Date.parse(newest.createdAt);
      return Number.isNaN(createdAt) || createdAt >= entry.createdAt - clockSkewMs;
    },
  };
}
