/** A conversation's messages, and the agents server's synchronous (non-streaming) send. */
import { idempotencyKeyFor, type DialectContext } from './dialect.js';
import { iterateAll, type ListAllOptions, type Page, type PageOptions } from './paging.js';
import type { ConvoMessage, WriteOptions } from './types.js';
import { messageFromAgents, type AgentsMessage } from './wire-agents.js';
import { conversationFromPosthog, type PosthogConversation } from './wire-posthog.js';

/**
 * One page of messages, oldest first. PostHog returns a conversation's messages with the conversation, all
 * at once: a single page.
 */
export async function listMessagesPage(context: DialectContext, conversationId: string, options: PageOptions): Promise<Page<ConvoMessage>> {
  if (context.dialect === 'posthog') {
    const wire = await context.transport.json<PosthogConversation>({
      method: 'GET',
      path: context.environmentPath('conversations', conversationId),
      signal: options.signal,
    });
    return { items: conversationFromPosthog(wire).messages ?? [], next: null };
  }
  return context.agentsPage<AgentsMessage, ConvoMessage>(context.agentPath('conversations', conversationId, 'messages'), {}, options, messageFromAgents);
}

export class MessagesResource {
  constructor(private readonly context: DialectContext) {}

  async list(conversationId: string, options: PageOptions = {}): Promise<Page<ConvoMessage>> {
    return listMessagesPage(this.context, conversationId, options);
  }

  listAll(conversationId: string, options: ListAllOptions = {}): AsyncGenerator<ConvoMessage, void, undefined> {
    return iterateAll((cursor) => this.list(conversationId, { cursor, limit: options.pageSize, signal: options.signal }));
  }

  /**
   * Agents: posts a message, waits for the whole reply and answers the conversation's messages. Use
   * `client.stream` to show the reply as it is written. PostHog has no synchronous send.
   */
  async send(conversationId: string, content: string, options: WriteOptions = {}): Promise<ConvoMessage[]> {
    const { context } = this;
    context.require('agents', 'messages.send');
    const body = await context.transport.json<AgentsMessage[] | { data: AgentsMessage[] }>({
      method: 'POST',
      path: context.agentPath('conversations', conversationId, 'messages'),
      json: { content },
      idempotencyKey: idempotencyKeyFor(options),
      creates: true,
      signal: options.signal,
      // The answer comes when the agent's whole run is over, which no fixed limit fits; abort with `signal`.
      timeoutMs: 0,
    });
    return (Array.isArray(body) ? body : body.data).map(messageFromAgents);
  }
}
