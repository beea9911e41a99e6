/**
 * Every sentence `<ticket-list>` shows, English built in. A host page registers other locales with
 * `registerTicketListStrings` or hands a partial table to the element's `strings` property; placeholders are
 * filled with the shared `formatString`. (Kept beside the element until the shared strings module has a place
 * for more than one element's table.)
 */
import type { ShortcutDescription } from "./ticket-shortcuts.js";

export interface TicketListStrings extends Record<ShortcutDescription, string> {
  inboxTitle: string;
  /** `{count}` unread messages in unresolved tickets. */
  unreadTotal: string;
  queueLabel: string;
  /** `{count}` tickets match; announced after each load. */
  ticketCount: string;
  loading: string;
  loadingRow: string;
  emptyTitle: string;
  emptyBody: string;
  emptyFilteredBody: string;
  loadFailed: string;
  retry: string;
  dismiss: string;
  anonymous: string;
  identified: string;
  /** `{count}` unread messages on one ticket. */
  unreadBadge: string;
  /** `{time}` since the last update. */
  updatedAgo: string;
  slaNone: string;
  /** `{time}` left. */
  slaOnTrack: string;
  slaAtRisk: string;
  /** `{time}` past the due date. */
  slaBreached: string;
  statusNew: string;
  statusOpen: string;
  statusPending: string;
  statusOnHold: string;
  statusResolved: string;
  priorityLow: string;
  priorityMedium: string;
  priorityHigh: string;
  priorityNone: string;
  filtersLabel: string;
  searchLabel: string;
  searchPlaceholder: string;
  statusFilter: string;
  priorityFilter: string;
  channelFilter: string;
  assigneeFilter: string;
  assigneePlaceholder: string;
  slaFilter: string;
  slaFilterBreached: string;
  slaFilterAtRisk: string;
  slaFilterOnTrack: string;
  emailLabel: string;
  nameLabel: string;
  tagsFilter: string;
  tagsPlaceholder: string;
  dateFromFilter: string;
  dateToFilter: string;
  orderLabel: string;
  orderUpdatedDesc: string;
  orderUpdatedAsc: string;
  orderCreatedDesc: string;
  orderCreatedAsc: string;
  orderSlaAsc: string;
  orderSlaDesc: string;
  any: string;
  unassigned: string;
  moreFilters: string;
  /** `{count}` filters narrow the list. */
  activeFilters: string;
  clearFilters: string;
  viewsLabel: string;
  allTickets: string;
  saveView: string;
  viewName: string;
  save: string;
  cancel: string;
  deleteView: string;
  /** `{name}` of the view. */
  confirmDeleteView: string;
  renameView: string;
  delete: string;
  newTicket: string;
  createTicket: string;
  closeDetail: string;
  threadLabel: string;
  noMessages: string;
  customer: string;
  team: string;
  ai: string;
  internalNote: string;
  replyLabel: string;
  replyPlaceholder: string;
  notePlaceholder: string;
  replyPublic: string;
  replyInternal: string;
  send: string;
  addNote: string;
  sending: string;
  suggestReply: string;
  suggesting: string;
  suggestForbidden: string;
  suggestNoMessages: string;
  suggestFailed: string;
  /** `{seconds}` until the server accepts again. */
  rateLimited: string;
  networkError: string;
  statusLabel: string;
  priorityLabel: string;
  assigneeLabel: string;
  tagsLabel: string;
  slaDueLabel: string;
  escalationLabel: string;
  aiResolvedLabel: string;
  saving: string;
  /** `{field}` could not be saved on `#{number}`; `{reason}` is the server's message. */
  updateFailed: string;
  deleteTicket: string;
  /** `{number}` of the ticket. */
  confirmDeleteTicket: string;
  deleteFailed: string;
  personLabel: string;
  noPerson: string;
  propertiesLabel: string;
  relatedTickets: string;
  noRelatedTickets: string;
  /** A profile panel section this inbox cannot show (recordings, maps). */
  panelUnavailable: string;
  channelLabel: string;
  createdLabel: string;
  helpTitle: string;
  helpButton: string;
  close: string;
  notConfigured: string;
  /** `{number}` of the opened ticket. */
  ticketLabel: string;
  readOnly: string;
}

