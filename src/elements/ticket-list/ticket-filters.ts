/**
 * The inbox's filter state in its three outside forms: the URL hash (or the `filters` attribute) so a reload
 * keeps it, a saved view's `filters` JSON (PostHog's own keys: `channel`, `order`, ...), and the client's
 * `TicketFilters`, which the client turns into the server's query parameters. Every reader validates: a hand-
 * edited hash or a view saved by another tool never yields a value the server would reject.
 */
import type {
  TicketFilters,
  TicketOrder,
  TicketPriority,
  TicketSla,
  TicketStatus,
  TicketViewFilters,
} from "../../api/wire-posthog.js";

export const TICKET_STATUSES: readonly TicketStatus[] = [
  "new",
  "open",
  "pending",
  "on_hold",
  "resolved",
];
export const TICKET_PRIORITIES: readonly TicketPriority[] = [
  "low",
  "medium",
  "high",
];
export const TICKET_SLAS: readonly TicketSla[] = [
  "breached",
  "at-risk",
  "on-track",
];
export const TICKET_ORDERS: readonly TicketOrder[] = [
  "-updated_at",
  "updated_at",
  "-created_at",
  "created_at",
  "sla_due_at",
  "-sla_due_at",
];
/** The server's order when none is given. */
export const DEFAULT_ORDER: TicketOrder = "-updated_at";

const ASSIGNEE_PATTERN = /^(unassigned|user:[\w-]+|role:[\w-]+)$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function isOneOf<T extends string>(
  allowed: readonly T[],
  value: unknown,
): value is T {
  return (
    typeof value === "string" && (allowed as readonly string[]).includes(value)
  );
}

/** Keeps the allowed values, in the canonical order of `allowed`, each once. */
function pickAll<T extends string>(
  allowed: readonly T[],
  values: readonly unknown[],
): T[] {
  return allowed.filter((value) => values.includes(value));
}

function cleanTags(values: readonly unknown[]): string[] {
  const tags = values
    .filter((tag): tag is string => typeof tag === "string")
    .map((tag) => tag.trim());
  return [...new Set(tags.filter((tag) => tag !== ""))];
}

function optionalText(value: unknown, pattern?: RegExp): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "" || (pattern && !pattern.test(text))) return undefined;
  return text;
}

/**
 * The canonical form of a filter set: unknown values dropped, lists in a fixed order, empty fields and the
 * default order removed. Two filter sets mean the same query exactly when their normal forms are equal.
 */
export function normalizeFilters(filters: TicketFilters): TicketFilters {
  const normal: TicketFilters = {};
  const status = pickAll(TICKET_STATUSES, filters.status ?? []);
  if (status.length > 0) normal.status = status;
  const priority = pickAll(TICKET_PRIORITIES, filters.priority ?? []);
  if (priority.length > 0) normal.priority = priority;
  const channel = optionalText(filters.channelSource);
  if (channel !== undefined) normal.channelSource = channel;
  const assignee = optionalText(filters.assignee, ASSIGNEE_PATTERN);
  if (assignee !== undefined) normal.assignee = assignee;
  if (isOneOf(TICKET_SLAS, filters.sla)) normal.sla = filters.sla;
  const tags = cleanTags(filters.tags ?? []);
  if (tags.length > 0) normal.tags = tags;
  const dateFrom = optionalText(filters.dateFrom, DATE_PATTERN);
  if (dateFrom !== undefined) normal.dateFrom = dateFrom;
  const dateTo = optionalText(filters.dateTo, DATE_PATTERN);
  if (dateTo !== undefined) normal.dateTo = dateTo;
  const search = optionalText(filters.search);
  if (search !== undefined) normal.search = search;
  if (
    isOneOf(TICKET_ORDERS, filters.orderBy) &&
    filters.orderBy !== DEFAULT_ORDER
  )
    normal.orderBy = filters.orderBy;
  return normal;
}

export function sameFilters(a: TicketFilters, b: TicketFilters): boolean {
  return filtersToParams(a) === filtersToParams(b);
}

/** How many filters narrow the list (the order is not a filter). */
export function countActiveFilters(filters: TicketFilters): number {
  const normal = normalizeFilters(filters);
  return Object.keys(normal).filter((key) => key !== "orderBy").length;
}

/** Short, readable keys for the hash: `status=open,new&priority=high&q=ada`. */
const PARAM_KEYS = {
  status: "status",
  priority: "priority",
  channelSource: "channel",
  assignee: "assignee",
  sla: "sla",
  tags: "tags",
  dateFrom: "from",
  dateTo: "to",
  search: "q",
  orderBy: "order",
} as const satisfies Record<keyof TicketFilters, string>;

