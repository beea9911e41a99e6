import { ConvoProtocolError } from './errors.js';

/**
 * One page shape for both dialects' lists, and the walk over all pages. PostHog pages with limit/offset and
 * answers absolute `next` URLs (the cursor is that URL); the agents server answers an opaque `next` token.
 */

export interface Page<T> {
  items: T[];
  /** The total across all pages, when the server says (PostHog `count`). */
  total?: number | undefined;
  /** Pass back as `cursor` for the following page; `null` on the last page. */
  next: string | null;
}

export interface PageOptions {
  /** Page size; the server's default when omitted. */
  limit?: number | undefined;
  /** The `next` of the previous page; omitted for the first page. */
  cursor?: string | null | undefined;
  signal?: AbortSignal | undefined;
}

export interface ListAllOptions {
  /** Items per request; the server's default when omitted. */
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Yields every item of every page, fetching the next page only when the consumer asks for more. Stops on a
 * page without `next`, and also when a server repeats a cursor (a loop would otherwise never end).
 */
export async function* iterateAll<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage(cursor);
    yield* page.items;
    cursor = page.next;
    if (cursor !== null) {
      if (seen.has(cursor)) return;
      seen.add(cursor);
    }
  } while (cursor !== null);
}

/** DRF's `{count, next, previous, results}` (comments use cursor pagination and omit `count`). */
export interface PosthogPageBody<T> {
  count?: number;
  next: string | null;
  previous?: string | null;
  results: T[];
}

export function pageFromPosthog<W, T>(body: PosthogPageBody<W>, map: (wire: W) => T): Page<T> {
  return { items: listOf<W>(body, 'results').map(map), total: body.count, next: body.next ?? null };
}

/** The agents server's `{data, next, has_more}`. */
export interface AgentsPageBody<T> {
  data: T[];
  next?: string | null;
  has_more?: boolean;
}

export function pageFromAgents<W, T>(body: AgentsPageBody<W>, map: (wire: W) => T): Page<T> {
  const next = body.has_more === false ? null : (body.next ?? null);
  return { items: listOf<W>(body, 'data').map(map), next: next === '' ? null : next };
}

/**
 * The array a page body holds under `field`. Anything else (a proxy's or a misrouted server's 200 with other
 * JSON) is a typed protocol error that names what was expected, not a TypeError from deep inside a mapper.
 */
function listOf<W>(body: unknown, field: 'results' | 'data'): W[] {
  const items: unknown = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  if (!Array.isArray(items)) {
    throw new ConvoProtocolError('malformed_page', `Expected a list page with "${field}" from the server`, JSON.stringify(body) ?? String(body));
  }
  return items as W[];
}
