/**
 * What every resource module shares: the transport and the configured dialect with its ids. Resources ask
 * it for paths (elements never build URLs) and for the page helpers of their dialect.
 */
import { ConvoUnsupportedError } from './errors.js';
import type { HttpTransport, QueryValue } from './http.js';
import { randomUuid } from './ids.js';
import { pageFromAgents, pageFromPosthog, type AgentsPageBody, type Page, type PageOptions, type PosthogPageBody } from './paging.js';
import type { Dialect, WriteOptions } from './types.js';

export interface PosthogSettings {
  dialect: 'posthog';
  /** Environment (team) id for `/api/environments/{id}/…`; the project id is used when omitted. */
  environmentId?: string | number | undefined;
  /** Project id for `/api/projects/{id}/…` (tickets, comments); the environment id is used when omitted. */
  projectId?: string | number | undefined;
}

export interface AgentsSettings {
  dialect: 'agents';
  agentId: string;
}

export type DialectSettings = PosthogSettings | AgentsSettings;

const segment = (value: string | number): string => encodeURIComponent(String(value));

export class DialectContext {
  readonly dialect: Dialect;
  private readonly environmentId: string | undefined;
  private readonly projectId: string | undefined;
  private readonly agentId: string | undefined;

  constructor(
    settings: DialectSettings,
    readonly transport: HttpTransport,
  ) {
    this.dialect = settings.dialect;
    if (settings.dialect === 'posthog') {
      const environment = settings.environmentId ?? settings.projectId;
      const project = settings.projectId ?? settings.environmentId;
      if (environment === undefined || project === undefined) throw new TypeError('The posthog dialect needs an environmentId or a projectId');
      this.environmentId = segment(environment);
      this.projectId = segment(project);
    } else {
      if (!settings.agentId) throw new TypeError('The agents dialect needs an agentId');
      this.agentId = segment(settings.agentId);
    }
  }

  /** Throws `ConvoUnsupportedError` unless the client speaks `dialect`. */
  require(dialect: Dialect, operation: string): void {
    if (this.dialect !== dialect) throw new ConvoUnsupportedError(this.dialect, operation);
  }

  /** `api/environments/{id}/{parts…}/` (PostHog paths end in a slash). */
  environmentPath(...parts: Array<string | number>): string {
    return `api/environments/${this.environmentId}/${parts.map(segment).join('/')}/`;
  }

  /** `api/projects/{id}/{parts…}/` */
  projectPath(...parts: Array<string | number>): string {
    return `api/projects/${this.projectId}/${parts.map(segment).join('/')}/`;
  }

  /** `agents/{aid}/{parts…}` below the base URL, which carries the tenant (no trailing slash). */
  agentPath(...parts: Array<string | number>): string {
    return `agents/${this.agentId}/${parts.map(segment).join('/')}`;
  }

  /** One PostHog page: the first from `path` with `limit`, later ones from the `next` URL as given. */
  async posthogPage<W, T>(path: string, query: Record<string, QueryValue>, options: PageOptions, map: (wire: W) => T): Promise<Page<T>> {
    const body = await this.transport.json<PosthogPageBody<W>>({
      method: 'GET',
      path: options.cursor ?? path,
      query: options.cursor ? undefined : { ...query, limit: options.limit },
      signal: options.signal,
    });
    return pageFromPosthog(body, map);
  }

  /** One agents page: `limit` and the opaque `next` token. */
  async agentsPage<W, T>(path: string, query: Record<string, QueryValue>, options: PageOptions, map: (wire: W) => T): Promise<Page<T>> {
    const body = await this.transport.json<AgentsPageBody<W>>({
      method: 'GET',
      path,
      query: { ...query, limit: options.limit, next: options.cursor ?? undefined },
      signal: options.signal,
    });
    return pageFromAgents(body, map);
  }
}

/**
 * The key that makes retrying a write safe: the caller's, or one minted for this logical call and reused by
 * every retry of it.
 */
export function idempotencyKeyFor(options: WriteOptions | undefined): string {
  return options?.idempotencyKey ?? randomUuid();
}
