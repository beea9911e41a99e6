/**
 * A ticket's messages. PostHog stores them as comments with `scope: "conversations_ticket"` and the ticket id
 * as `item_id`; a private comment is an internal note the customer never sees. The list uses cursor pages
 * (no total), newest first.
 */
import { idempotencyKeyFor, type DialectContext } from './dialect.js';
import { iterateAll, type ListAllOptions, type Page, type PageOptions } from './paging.js';
import type { WriteOptions } from './types.js';
import type { CommentAuthorType, TicketComment } from './wire-posthog.js';

export const TICKET_COMMENT_SCOPE = 'conversations_ticket';

export interface NewTicketComment {
  content: string;
  /** An internal note (default false). */
  isPrivate?: boolean | undefined;
  authorType?: CommentAuthorType | undefined;
}

export class CommentsResource {
  constructor(private readonly context: DialectContext) {}

  async list(ticketId: string, options: PageOptions = {}): Promise<Page<TicketComment>> {
    return this.context.posthogPage<TicketComment, TicketComment>(this.path('comments.list'), { scope: TICKET_COMMENT_SCOPE, item_id: ticketId }, options, (comment) => comment);
  }

  listAll(ticketId: string, options: ListAllOptions = {}): AsyncGenerator<TicketComment, void, undefined> {
    return iterateAll((cursor) => this.list(ticketId, { cursor, limit: options.pageSize, signal: options.signal }));
  }

  async create(ticketId: string, comment: NewTicketComment, options: WriteOptions = {}): Promise<TicketComment> {
    return this.context.transport.json<TicketComment>({
      method: 'POST',
      path: this.path('comments.create'),
      json: {
        scope: TICKET_COMMENT_SCOPE,
        item_id: ticketId,
        content: comment.content,
        item_context: { author_type: comment.authorType ?? 'support', is_private: comment.isPrivate ?? false },
      },
      idempotencyKey: idempotencyKeyFor(options),
      creates: true,
      signal: options.signal,
    });
  }

  private path(operation: string): string {
    this.context.require('posthog', operation);
    return this.context.projectPath('comments');
  }
}
