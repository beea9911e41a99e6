/**
 * An in-memory inbox behind the `TicketListClient` shape, for stories (design review without a server) and the
 * benchmark (10,000 tickets, answers timed exactly). It filters, orders and pages like the reference server in
 * the ways the element can observe; the reference server remains what the element tests run against.
 */
import { ConvoApiError, ConvoNetworkError } from "../../src/api/errors.js";
import type { Page, PageOptions } from "../../src/api/paging.js";
import type {
  CustomerProfileConfig,
  Ticket,
  TicketComment,
  TicketFilters,
  TicketPriority,
  TicketStatus,
  TicketView,
  TicketViewFilters,
  TicketWrite,
} from "../../src/api/wire-posthog.js";
import type { NewTicketComment } from "../../src/api/comments.js";
import type { TicketListClient } from "../../src/elements/ticket-list/ticket-source.js";

export interface FakeInboxOptions {
  tickets?: number;
  /** Delay of every answer. */
  latencyMs?: number;
  /** `loading`: lists never answer; `list-error`: lists fail; `update-error`: every PATCH fails with a 400. */
  mode?: "normal" | "loading" | "list-error" | "update-error";
  views?: { name: string; filters: TicketViewFilters }[];
  /** Called with the moment a list answer is handed to the element (for the benchmark). */
  onListAnswer?: (at: number) => void;
  now?: number;
}

const FIRST_NAMES = [
  "Ada",
  "Grace",
  "Alan",
  "Edsger",
  "Barbara",
  "Ken",
  "Margaret",
  "Linus",
  "Radia",
  "Tim",
  "Hedy",
  "Donald",
  "Frances",
  "John",
];
const LAST_NAMES = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Dijkstra",
  "Liskov",
  "Thompson",
  "Hamilton",
  "Torvalds",
  "Perlman",
  "Berners-Lee",
  "Lamarr",
  "Knuth",
];
const TOPICS = [
  "I was charged twice for my subscription this month",
  "The export to CSV never finishes for large tables",
  "How do I invite a teammate to the project?",
  "Login loop after enabling SSO",
  "Feature flag not rolling out to the right users",
  "Can I change the billing email?",
  "Dashboard shows no data since yesterday",
  "Webhook deliveries are failing with 502",
];
const TAGS = [
  "billing",
  "bug",
  "sso",
  "export",
  "vip",
  "feature-request",
  "onboarding",
];
const STATUSES: TicketStatus[] = [
  "new",
  "open",
  "pending",
  "on_hold",
  "resolved",
];
const PRIORITIES: (TicketPriority | null)[] = ["low", "medium", "high", null];
const CHANNELS = ["widget", "email", "slack"];
const MINUTE = 60_000;

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length]!;
}

export function fakeTicket(number: number, now: number): Ticket {
  const first = pick(FIRST_NAMES, number * 7);
  const last = pick(LAST_NAMES, number * 5);
  const identified = number % 4 !== 0;
  const updated = new Date(now - number * 7 * MINUTE).toISOString();
  const slaOffset = ((number * 37) % 600) - 120; // from 2 h breached to 8 h ahead
  const status = pick(STATUSES, number * 3);
  return {
    id: `00000000-0000-4000-8000-${String(number).padStart(12, "0")}`,
    ticket_number: number,
    channel_source: pick(CHANNELS, number),
    distinct_id: `person-${number % 400}`,
    status,
    priority: pick(PRIORITIES, number),
    assignee: number % 3 === 0 ? null : { type: "user", id: (number % 5) + 1 },
    anonymous_traits: identified
      ? {}
      : {
          name: `${first} ${last}`,
          email: `${first.toLowerCase()}@example.com`,
        },
    ai_resolved: number % 11 === 0,
    escalation_reason:
      number % 13 === 0 ? "Customer asked for a manager" : null,
    created_at: new Date(
      now - number * 9 * MINUTE - 3 * 86_400_000,
    ).toISOString(),
    updated_at: updated,
    message_count: 1 + (number % 6),
    last_message_at: updated,
    last_message_text: pick(TOPICS, number),
    unread_team_count:
      status === "resolved" ? 0 : number % 4 === 1 ? (number % 3) + 1 : 0,
    unread_customer_count: 0,
    sla_due_at:
      number % 5 === 0
        ? null
        : new Date(now + slaOffset * MINUTE).toISOString(),
    tags:
      number % 3 === 0
        ? [pick(TAGS, number), pick(TAGS, number + 3)]
        : number % 2 === 0
          ? [pick(TAGS, number)]
          : [],
    person: identified
      ? {
          id: `person-uuid-${number % 400}`,
          name: `${first} ${last}`,
          distinct_ids: [`person-${number % 400}`],
          properties: {
            email: `${first.toLowerCase()}.${last.toLowerCase()}@example.com`,
            name: `${first} ${last}`,
            plan: pick(["free", "team", "enterprise"], number),
            country: pick(["DE", "US", "FR", "JP"], number),
          },
          is_identified: true,
        }
      : null,
  };
}

