/** The support inbox's tickets (PostHog, `/api/projects/{id}/conversations/tickets/`). */
import { idempotencyKeyFor, type DialectContext } from './dialect.js';
import type { QueryValue } from './http.js';
import { iterateAll, type ListAllOptions, type Page, type PageOptions } from './paging.js';
import type { CallOptions, WriteOptions } from './types.js';
import type { Ticket, TicketFilters, TicketWrite } from './wire-posthog.js';

/** The list filters as the server's query parameters. */
export function ticketQuery(filters: TicketFilters): Record<string, QueryValue> {
  return {
    status: filters.status?.join(','),
    priority: filters.priority?.join(','),
    channel_source: filters.channelSource,
    assignee: filters.assignee,
    date_from: filters.dateFrom,
    date_to: filters.dateTo,
    search: filters.search,
    sla: filters.sla,
    tags: filters.tags && filters.tags.length > 0 ? JSON.stringify(filters.tags) : undefined,
    order_by: filters.orderBy,
  };
}

export class TicketsResource {
  constructor(private readonly context: DialectContext) {}

  /** One page (default 100, at most 1000), filtered, newest update first unless `orderBy` says otherwise. */
  async list(filters: TicketFilters = {}, options: PageOptions = {}): Promise<Page<Ticket>> {
    return this.context.posthogPage<Ticket, Ticket>(this.path('tickets.list'), ticketQuery(filters), options, (ticket) => ticket);
  }

  listAll(filters: TicketFilters = {}, options: ListAllOptions = {}): AsyncGenerator<Ticket, void, undefined> {
    return iterateAll((cursor) => this.list(filters, { cursor, limit: options.pageSize, signal: options.signal }));
  }

  /** `id` may be the uuid or the ticket number. Reading marks the ticket read by the team. */
  async get(id: string | number, options: CallOptions = {}): Promise<Ticket> {
    return this.context.transport.json<Ticket>({ method: 'GET', path: this.path('tickets.get', id), signal: options.signal });
  }

  async create(ticket: TicketWrite, options: WriteOptions = {}): Promise<Ticket> {
    return this.context.transport.json<Ticket>({
      method: 'POST',
      path: this.path('tickets.create'),
      json: ticket,
      idempotencyKey: idempotencyKeyFor(options),
      creates: true,
      signal: options.signal,
    });
  }

  async update(id: string | number, changes: TicketWrite, options: WriteOptions = {}): Promise<Ticket> {
    return this.context.transport.json<Ticket>({
      method: 'PATCH',
      path: this.path('tickets.update', id),
      json: changes,
      idempotencyKey: idempotencyKeyFor(options),
      signal: options.signal,
    });
  }

  async delete(id: string | number, options: WriteOptions = {}): Promise<void> {
    await this.context.transport.discard({ method: 'DELETE', path: this.path('tickets.delete', id), idempotencyKey: idempotencyKeyFor(options), signal: options.signal });
  }

  /** An AI-written reply draft. Errors: 403 AI not enabled, 400 no messages, 500 timeout or rate limit. */
  async suggestReply(id: string | number, options: WriteOptions = {}): Promise<string> {
    const body = await this.context.transport.json<{ suggestion: string }>({
      method: 'POST',
      path: this.path('tickets.suggestReply', id, 'suggest_reply'),
      json: {},
      idempotencyKey: idempotencyKeyFor(options),
      signal: options.signal,
    });
    return body.suggestion;
  }

  /** Sum of unread team counts over unresolved tickets (cached up to 30 s by the server). */
  async unreadCount(options: CallOptions = {}): Promise<number> {
    const body = await this.context.transport.json<{ count: number }>({ method: 'GET', path: this.path('tickets.unreadCount', 'unread_count'), signal: options.signal });
    return body.count;
  }

  private path(operation: string, ...rest: Array<string | number>): string {
    this.context.require('posthog', operation);
    return this.context.projectPath('conversations', 'tickets', ...rest);
  }
}
