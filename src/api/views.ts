/** Saved ticket filters (PostHog `conversations/views/`), addressed by `short_id`; there is no update. */
import { idempotencyKeyFor, type DialectContext } from './dialect.js';
import { iterateAll, type ListAllOptions, type Page, type PageOptions } from './paging.js';
import type { CallOptions, WriteOptions } from './types.js';
import type { TicketView, TicketViewFilters } from './wire-posthog.js';

export class ViewsResource {
  constructor(private readonly context: DialectContext) {}

  async list(options: PageOptions = {}): Promise<Page<TicketView>> {
    return this.context.posthogPage<TicketView, TicketView>(this.path('views.list'), {}, options, (view) => view);
  }

  listAll(options: ListAllOptions = {}): AsyncGenerator<TicketView, void, undefined> {
    return iterateAll((cursor) => this.list({ cursor, limit: options.pageSize, signal: options.signal }));
  }

  /** `name` up to 400 characters; `filters` up to 10 kB of JSON. */
  async create(view: { name: string; filters: TicketViewFilters }, options: WriteOptions = {}): Promise<TicketView> {
    return this.context.transport.json<TicketView>({
      method: 'POST',
      path: this.path('views.create'),
      json: view,
      idempotencyKey: idempotencyKeyFor(options),
      creates: true,
      signal: options.signal,
    });
  }

  async get(shortId: string, options: CallOptions = {}): Promise<TicketView> {
    return this.context.transport.json<TicketView>({ method: 'GET', path: this.path('views.get', shortId), signal: options.signal });
  }

  async delete(shortId: string, options: WriteOptions = {}): Promise<void> {
    await this.context.transport.discard({ method: 'DELETE', path: this.path('views.delete', shortId), idempotencyKey: idempotencyKeyFor(options), signal: options.signal });
  }

  private path(operation: string, ...rest: string[]): string {
    this.context.require('posthog', operation);
    return this.context.environmentPath('conversations', 'views', ...rest);
  }
}