function matches(ticket: Ticket, filters: TicketFilters, now: number): boolean {
  if (filters.status?.length && !filters.status.includes(ticket.status))
    return false;
  if (
    filters.priority?.length &&
    (ticket.priority === null || !filters.priority.includes(ticket.priority))
  )
    return false;
  if (filters.channelSource && ticket.channel_source !== filters.channelSource)
    return false;
  if (
    filters.tags?.length &&
    !filters.tags.some((tag) => ticket.tags.includes(tag))
  )
    return false;
  if (filters.sla) {
    if (ticket.sla_due_at === null) return false;
    const left = Date.parse(ticket.sla_due_at) - now;
    const kind =
      left <= 0 ? "breached" : left <= 60 * MINUTE ? "at-risk" : "on-track";
    if (kind !== filters.sla) return false;
  }
  if (filters.search) {
    const query = filters.search.toLowerCase();
    if (/^\d+$/.test(query)) return String(ticket.ticket_number) === query;
    const name = `${ticket.person?.name ?? ""} ${String(ticket.anonymous_traits.name ?? "")} ${String(ticket.person?.properties.email ?? ticket.anonymous_traits.email ?? "")}`;
    if (!name.toLowerCase().includes(query)) return false;
  }
  return true;
}

export function createFakeInboxClient(
  options: FakeInboxOptions = {},
): TicketListClient & { readonly tickets: { all: Ticket[] } } {
  const now = options.now ?? Date.now();
  const latency = options.latencyMs ?? 60;
  const mode = options.mode ?? "normal";
  const all: Ticket[] = Array.from(
    { length: options.tickets ?? 240 },
    (_, index) => fakeTicket(index + 1, now),
  );
  const comments = new Map<string, TicketComment[]>();
  let views: TicketView[] = (options.views ?? []).map((view, index) => ({
    id: `view-${index}`,
    short_id: `view${String(index).padStart(8, "0")}`,
    name: view.name,
    filters: view.filters,
    created_at: new Date(now).toISOString(),
    created_by: null,
  }));
  const wait = <T>(value: () => T): Promise<T> =>
    new Promise((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(value());
        } catch (error) {
          reject(error);
        }
      }, latency),
    );
  const find = (id: string | number) => {
    const ticket = all.find(
      (candidate) =>
        candidate.id === String(id) || candidate.ticket_number === Number(id),
    );
    if (!ticket)
      throw new ConvoApiError({
        status: 404,
        code: "not_found",
        message: "Ticket not found",
        body: null,
      });
    return ticket;
  };
  const threadOf = (ticket: Ticket): TicketComment[] => {
    let thread = comments.get(ticket.id);
    if (!thread) {
      const at = (minutesAgo: number) =>
        new Date(
          Date.parse(ticket.updated_at) - minutesAgo * MINUTE,
        ).toISOString();
      const comment = (
        id: number,
        content: string,
        author: string,
        isPrivate: boolean,
        minutesAgo: number,
      ): TicketComment => ({
        id: `${ticket.id}-c${id}`,
        content,
        scope: "conversations_ticket",
        item_id: ticket.id,
        item_context: { author_type: author, is_private: isPrivate },
        created_at: at(minutesAgo),
        created_by:
          author === "support"
            ? {
                id: 1,
                uuid: "u1",
                first_name: "Dana",
                last_name: "Reyes",
                email: "dana@demo.example",
              }
            : null,
      });
      thread = [
        comment(1, ticket.last_message_text ?? "Hello?", "customer", false, 40),
        comment(
          2,
          "Thanks for reaching out! Could you tell me which browser you are using?",
          "support",
          false,
          30,
        ),
        comment(
          3,
          "Looks like the known export bug, linking to the incident.",
          "support",
          true,
          25,
        ),
        comment(
          4,
          "Chrome 131 on macOS. It happens every time.",
          "customer",
          false,
          10,
        ),
      ];
      comments.set(ticket.id, thread);
    }
    return thread;
  };

  const listTickets = (
    filters: TicketFilters = {},
    page: PageOptions = {},
  ): Promise<Page<Ticket>> => {
    if (mode === "loading") return new Promise(() => undefined);
    return wait(() => {
      if (mode === "list-error")
        throw new ConvoNetworkError("The connection was refused");
      const cursor = page.cursor ? new URL(page.cursor) : null;
      const offset = Number(cursor?.searchParams.get("offset") ?? 0);
      const limit = Number(
        cursor?.searchParams.get("limit") ?? page.limit ?? 100,
      );
      const order = filters.orderBy ?? "-updated_at";
      const field = order.replace(/^-/, "") as
        "updated_at" | "created_at" | "sla_due_at";
      const direction = order.startsWith("-") ? -1 : 1;
      const selected = all
        .filter((ticket) => matches(ticket, filters, now))
        .sort(
          (a, b) =>
            direction *
            String(a[field] ?? "9999").localeCompare(
              String(b[field] ?? "9999"),
            ),
        );
      const items = selected.slice(offset, offset + limit);
      const next =
        offset + limit < selected.length
          ? `https://fake.invalid/tickets/?limit=${limit}&offset=${offset + limit}`
          : null;
      options.onListAnswer?.(performance.now());
      return { items, total: selected.length, next };
    });
  };

  return {
    tickets: {
      all,
      list: listTickets,
      get: (id) =>
        wait(() => {
          const ticket = find(id);
          ticket.unread_team_count = 0;
          return { ...ticket };
        }),
      create: (write: TicketWrite) =>
        wait(() => {
          const ticket: Ticket = {
            ...fakeTicket(all.length + 1, Date.now()),
            ...write,
            ticket_number: all.length + 1,
            person: null,
            last_message_text: null,
            unread_team_count: 0,
          } as Ticket;
          all.unshift(ticket);
          return { ...ticket };
        }),
      update: (id, changes) =>
        wait(() => {
          if (mode === "update-error") {
            throw new ConvoApiError({
              status: 400,
              code: "invalid",
              message: "This change was refused by the server.",
              body: null,
            });
          }
          const ticket = find(id);
          Object.assign(ticket, changes, {
            updated_at: new Date().toISOString(),
          });
          return { ...ticket };
        }),
      delete: (id) =>
        wait(() => {
          all.splice(all.indexOf(find(id)), 1);
        }),
      suggestReply: (id) =>
        wait(
          () =>
            `Hi ${find(id).person?.name.split(" ")[0] ?? "there"},\n\nThanks for the details! I have reproduced the problem and a fix is on its way.`,
        ),
      unreadCount: () =>
        wait(() =>
          all
            .filter((ticket) => ticket.status !== "resolved")
            .reduce((sum, ticket) => sum + ticket.unread_team_count, 0),
        ),
    },
    views: {
      list: () =>
        wait(() => ({ items: [...views], total: views.length, next: null })),
      create: (view) =>
        wait(() => {
          const created: TicketView = {
            id: `view-${Date.now()}`,
            short_id: Math.random().toString(36).slice(2, 14).padEnd(12, "0"),
            created_at: new Date().toISOString(),
            created_by: null,
            ...view,
          };
          views = [...views, created];
          return created;
        }),
      delete: (shortId) =>
        wait(() => {
          views = views.filter((view) => view.short_id !== shortId);
        }),
    },
    comments: {
      list: (ticketId) =>
        wait(() => ({
          items: [...threadOf(find(ticketId))].reverse(),
          next: null,
        })),
      create: (ticketId, comment: NewTicketComment) =>
        wait(() => {
          const created: TicketComment = {
            id: `${ticketId}-c${Date.now()}`,
            content: comment.content,
            scope: "conversations_ticket",
            item_id: ticketId,
            item_context: {
              author_type: "support",
              is_private: comment.isPrivate ?? false,
            },
            created_at: new Date().toISOString(),
            created_by: {
              id: 1,
              uuid: "u1",
              first_name: "Dana",
              last_name: "Reyes",
              email: "dana@demo.example",
            },
          };
          threadOf(find(ticketId)).push(created);
          return created;
        }),
    },
    profileConfigs: {
      list: () =>
        wait(() => {
          const config: CustomerProfileConfig = {
            id: "profile-1",
            scope: "person",
            content: [
              { type: "ph-related-tickets", attrs: { title: "Other tickets" } },
              { type: "ph-recordings", attrs: { title: "Recent sessions" } },
            ],
            sidebar: [
              { type: "ph-person", attrs: { title: "Info" } },
              {
                type: "ph-person-properties",
                attrs: {
                  title: "Properties",
                  properties: ["email", "plan", "country"],
                },
              },
            ],
          };
          return { items: [config], total: 1, next: null };
        }),
    },
  };
}
