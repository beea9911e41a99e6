/**
 * The outbox's transport over the typed client: sending is `client.stream(...)` with the entry's trace id
 * and idempotency key, and delivery is proven by what the server holds.
 *
 * PostHog: a message counts as delivered once the server echoes it (a human message carrying the entry's
 * trace id); `alreadyDelivered` re-reads the conversation and looks for that trace id. The rest of the
 * stream (the reply) is handed to `onReply` and is no longer the outbox's business: losing it is a matter of
 * re-attaching, never of sending again.
 *
 * Agents: the server does not echo the person's message, so the stream opening is the proof, and
 * `alreadyDelivered` re-reads the messages and looks for the entry's text as the newest message of the
 * person created no earlier than the entry (allowing for clock skew between browser and server).
 */
import type { ConvoClient } from '../api/client.js';
import { ConvoApiError, ConvoNetworkError } from '../api/errors.js';
import type { ConvoStreamEvent } from '../api/stream/events.js';
import type { ConvoMessage } from '../api/types.js';
import type { OutboxEntry } from './outbox-entry.js';
import type { OutboxTransport } from './outbox.js';

export interface AcceptedReply {
  readonly entry: OutboxEntry;
  /** The events after the proof of delivery, to be read once by whoever renders the reply. */
  readonly events: AsyncIterator<ConvoStreamEvent>;
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

async function drain(events: AsyncIterator<ConvoStreamEvent>): Promise<void> {
  try {
    for (let step = await events.next(); !step.done; step = await events.next());
  } catch {
    // The reply is re-read from the server; a failure while draining it changes nothing here.
  }
}

export function createClientOutboxTransport(client: ConvoClient, options: ClientOutboxTransportOptions = {}): OutboxTransport {
  const posthog = client.dialect === 'posthog';
  const clockSkewMs = options.clockSkewMs ?? 5 * 60_000;
  const handOff = options.onReply ?? ((reply: AcceptedReply) => void drain(reply.events));

  return {
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
      try {
        for (;;) {
          const step = await events.next();
          if (step.done || step.value.type === 'done') throw new ConvoNetworkError('The stream ended before the server acknowledged the message');
          if (step.value.type === 'error' && step.value.error.kind === 'network') throw step.value.error;
          if (!posthog || isEchoOf(step.value, entry)) break;
        }
      } catch (error) {
        replyController.abort();
        throw error;
      } finally {
        signal.removeEventListener('abort', followAttempt);
      }
      handOff({ entry, events, abort: () => replyController.abort() });
    },

    async alreadyDelivered(entry, signal) {
      const messages: ConvoMessage[] = [];
      try {
        if (posthog) messages.push(...((await client.conversations.get(entry.conversationId, { signal })).messages ?? []));
        else for await (const message of client.messages.listAll(entry.conversationId, { signal })) messages.push(message);
      } catch (error) {
        if (error instanceof ConvoApiError && error.status === 404) return false;
        throw error;
      }
      const mine = messages.filter((message) => message.role === 'user');
      if (posthog) return mine.some((message) => message.traceId === entry.traceId);
      const newest = mine.at(-1);
      if (!newest || textOf(newest) !== entry.content) return false;
      const createdAt = newest.createdAt === undefined ? Number.NaN : Date.parse(newest.createdAt);
      return Number.isNaN(createdAt) || createdAt >= entry.createdAt - clockSkewMs;
    },
  };
}
