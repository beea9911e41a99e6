/** Conversations: list, read, create, delete, and the PostHog run controls (cancel, append, open). */
import { idempotencyKeyFor, type DialectContext } from './dialect.js';
import { ConvoApiError } from './errors.js';
import { randomUuid } from './ids.js';
import { iterateAll, type ListAllOptions, type Page, type PageOptions } from './paging.js';
import type { CallOptions, Conversation, ConvoMessage, WriteOptions } from './types.js';
import { conversationFromAgents, type AgentsConversation } from './wire-agents.js';
import { listMessagesPage } from './messages.js';
import { conversationFromPosthog, type PosthogConversation, type PosthogOpenRequest, type PosthogOpenResult } from './wire-posthog.js';

export interface CreateConversationOptions extends WriteOptions {
  /** Agents: the conversation's name (required by the server; "New conversation" when omitted). */
  title?: string | undefined;
}

export class ConversationsResource {
  constructor(private readonly context: DialectContext) {}

  /**
   * One page. PostHog lists only the caller's conversations that have a title, newest activity first.
   */
  async list(options: PageOptions = {}): Promise<Page<Conversation>> {
    const { context } = this;
    if (context.dialect === 'posthog') {
      return context.posthogPage<PosthogConversation, Conversation>(context.environmentPath('conversations'), {}, options, conversationFromPosthog);
    }
    return context.agentsPage<AgentsConversation, Conversation>(context.agentPath('conversations'), {}, options, conversationFromAgents);
  }

  /** Every conversation, page after page as the iteration goes. */
  listAll(options: ListAllOptions = {}): AsyncGenerator<Conversation, void, undefined> {
    return iterateAll((cursor) => this.list({ cursor, limit: options.pageSize, signal: options.signal }));
  }

  /**
   * The conversation with its messages. The agents server has no single-conversation read: its entry is
   * found in the list and its messages read alongside.
   */
  async get(id: string, options: CallOptions = {}): Promise<Conversation> {
    const { context } = this;
    if (context.dialect === 'posthog') {
      const wire = await context.transport.json<PosthogConversation>({ method: 'GET', path: context.environmentPath('conversations', id), signal: options.signal });
      return conversationFromPosthog(wire);
    }
    const [conversation, messages] = await Promise.all([this.findAgentsConversation(id, options), this.readAllMessages(id, options)]);
    return { ...conversation, messages };
  }

  /**
   * Agents: creates the conversation on the server. PostHog creates a conversation with its first message
   * (`client.stream` with a new id), so here it reserves a fresh id locally and sends nothing.
   */
  async create(options: CreateConversationOptions = {}): Promise<Conversation> {
    const { context } = this;
    if (context.dialect === 'posthog') {
      const now = new Date().toISOString();
      const draft: PosthogConversation = { id: randomUuid(), status: 'idle', title: options.title ?? null, created_at: now, updated_at: now, messages: [] };
      return conversationFromPosthog(draft);
    }
    const wire = await context.transport.json<AgentsConversation>({
      method: 'POST',
      path: context.agentPath('conversations'),
      json: { name: options.title ?? 'New conversation' },
      idempotencyKey: idempotencyKeyFor(options),
      creates: true,
      signal: options.signal,
    });
    return conversationFromAgents(wire);
  }

  async delete(id: string, options: WriteOptions = {}): Promise<void> {
    const { context } = this;
    const path = context.dialect === 'posthog' ? context.environmentPath('conversations', id) : context.agentPath('conversations', id);
    await context.transport.discard({ method: 'DELETE', path, idempotencyKey: idempotencyKeyFor(options), signal: options.signal });
  }

  /**
   * Stops the running reply (PostHog; 204 also when already canceling) and clears the server queue. A failed
   * cancel is a `ConvoApiError` with status 422. Abort the local stream and re-read the conversation after.
   */
  async cancel(id: string, options: WriteOptions = {}): Promise<void> {
    const { context } = this;
    context.require('posthog', 'conversations.cancel');
    await context.transport.discard({
      method: 'PATCH',
      path: context.environmentPath('conversations', id, 'cancel'),
      json: {},
      idempotencyKey: idempotencyKeyFor(options),
      signal: options.signal,
    });
  }

  /** Stores an assistant-side message without running the agent (PostHog). Answers the new message id. */
  async appendMessage(id: string, content: string, options: WriteOptions = {}): Promise<{ id: string }> {
    const { context } = this;
    context.require('posthog', 'conversations.appendMessage');
    return context.transport.json<{ id: string }>({
      method: 'POST',
      path: context.environmentPath('conversations', id, 'append_message'),
      json: { content },
      idempotencyKey: idempotencyKeyFor(options),
      creates: true,
      signal: options.signal,
    });
  }

  /**
   * Creates or resumes a sandbox conversation (PostHog). `null` when a warm-up provisioned nothing (204);
   * a 400 when the conversation does not run on the sandbox runtime.
   */
  async open(id: string, request: PosthogOpenRequest = {}, options: WriteOptions = {}): Promise<PosthogOpenResult | null> {
    const { context } = this;
    context.require('posthog', 'conversations.open');
    const result = await context.transport.json<PosthogOpenResult | undefined>({
      method: 'POST',
      path: context.environmentPath('conversations', id, 'open'),
      json: request,
      idempotencyKey: idempotencyKeyFor(options),
      creates: true,
      signal: options.signal,
    });
    return result ?? null;
  }

  private async readAllMessages(id: string, options: CallOptions): Promise<ConvoMessage[]> {
    const messages: ConvoMessage[] = [];
    for await (const message of iterateAll((cursor) => listMessagesPage(this.context, id, { cursor, signal: options.signal }))) messages.push(message);
    return messages;
  }

  private async findAgentsConversation(id: string, options: CallOptions): Promise<Conversation> {
    for await (const conversation of this.listAll({ signal: options.signal })) {
      if (conversation.id === id) return conversation;
    }
    throw new ConvoApiError({ status: 404, code: 'not_found', message: `Conversation ${id} not found`, body: null });
  }
}