/** Serialises filters as `key=value&...` (the form the `filters` attribute and the URL hash hold). */
export function filtersToParams(filters: TicketFilters): string {
  const normal = normalizeFilters(filters);
  const params = new URLSearchParams();
  for (const [field, key] of Object.entries(PARAM_KEYS) as [
    keyof TicketFilters,
    string,
  ][]) {
    const value = normal[field];
    if (value === undefined) continue;
    // Tags may contain commas; they travel as repeated keys instead of a comma list.
    if (field === "tags")
      for (const tag of value as string[]) params.append(key, tag);
    else
      params.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  return params.toString();
}

/** Reads what `filtersToParams` wrote (also with a leading `#` or `?`); unknown keys and bad values are ignored. */
export function filtersFromParams(text: string): TicketFilters {
  const params = new URLSearchParams(text.replace(/^[#?]/, ""));
  const list = (key: string) => (params.get(key) ?? "").split(",");
  return normalizeFilters({
    status: pickAll(TICKET_STATUSES, list(PARAM_KEYS.status)),
    priority: pickAll(TICKET_PRIORITIES, list(PARAM_KEYS.priority)),
    channelSource: params.get(PARAM_KEYS.channelSource) ?? undefined,
    assignee: params.get(PARAM_KEYS.assignee) ?? undefined,
    sla: (params.get(PARAM_KEYS.sla) ?? undefined) as TicketSla | undefined,
    tags: params.getAll(PARAM_KEYS.tags),
    dateFrom: params.get(PARAM_KEYS.dateFrom) ?? undefined,
    dateTo: params.get(PARAM_KEYS.dateTo) ?? undefined,
    search: params.get(PARAM_KEYS.search) ?? undefined,
    orderBy: (params.get(PARAM_KEYS.orderBy) ?? undefined) as
      TicketOrder | undefined,
  });
}

/**
 * The inbox's place in the URL hash: the filters plus the open ticket (`ticket=<number>`), so a reload reopens
 * what the person was looking at. Other hash keys belong to the host page and are kept.
 */
export interface HashState {
  filters: TicketFilters;
  /** The open ticket's number or id, `null` when the list alone is shown. */
  ticket: string | null;
}

const TICKET_KEY = "ticket";
const OWN_KEYS = new Set<string>([...Object.values(PARAM_KEYS), TICKET_KEY]);

export function readHashState(hash: string): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  return {
    filters: filtersFromParams(hash),
    ticket: optionalText(params.get(TICKET_KEY)) ?? null,
  };
}

/** The new hash for `state`, keeping the keys of `currentHash` that are not the inbox's. */
export function writeHashState(currentHash: string, state: HashState): string {
  const foreign = [
    ...new URLSearchParams(currentHash.replace(/^#/, "")),
  ].filter(([key]) => !OWN_KEYS.has(key));
  const params = new URLSearchParams(filtersToParams(state.filters));
  if (state.ticket !== null) params.set(TICKET_KEY, state.ticket);
  for (const [key, value] of foreign) params.append(key, value);
  const text = params.toString();
  return text === "" ? "" : `#${text}`;
}

/** A saved view's `filters` in PostHog's keys. Search is a moment's question, not part of a view. */
export function filtersToView(filters: TicketFilters): TicketViewFilters {
  const normal = normalizeFilters(filters);
  const view: TicketViewFilters = {};
  if (normal.status) view.status = normal.status;
  if (normal.priority) view.priority = normal.priority;
  if (normal.channelSource !== undefined) view.channel = normal.channelSource;
  if (normal.sla !== undefined) view.sla = normal.sla;
  if (normal.assignee !== undefined) view.assignee = normal.assignee;
  if (normal.tags) view.tags = normal.tags;
  if (normal.dateFrom !== undefined) view.dateFrom = normal.dateFrom;
  if (normal.dateTo !== undefined) view.dateTo = normal.dateTo;
  if (normal.orderBy !== undefined) view.order = normal.orderBy;
  return view;
}

/** Reads a view saved by us or by PostHog's own inbox; a single string where a list was expected is accepted. */
export function filtersFromView(view: TicketViewFilters): TicketFilters {
  const asList = (value: unknown): unknown[] =>
    Array.isArray(value) ? value : value === undefined ? [] : [value];
  return normalizeFilters({
    status: pickAll(TICKET_STATUSES, asList(view.status)),
    priority: pickAll(TICKET_PRIORITIES, asList(view.priority)),
    channelSource: typeof view.channel === "string" ? view.channel : undefined,
    sla: view.sla as TicketSla | undefined,
    assignee: typeof view.assignee === "string" ? view.assignee : undefined,
    tags: cleanTags(asList(view.tags)),
    dateFrom: typeof view.dateFrom === "string" ? view.dateFrom : undefined,
    dateTo: typeof view.dateTo === "string" ? view.dateTo : undefined,
    orderBy: view.order as TicketOrder | undefined,
  });
}
