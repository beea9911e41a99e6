/**
 * What `<ticket-list>` needs from the client, as a structural type: the real client satisfies it, and so can a
 * small fake in a story. Also the one place that turns "rows [offset, offset + limit)" into a client call.
 */
import type { CommentsResource } from "../../api/comments.js";
import type { ProfileConfigsResource } from "../../api/profile-configs.js";
import type { TicketsResource } from "../../api/tickets.js";
import type { ViewsResource } from "../../api/views.js";
import type { Ticket, TicketFilters } from "../../api/wire-posthog.js";
import type { TicketPage } from "./ticket-pages.js";

export interface TicketListClient {
  tickets: Pick<
    TicketsResource,
    | "list"
    | "get"
    | "create"
    | "update"
    | "delete"
    | "suggestReply"
    | "unreadCount"
  >;
  views: Pick<ViewsResource, "list" | "create" | "delete">;
  comments: Pick<CommentsResource, "list" | "create">;
  profileConfigs: Pick<ProfileConfigsResource, "list">;
}

/**
 * Fetches any page of one query. The client pages by the server's `next` link; PostHog's links are limit/offset
 * links, so the link of the first page, with its `offset` and `limit` changed, addresses any other page without
 * walking every page before it (which a jump to the end of 10,000 tickets would need).
 */
export function ticketPageFetcher(
  client: TicketListClient,
  filters: TicketFilters,
) {
  let firstPage: Promise<{ next: string | null; total: number }> | undefined;

  const fetchFirst = async (
    limit: number,
    signal: AbortSignal,
  ): Promise<TicketPage<Ticket> & { next: string | null }> => {
    const page = await client.tickets.list(filters, { limit, signal });
    return {
      items: page.items,
      total: page.total ?? page.items.length,
      next: page.next,
    };
  };

  return async (
    offset: number,
    limit: number,
    signal: AbortSignal,
  ): Promise<TicketPage<Ticket>> => {
    if (offset === 0) {
      const page = await fetchFirst(limit, signal);
      firstPage ??= Promise.resolve(page);
      return page;
    }
    // A first page fetched only for its link must not be abortable by the caller of another page.
    firstPage ??= fetchFirst(limit, new AbortController().signal).catch(
      (error: unknown) => {
        firstPage = undefined;
        throw error;
      },
    );
    const { next, total } = await firstPage;
    if (next === null) return { items: [], total };
    const url = new URL(next);
    url.searchParams.set("offset", String(offset));
    url.searchParams.set("limit", String(limit));
    const page = await client.tickets.list(filters, {
      cursor: url.href,
      signal,
    });
    return {
      items: page.items,
      total: page.total ?? offset + page.items.length,
    };
  };
}
