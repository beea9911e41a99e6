/**
 * Words for what the inbox shows: who a ticket is from, what an error means to a person, and the labels of
 * statuses, priorities and orders, all from the strings table.
 */
import { isConvoError, type ConvoApiError } from "../../api/errors.js";
import type {
  Ticket,
  TicketOrder,
  TicketPriority,
  TicketStatus,
} from "../../api/wire-posthog.js";
import { formatString } from "../../strings/strings.js";
import type { TicketListStrings } from "./ticket-list-strings.js";

export interface TicketPersonLabel {
  /** Name, else email, else the anonymous label. */
  name: string;
  email: string | null;
  initials: string;
  identified: boolean;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** The person a ticket is from: the linked person's name and email, else the traits the widget collected. */
export function ticketPerson(
  ticket: Ticket,
  strings: TicketListStrings,
): TicketPersonLabel {
  const properties = ticket.person?.properties ?? {};
  const traits = ticket.anonymous_traits ?? {};
  const email = text(properties.email) ?? text(traits.email);
  // An anonymous person's `name` is PostHog's fallback (a distinct id), which tells a person nothing.
  const personName = ticket.person?.is_identified
    ? text(ticket.person.name)
    : null;
  const known =
    text(properties.name) ?? text(traits.name) ?? personName ?? email;
  const name = known ?? strings.anonymous;
  const words = (known ?? "")
    .replace(/@.*/, "")
    .split(/[\s._-]+/)
    .filter((word) => word !== "");
  const initials =
    words.length === 0
      ? "?"
      : (
          (words[0]?.[0] ?? "") +
          (words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : "")
        ).toUpperCase();
  return {
    name,
    email,
    initials,
    identified: ticket.person?.is_identified === true,
  };
}

/** A stable hue per person, so the same customer keeps the same avatar colour across rows. */
export function avatarHue(key: string): number {
  let hash = 0;
  for (let index = 0; index < key.length; index++)
    hash = (hash * 31 + key.charCodeAt(index)) >>> 0;
  return hash % 360;
}

export function statusLabel(
  status: TicketStatus,
  strings: TicketListStrings,
): string {
  const labels: Record<TicketStatus, string> = {
    new: strings.statusNew,
    open: strings.statusOpen,
    pending: strings.statusPending,
    on_hold: strings.statusOnHold,
    resolved: strings.statusResolved,
  };
  return labels[status] ?? status;
}

export function priorityLabel(
  priority: TicketPriority | null,
  strings: TicketListStrings,
): string {
  if (priority === null) return strings.priorityNone;
  const labels: Record<TicketPriority, string> = {
    low: strings.priorityLow,
    medium: strings.priorityMedium,
    high: strings.priorityHigh,
  };
  return labels[priority] ?? priority;
}

export function orderLabel(
  order: TicketOrder,
  strings: TicketListStrings,
): string {
  const labels: Record<TicketOrder, string> = {
    "-updated_at": strings.orderUpdatedDesc,
    updated_at: strings.orderUpdatedAsc,
    "-created_at": strings.orderCreatedDesc,
    created_at: strings.orderCreatedAsc,
    sla_due_at: strings.orderSlaAsc,
    "-sla_due_at": strings.orderSlaDesc,
  };
  return labels[order];
}

function isApiError(error: unknown): error is ConvoApiError {
  return isConvoError(error) && error.kind === "api";
}

/** Seconds until the server accepts again, when it said so (429 `Retry-After`). */
export function retryAfterSeconds(error: unknown): number | null {
  if (!isApiError(error) || error.status !== 429) return null;
  return Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
}

/** One sentence a person can act on, whatever failed. */
export function describeError(
  error: unknown,
  strings: TicketListStrings,
): string {
  const seconds = retryAfterSeconds(error);
  if (seconds !== null) return formatString(strings.rateLimited, { seconds });
  if (
    isConvoError(error) &&
    (error.kind === "network" || error.kind === "timeout")
  )
    return strings.networkError;
  if (error instanceof Error && error.message !== "") return error.message;
  return strings.networkError;
}

/** suggest_reply's own answers: 403 AI not enabled, 400 nothing to reply to, else the general sentence. */
export function describeSuggestError(
  error: unknown,
  strings: TicketListStrings,
): string {
  if (isApiError(error) && error.status === 403)
    return strings.suggestForbidden;
  if (isApiError(error) && error.status === 400)
    return strings.suggestNoMessages;
  if (retryAfterSeconds(error) !== null) return describeError(error, strings);
  return formatString(strings.suggestFailed, {
    reason: describeError(error, strings),
  });
}

/** More than a row can show; bounding the input keeps the patterns below linear in practice. */
const EXCERPT_SOURCE_LIMIT = 400;

/**
 * A message's markdown as one line of plain words for the queue's excerpt: emphasis, code marks, headings,
 * quotes and list markers go; a link keeps its text. Underscores stay (`signed_up_at` is not emphasis).
 */
export function plainExcerpt(markdown: string | null): string {
  if (!markdown) return "";
  return markdown
    .slice(0, EXCERPT_SOURCE_LIMIT)
    .replace(/```[^\n]*\n?/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, "")
    .replace(/(\*\*|\*|~~|`)(?=\S)([^]*?\S)\1/g, "$2")
    .replace(/\s+/g, " ")
    .trim();
}