export const englishTicketListStrings: TicketListStrings = {
  inboxTitle: "Inbox",
  unreadTotal: "{count} unread",
  queueLabel: "Tickets",
  ticketCount: "{count} tickets",
  loading: "Loading tickets…",
  loadingRow: "Loading…",
  emptyTitle: "No tickets",
  emptyBody: "New conversations from customers appear here.",
  emptyFilteredBody: "No ticket matches these filters.",
  loadFailed: "The tickets could not be loaded: {reason}",
  retry: "Retry",
  dismiss: "Dismiss",
  anonymous: "Anonymous",
  identified: "Identified",
  unreadBadge: "{count} unread",
  updatedAgo: "{time} ago",
  slaNone: "No SLA",
  slaOnTrack: "Due in {time}",
  slaAtRisk: "At risk: due in {time}",
  slaBreached: "Breached {time} ago",
  statusNew: "New",
  statusOpen: "Open",
  statusPending: "Pending",
  statusOnHold: "On hold",
  statusResolved: "Resolved",
  priorityLow: "Low",
  priorityMedium: "Medium",
  priorityHigh: "High",
  priorityNone: "No priority",
  filtersLabel: "Filters",
  searchLabel: "Search tickets",
  searchPlaceholder: "Number, name or email",
  statusFilter: "Status",
  priorityFilter: "Priority",
  channelFilter: "Channel",
  assigneeFilter: "Assignee",
  assigneePlaceholder: "unassigned, user:ID or role:ID",
  slaFilter: "SLA",
  slaFilterBreached: "Breached",
  slaFilterAtRisk: "At risk (due within an hour)",
  slaFilterOnTrack: "On track",
  emailLabel: "Email",
  nameLabel: "Name",
  tagsFilter: "Tags",
  tagsPlaceholder: "billing, bug",
  dateFromFilter: "From",
  dateToFilter: "To",
  orderLabel: "Order",
  orderUpdatedDesc: "Recently updated",
  orderUpdatedAsc: "Least recently updated",
  orderCreatedDesc: "Newest",
  orderCreatedAsc: "Oldest",
  orderSlaAsc: "SLA due soonest",
  orderSlaDesc: "SLA due latest",
  any: "Any",
  unassigned: "Unassigned",
  moreFilters: "More filters",
  activeFilters: "{count} active",
  clearFilters: "Clear filters",
  viewsLabel: "Views",
  allTickets: "All tickets",
  saveView: "Save view",
  viewName: "View name",
  save: "Save",
  cancel: "Cancel",
  deleteView: "Delete view",
  confirmDeleteView: "Delete the view “{name}”?",
  renameView: "Rename",
  delete: "Delete",
  newTicket: "New ticket",
  createTicket: "Create ticket",
  closeDetail: "Back to the list",
  threadLabel: "Conversation",
  noMessages: "No messages yet.",
  customer: "Customer",
  team: "Team",
  ai: "AI",
  internalNote: "Internal note",
  replyLabel: "Reply",
  replyPlaceholder: "Write a reply to the customer…",
  notePlaceholder: "Write an internal note (the customer never sees it)…",
  replyPublic: "Reply",
  replyInternal: "Internal note",
  send: "Send",
  addNote: "Add note",
  sending: "Sending…",
  suggestReply: "Suggest reply",
  suggesting: "Suggesting…",
  suggestForbidden: "AI suggestions are not enabled for this project.",
  suggestNoMessages: "There is nothing to reply to yet.",
  suggestFailed: "No suggestion this time: {reason}",
  rateLimited: "Too many requests: try again in {seconds} s.",
  networkError: "The server could not be reached.",
  statusLabel: "Status",
  priorityLabel: "Priority",
  assigneeLabel: "Assignee",
  tagsLabel: "Tags",
  slaDueLabel: "SLA due",
  escalationLabel: "Escalation reason",
  aiResolvedLabel: "Resolved by AI",
  saving: "Saving…",
  updateFailed:
    "{field} of #{number} was not saved and is back to its previous value: {reason}",
  deleteTicket: "Delete ticket",
  confirmDeleteTicket: "Delete ticket #{number}? This cannot be undone.",
  deleteFailed: "Ticket #{number} was not deleted: {reason}",
  personLabel: "Person",
  noPerson: "No person is linked to this ticket.",
  propertiesLabel: "Properties",
  relatedTickets: "Other tickets",
  noRelatedTickets: "No other tickets from this person.",
  panelUnavailable: "Shown in PostHog, not in this inbox.",
  channelLabel: "Channel",
  createdLabel: "Created",
  helpTitle: "Keyboard shortcuts",
  helpButton: "Shortcuts",
  close: "Close",
  notConfigured: "This inbox is not connected to a server.",
  ticketLabel: "Ticket #{number}",
  readOnly: "Read only",
  shortcutNext: "Next ticket",
  shortcutPrevious: "Previous ticket",
  shortcutFirst: "First ticket",
  shortcutLast: "Last ticket",
  shortcutOpen: "Open the ticket",
  shortcutBack: "Back to the list",
  shortcutStatusOpen: "Status: open",
  shortcutStatusPending: "Status: pending",
  shortcutStatusOnHold: "Status: on hold",
  shortcutStatusResolved: "Status: resolved",
  shortcutPriorityLow: "Priority: low",
  shortcutPriorityMedium: "Priority: medium",
  shortcutPriorityHigh: "Priority: high",
  shortcutPriorityNone: "Clear the priority",
  shortcutReply: "Write a reply",
  shortcutSearch: "Search",
  shortcutCreate: "New ticket",
  shortcutRefresh: "Reload the list",
  shortcutHelp: "Show these shortcuts",
};

const tables = new Map<string, Partial<TicketListStrings>>([
  ["en", englishTicketListStrings],
]);

/** Adds or replaces the table for `locale` (a BCP 47 tag); missing keys fall back to English. */
export function registerTicketListStrings(
  locale: string,
  table: Partial<TicketListStrings>,
): void {
  tables.set(locale.toLowerCase(), table);
}

/** The table for `locale`: its own entries over its language's over English, then the host's `overrides`. */
export function resolveTicketListStrings(
  locale: string | undefined,
  overrides?: Partial<TicketListStrings>,
): TicketListStrings {
  const tag = (locale ?? "en").toLowerCase();
  const language = tag.split("-")[0] ?? tag;
  return {
    ...englishTicketListStrings,
    ...tables.get(language),
    ...tables.get(tag),
    ...overrides,
  };
}
