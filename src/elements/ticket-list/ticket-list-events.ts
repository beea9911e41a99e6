/**
 * The public events of `<ticket-list>`: one `Event` subclass each, bubbling and composed, with a `readonly
 * detail`, declared in `GlobalEventHandlersEventMap`. `ticket-select` is a cancelable intent; the rest report
 * what the server confirmed.
 */
import type {
  Ticket,
  TicketComment,
  TicketFilters,
  TicketView,
  TicketWrite,
} from "../../api/wire-posthog.js";

export interface TicketSelectDetail {
  readonly ticket: Ticket;
}

/** The person opens a ticket. Cancel it (`preventDefault()`) to keep the detail closed (to route elsewhere). */
export class TicketSelectEvent extends Event {
  static readonly eventName = "ticket-select";
  readonly detail: TicketSelectDetail;

  constructor(detail: TicketSelectDetail) {
    super(TicketSelectEvent.eventName, {
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    this.detail = detail;
  }
}

export interface TicketUpdatedDetail {
  /** The ticket as the server answered the change. */
  readonly ticket: Ticket;
  /** The fields the person changed. */
  readonly changes: Readonly<TicketWrite>;
}

/** A change to a ticket was saved. */
export class TicketUpdatedEvent extends Event {
  static readonly eventName = "ticket-updated";
  readonly detail: TicketUpdatedDetail;

  constructor(detail: TicketUpdatedDetail) {
    super(TicketUpdatedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** A ticket was created. */
export class TicketCreatedEvent extends Event {
  static readonly eventName = "ticket-created";
  readonly detail: { readonly ticket: Ticket };

  constructor(ticket: Ticket) {
    super(TicketCreatedEvent.eventName, { bubbles: true, composed: true });
    this.detail = { ticket };
  }
}

/** A ticket was deleted. */
export class TicketDeletedEvent extends Event {
  static readonly eventName = "ticket-deleted";
  readonly detail: { readonly ticketId: string; readonly ticketNumber: number };

  constructor(ticketId: string, ticketNumber: number) {
    super(TicketDeletedEvent.eventName, { bubbles: true, composed: true });
    this.detail = { ticketId, ticketNumber };
  }
}

/** A reply or an internal note was posted to a ticket's thread. */
export class TicketRepliedEvent extends Event {
  static readonly eventName = "ticket-replied";
  readonly detail: {
    readonly ticketId: string;
    readonly comment: TicketComment;
    readonly internal: boolean;
  };

  constructor(ticketId: string, comment: TicketComment, internal: boolean) {
    super(TicketRepliedEvent.eventName, { bubbles: true, composed: true });
    this.detail = { ticketId, comment, internal };
  }
}

/** The filters changed (by the person, a view, or the hash); `params` is their URL form. */
export class TicketFiltersChangedEvent extends Event {
  static readonly eventName = "ticket-filters-changed";
  readonly detail: {
    readonly filters: Readonly<TicketFilters>;
    readonly params: string;
    readonly view: TicketView | null;
  };

  constructor(filters: TicketFilters, params: string, view: TicketView | null) {
    super(TicketFiltersChangedEvent.eventName, {
      bubbles: true,
      composed: true,
    });
    this.detail = { filters, params, view };
  }
}

export type TicketErrorOperation =
  | "list"
  | "load-ticket"
  | "update"
  | "delete"
  | "create"
  | "comments"
  | "reply"
  | "suggest-reply"
  | "views"
  | "unread-count"
  | "profile";

export interface TicketErrorDetail {
  readonly operation: TicketErrorOperation;
  /** The underlying error, usually a `ConvoApiError` or `ConvoNetworkError`. */
  readonly error: unknown;
  /** The sentence shown to the person. */
  readonly message: string;
}

/** Something failed; the element shows it too. */
export class TicketErrorEvent extends Event {
  static readonly eventName = "ticket-error";
  readonly detail: TicketErrorDetail;

  constructor(detail: TicketErrorDetail) {
    super(TicketErrorEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    "ticket-select": TicketSelectEvent;
    "ticket-updated": TicketUpdatedEvent;
    "ticket-created": TicketCreatedEvent;
    "ticket-deleted": TicketDeletedEvent;
    "ticket-replied": TicketRepliedEvent;
    "ticket-filters-changed": TicketFiltersChangedEvent;
    "ticket-error": TicketErrorEvent;
  }
}
