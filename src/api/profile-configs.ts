/** Customer profile configs (PostHog): what the person panel beside a ticket shows. */
import { idempotencyKeyFor, type DialectContext } from './dialect.js';
import { iterateAll, type ListAllOptions, type Page, type PageOptions } from './paging.js';
import type { CallOptions, WriteOptions } from './types.js';
import type { CustomerProfileConfig, CustomerProfileConfigWrite } from './wire-posthog.js';

export class ProfileConfigsResource {
  constructor(private readonly context: DialectContext) {}

  async list(options: PageOptions = {}): Promise<Page<CustomerProfileConfig>> {
    return this.context.posthogPage<CustomerProfileConfig, CustomerProfileConfig>(this.path('profileConfigs.list'), {}, options, (config) => config);
  }

  listAll(options: ListAllOptions = {}): AsyncGenerator<CustomerProfileConfig, void, undefined> {
    return iterateAll((cursor) => this.list({ cursor, limit: options.pageSize, signal: options.signal }));
  }

  async get(id: string, options: CallOptions = {}): Promise<CustomerProfileConfig> {
    return this.context.transport.json<CustomerProfileConfig>({ method: 'GET', path: this.path('profileConfigs.get', id), signal: options.signal });
  }

  async create(config: CustomerProfileConfigWrite, options: WriteOptions = {}): Promise<CustomerProfileConfig> {
    return this.context.transport.json<CustomerProfileConfig>({
      method: 'POST',
      path: this.path('profileConfigs.create'),
      json: config,
      idempotencyKey: idempotencyKeyFor(options),
      creates: true,
      signal: options.signal,
    });
  }

  async update(id: string, changes: CustomerProfileConfigWrite, options: WriteOptions = {}): Promise<CustomerProfileConfig> {
    return this.context.transport.json<CustomerProfileConfig>({
      method: 'PATCH',
      path: this.path('profileConfigs.update', id),
      json: changes,
      idempotencyKey: idempotencyKeyFor(options),
      signal: options.signal,
    });
  }

  private path(operation: string, ...rest: string[]): string {
    this.context.require('posthog', operation);
    return this.context.environmentPath('customer_profile_configs', ...rest);
  }
}
