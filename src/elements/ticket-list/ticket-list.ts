import {
  LitElement,
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
} from "lit";
import { property, query, state } from "lit/decorators.js";
import { ifDefined } from "lit/directives/if-defined.js";
import { consume } from "@lit/context";
import type { ConvoClient } from "../../api/client.js";
import type {
  CustomerProfileConfig,
  Ticket,
  TicketFilters,
  TicketView,
  TicketWrite,
} from "../../api/wire-posthog.js";
import { convoClientContext } from "../../context/convo-context.js";
import type { DraftStore } from "../../store/drafts.js";
import { formatString } from "../../strings/strings.js";
import { ClockController } from "./clock-controller.js";
import { renderFilterBar } from "./render-filters.js";
import {
  isSamePerson,
  panelShowsRelatedTickets,
  renderPersonPanel,
} from "./render-person-panel.js";
import { renderShortcutHelp } from "./render-shortcut-help.js";
import {
  renderCreateForm,
  renderTicketFields,
} from "./render-ticket-fields.js";
import { renderAvatar, renderTicketRow, rowId } from "./render-ticket-row.js";
import { describeError, ticketPerson } from "./ticket-format.js";
import { TicketEditor } from "./ticket-editor.js";
import {
  countActiveFilters,
  filtersFromParams,
  filtersFromView,
  filtersToParams,
  filtersToView,
  normalizeFilters,
  readHashState,
  sameFilters,
  writeHashState,
} from "./ticket-filters.js";
import {
  TicketCreatedEvent,
  TicketDeletedEvent,
  TicketErrorEvent,
  TicketFiltersChangedEvent,
  TicketSelectEvent,
  TicketUpdatedEvent,
  type TicketErrorOperation,
} from "./ticket-list-events.js";
import {
  resolveTicketListStrings,
  type TicketListStrings,
} from "./ticket-list-strings.js";
import { ticketListStyles } from "./ticket-list.styles.js";
import { TicketPages } from "./ticket-pages.js";
import { triageActionFor, type TriageAction } from "./ticket-shortcuts.js";
import { ticketPageFetcher, type TicketListClient } from "./ticket-source.js";
// A value import, so the template's <ticket-thread> is known to tools; the define module registers it.
import { TicketThread } from "./ticket-thread.js";
import { UnreadCountController } from "./unread-count-controller.js";

/** Row height in pixels; fixed, so any row's position is `index * ROW_HEIGHT` without measuring. */
const ROW_HEIGHT = 84;
/** Rows rendered above and below the viewport, so a fast scroll rarely shows an empty band. */
const OVERSCAN = 6;
const PAGE_SIZE = 100;
const SEARCH_DEBOUNCE_MS = 250;
/** Other tickets of the same person listed in the panel. */
const RELATED_LIMIT = 5;

/** One entry of the assignee choices: `value` is `user:<id>` or `role:<uuid>`. */
export interface TicketAssigneeOption {
  value: string;
  label: string;
}

export type TicketListLayout = "wide" | "medium" | "narrow";

/** Below 760 px the open ticket replaces the queue; below 1000 px its side panel moves under the thread. */
function layoutFor(width: number): TicketListLayout {
  return width < 760 ? "narrow" : width < 1000 ? "medium" : "wide";
}

type Confirming =
  | { kind: "delete-ticket"; ticket: Ticket }
  | { kind: "delete-view"; view: TicketView }
  | null;
type ViewForm = { mode: "save" } | { mode: "rename"; view: TicketView } | null;

/**
 * The support inbox: a virtualised, server-filtered queue of tickets beside the open ticket's thread, fields
 * and person panel, worked from the keyboard.
 *
 * @summary A support team's ticket inbox: queue, filters, saved views, unread counts and the ticket detail.
 *
 * @slot empty - Replaces the text shown when no ticket matches.
 * @slot header-actions - Extra controls at the end of the header.
 *
 * @fires ticket-select - The person opens a ticket; cancelable (the detail then stays closed).
 * @fires ticket-updated - A change to a ticket was saved.
 * @fires ticket-created - A ticket was created.
 * @fires ticket-deleted - A ticket was deleted.
 * @fires ticket-replied - A reply or internal note was posted.
 * @fires ticket-filters-changed - The filters or the open view changed.
 * @fires ticket-error - Something failed; the element shows it too.
 *
 * @csspart header - The title bar with the unread total and actions: `new-ticket`, `help-button`.
 * @csspart unread-total - The total unread badge.
 * @csspart views - The saved views bar; each view is a `view` (`view-active`), with `view-delete`; then
 *   `view-rename` (while a view is open) and `save-view`.
 * @csspart view-form - The save / rename view form.
 * @csspart filters - The filter bar; `search`, `status-filter`, `priority-filter`, `sla-filter`, `order`,
 *   `more-filters` (with `channel-filter`, `assignee-filter`, `tags-filter`, `date-from`, `date-to`),
 *   `clear-filters`, and `filter-chip` (`filter-chip-on`) for each status or priority.
 * @csspart body - The list and detail area.
 * @csspart list - The scrolling queue (the listbox).
 * @csspart count - The number of matching tickets.
 * @csspart row - A ticket row; also `row-active`, `row-open`, `row-unread`, `row-loading`.
 * @csspart avatar - A person's initials; `avatar-identified` or `avatar-anonymous`.
 * @csspart person-name - The person's name or email in a row; `identity` says identified or anonymous.
 * @csspart number - The ticket number.
 * @csspart channel - The channel the ticket came in by.
 * @csspart excerpt - The last message.
 * @csspart time - Time since the last update.
 * @csspart unread - A row's unread badge.
 * @csspart status - A status chip; also `status-<status>`.
 * @csspart priority - A priority chip; also `priority-<priority>`.
 * @csspart sla - The SLA chip; also `sla-on-track`, `sla-at-risk`, `sla-breached`.
 * @csspart tag - A tag chip.
 * @csspart empty - The empty state.
 * @csspart loading - The first load.
 * @csspart error - A failed load, with `retry`.
 * @csspart notice - A message about a failed change (role alert), with `notice-dismiss`.
 * @csspart detail - The open ticket.
 * @csspart detail-header - Its title bar; `close-detail` and `delete-ticket` buttons.
 * @csspart fields - The editable fields; `field` each, `field-saving` while saving.
 * @csspart person - The person panel, with its `identity-badge` and a `related-ticket` button per other ticket.
 * @csspart thread - The open ticket's messages. The parts of `<ticket-thread>` are exported as they are:
 *   `message` (`message-customer`, `message-team`, `message-ai`, `message-internal`), `message-author`,
 *   `message-time`, `message-body`, `message-internal-label`, `composer`, `mode`, `mode-public`,
 *   `mode-internal`, `reply-input`, `send`, `suggest`, `suggest-error`.
 * @csspart confirm - A confirmation (delete), with `confirm-yes` and `confirm-no`.
 * @csspart create-form - The new ticket form.
 * @csspart help - The keyboard shortcuts overlay, closed by `help-close`.
 *
 * @cssprop [--convo-accent] - Accent colour (active row, buttons).
 * @cssprop [--convo-surface] - Background.
 * @cssprop [--convo-text] - Text colour.
 * @cssprop [--convo-border] - Lines between rows and panes.
 * @cssprop [--convo-danger] - Breached SLA and errors.
 * @cssprop [--ticket-list-at-risk] - At-risk SLA colour.
 * @cssprop [--ticket-list-on-track] - On-track SLA colour.
 * @cssprop [--ticket-list-width=380px] - Width of the queue beside an open ticket.
 */
export class TicketList extends LitElement {
  static override styles = ticketListStyles;

  readonly clock = new ClockController(this);
  readonly unread = new UnreadCountController(this, {
    fetchCount: (signal) =>
      this.requireClient().tickets.unreadCount({ signal }),
    intervalMs: 60_000,
    onError: (error) => this.reportError("unread-count", error, false),
    // The rows on screen carry per-ticket unread counts and excerpts: read them again with the total.
    onServerChange: () => this.pages.refresh(),
  });
  private readonly editor = new TicketEditor({
    update: (id, changes) => this.requireClient().tickets.update(id, changes),
    onSaved: (ticket, changes) => this.handleSaved(ticket, changes),
    onFailed: (ticket, changes, error) =>
      this.handleSaveFailed(ticket, changes, error),
    onChange: () => this.requestUpdate(),
  });
  private pages = this.createPages();

  /** The client (`createClient({...})`); otherwise one provided through `convoClientContext`. */
  @property({ attribute: false }) client: TicketListClient | undefined;
  /** The filters in URL form (`status=open,new&priority=high`); kept up to date, so a host can persist it. */
  @property({ reflect: true }) filters = "";
  /**
   * The open saved view's `short_id`. Setting it opens the view (once the views are loaded); it clears itself
   * when the person changes the filters away from the view's.
   */
  @property({ reflect: true }) view: string | null = null;
  /** Keep the filters and the open ticket in `location.hash`, so a reload or a shared link restores them. */
  @property({ type: Boolean, attribute: "sync-hash" }) syncHash = false;
  /** `light` or `dark`; follows the system when unset. */
  @property({ reflect: true }) theme: "light" | "dark" | undefined;
  @property() locale = "en";
  /** Set from the element's own width (not the window's): `narrow` shows the open ticket full width. */
  @property({ reflect: true }) layout: TicketListLayout = "wide";
  /**
   * The people and roles tickets can be assigned to, offered by the assignee filter and field (PostHog's
   * members and roles come from endpoints this library does not call; the host knows them).
   */
  @property({ attribute: false }) assignees: readonly TicketAssigneeOption[] =
    [];
  /** Where reply drafts are kept, one per ticket; the shared drafts database (IndexedDB) when unset. */
  @property({ attribute: false }) draftStore: DraftStore | undefined;
  /** Replaces some of the locale's strings. */
  @property({ attribute: false }) strings:
    Partial<TicketListStrings> | undefined;

  @consume({ context: convoClientContext, subscribe: true })
  @state()
  private providedClient: ConvoClient | undefined;

  @state() private currentFilters: TicketFilters = {};
  @state() private views: TicketView[] = [];
  @state() private viewsLoaded = false;
  @state() private activeIndex = 0;
  @state() private openTicket: Ticket | null = null;
  /** The ticket named by the hash before it is loaded. */
  private pendingTicketRef: string | null = null;
  @state() private notice: string | null = null;
  @state() private helpOpen = false;
  @state() private creating = false;
  @state() private confirming: Confirming = null;
  @state() private viewForm: ViewForm = null;
  @state() private profileConfigs: CustomerProfileConfig[] = [];
  /** The open ticket's person's other tickets (`null` while loading). */
  @state() private related: { ticketId: string; items: Ticket[] } | null = null;
  @state() private listScrollTop = 0;
  @state() private viewportHeight = 600;
  @state() private searchDraft = "";

  @query('[part~="list"]') private listElement!: HTMLElement | null;
  @query("ticket-thread") private thread!: TicketThread | null;

  private resolvedStrings: TicketListStrings = resolveTicketListStrings("en");
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly resizeObserver = new ResizeObserver((entries) => {
    for (const entry of entries) {
      if (entry.target === this)
        this.layout = layoutFor(entry.contentRect.width);
      else if (entry.contentRect.height !== this.viewportHeight)
        this.viewportHeight = entry.contentRect.height;
    }
  });
  private connectedClient: TicketListClient | undefined;
  private observedList: HTMLElement | undefined;
  private relatedController: AbortController | undefined;
  private readonly handledKeys = new WeakSet<Event>();

  /** The client in use: the property, else the one provided by context. */
  get activeClient(): TicketListClient | undefined {
    return this.client ?? this.providedClient;
  }

  /** Tickets matching the filters, as the server counted them; `null` while loading. */
  get total(): number | null {
    return this.pages.total;
  }

  constructor() {
    super();
    // The hash listener and the list's size observer live exactly as long as the element is in a document.
    this.addController({
      hostConnected: () => {
        this.resizeObserver.observe(this);
        window.addEventListener("hashchange", this.handleHashChange);
        if (this.syncHash) this.applyHash();
      },
      hostDisconnected: () => {
        window.removeEventListener("hashchange", this.handleHashChange);
        this.resizeObserver.disconnect();
        this.observedList = undefined;
        this.pages.abortAll();
        this.relatedController?.abort();
        clearTimeout(this.searchTimer);
      },
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("locale") || changed.has("strings"))
      this.resolvedStrings = resolveTicketListStrings(
        this.locale,
        this.strings,
      );
    if (
      changed.has("filters") &&
      !sameFilters(filtersFromParams(this.filters), this.currentFilters)
    ) {
      this.applyFilters(filtersFromParams(this.filters), {
        fromAttribute: true,
      });
    }
    if (changed.has("view")) this.applyView();
    const client = this.activeClient;
    if (client !== this.connectedClient) {
      this.connectedClient = client;
      if (client) this.startWith();
    }
  }

  protected override updated(changed: PropertyValues): void {
    // A new question or form takes the focus: the safe answer of a confirmation, the form's first field.
    if (changed.has("confirming") && this.confirming)
      this.renderRoot
        .querySelector<HTMLElement>('[part~="confirm-no"]')
        ?.focus();
    if (changed.has("creating") && this.creating)
      this.renderRoot
        .querySelector<HTMLElement>('[part~="create-form"] input')
        ?.focus();
    if (changed.has("helpOpen") && this.helpOpen)
      this.renderRoot
        .querySelector<HTMLElement>('[part~="help-close"]')
        ?.focus();
    const list = this.listElement ?? undefined;
    if (list !== this.observedList) {
      if (this.observedList) this.resizeObserver.unobserve(this.observedList);
      if (list) this.resizeObserver.observe(list);
      this.observedList = list;
    }
    if (this.activeClient) this.pages.want(...this.visibleRange());
  }

  // ----- public methods ---------------------------------------------------------------------------------

  /** Replaces the filters (the open view stays open only if they are still its filters). */
  setFilters(filters: TicketFilters): void {
    this.applyFilters(filters);
  }

  /**
   * Every filter change goes through here: from the person, a view (`view`), the `filters` attribute
   * (`fromAttribute`: not written back) or the hash.
   */
  private applyFilters(
    filters: TicketFilters,
    { fromAttribute = false, view = null as TicketView | null } = {},
  ): void {
    const normal = normalizeFilters(filters);
    const changed = !sameFilters(normal, this.currentFilters);
    this.currentFilters = normal;
    this.searchDraft = normal.search ?? "";
    // Until the views are loaded nobody can tell whether the filters still match the view: keep it.
    this.view =
      view?.short_id ??
      (this.view && (!this.viewsLoaded || this.viewMatches(this.view, normal))
        ? this.view
        : null);
    const params = filtersToParams(normal);
    if (!fromAttribute) this.filters = params;
    if (!changed) return;
    this.writeHash();
    this.pages = this.createPages();
    this.activeIndex = 0;
    if (this.listElement) this.listElement.scrollTop = 0;
    this.listScrollTop = 0;
    const openView = this.views.find((v) => v.short_id === this.view) ?? null;
    const event = new TicketFiltersChangedEvent(normal, params, openView);
    this.dispatchEvent(event);
  }

  /** Reads the rows on screen again, and the unread total unless it is younger than the server cache. */
  refresh(): void {
    this.pages.refresh();
    void this.unread.refresh();
    this.requestUpdate();
  }

  /** Opens the ticket at `index` of the queue. */
  async openAt(index: number): Promise<void> {
    const ticket = this.pages.at(index);
    if (!ticket) return;
    this.activeIndex = index;
    await this.open(this.editor.shown(ticket));
  }

  /** Opens a ticket (from the queue or anywhere else), marking it read. */
  async open(ticket: Ticket): Promise<void> {
    const selection = new TicketSelectEvent({ ticket });
    if (!this.dispatchEvent(selection)) return;
    this.creating = false;
    this.confirming = null;
    this.openTicket = ticket;
    this.writeHash();
    void this.loadRelated(ticket);
    const unreadAmount =
      ticket.status === "resolved" ? 0 : ticket.unread_team_count;
    const correction = this.unread.markRead(unreadAmount);
    const settleRead = this.editor.assume(ticket.id, { unread_team_count: 0 });
    try {
      const fresh = await this.requireClient().tickets.get(ticket.id);
      correction.confirm();
      this.pages.replace(fresh);
      if (this.openTicket?.id === fresh.id) this.openTicket = fresh;
    } catch (error) {
      correction.cancel();
      this.reportError("load-ticket", error);
    } finally {
      settleRead();
    }
  }

  /** Closes the detail and gives the focus back to the queue. */
  close(): void {
    if (!this.openTicket && !this.creating) return;
    this.openTicket = null;
    this.creating = false;
    this.confirming = null;
    this.writeHash();
    void this.updateComplete.then(() => this.listElement?.focus());
  }

  /** Saves changes to a ticket optimistically; resolves with the saved ticket, or `undefined` if rolled back. */
  updateTicket(
    ticket: Ticket,
    changes: TicketWrite,
  ): Promise<Ticket | undefined> {
    return this.editor.save(ticket, changes);
  }

  // ----- loading ----------------------------------------------------------------------------------------

  private requireClient(): TicketListClient {
    const client = this.activeClient;
    if (!client) throw new Error(this.resolvedStrings.notConfigured);
    return client;
  }

  private createPages(): TicketPages<Ticket> {
    const client = this.activeClient;
    const filters = this.currentFilters ?? {};
    this.pages?.abortAll();
    return new TicketPages<Ticket>({
      pageSize: PAGE_SIZE,
      idOf: (ticket) => ticket.id,
      onChange: () => this.handlePagesChanged(),
      fetchPage: client
        ? ticketPageFetcher(client, filters)
        : () => Promise.reject(new Error(this.resolvedStrings.notConfigured)),
    });
  }

  /** A client arrived: load everything a person sees first. */
  private startWith(): void {
    this.pages = this.createPages();
    this.unread.start();
    void this.loadViews();
    void this.loadProfileConfigs();
  }

  private handlePagesChanged(): void {
    if (this.pages.status === "error")
      this.reportError("list", this.pages.error, false);
    if (this.pendingTicketRef !== null) void this.openFromHash();
    this.requestUpdate();
  }

  private async loadViews(): Promise<void> {
    try {
      const page = await this.requireClient().views.list({ limit: 100 });
      this.views = page.items;
      this.viewsLoaded = true;
      this.applyView();
    } catch (error) {
      this.reportError("views", error);
    }
  }

  /** Shows the filters of the view named by `view`, once it is known. */
  private applyView(): void {
    const view = this.views.find(
      (candidate) => candidate.short_id === this.view,
    );
    if (!view || this.viewMatches(view.short_id, this.currentFilters)) return;
    this.applyFilters(filtersFromView(view.filters), { view });
  }

  private async loadProfileConfigs(): Promise<void> {
    try {
      const page = await this.requireClient().profileConfigs.list({
        limit: 100,
      });
      this.profileConfigs = page.items;
      if (this.openTicket) void this.loadRelated(this.openTicket);
    } catch (error) {
      this.reportError("profile", error, false);
    }
  }

  /**
   * The open ticket's person's other tickets, when the profile config shows them: found by the person's
   * email (the server's search), then kept only if they really are this person's.
   */
  private async loadRelated(ticket: Ticket): Promise<void> {
    this.relatedController?.abort();
    this.related = null;
    const email = ticketPerson(ticket, this.resolvedStrings).email;
    if (!panelShowsRelatedTickets(this.profileConfigs)) return;
    if (email === null) {
      this.related = { ticketId: ticket.id, items: [] };
      return;
    }
    const controller = new AbortController();
    this.relatedController = controller;
    try {
      const page = await this.requireClient().tickets.list(
        { search: email },
        { limit: RELATED_LIMIT + 1, signal: controller.signal },
      );
      const items = page.items
        .filter((other) => isSamePerson(ticket, other))
        .slice(0, RELATED_LIMIT);
      if (!controller.signal.aborted)
        this.related = { ticketId: ticket.id, items };
    } catch (error) {
      if (controller.signal.aborted) return;
      this.related = { ticketId: ticket.id, items: [] };
      this.reportError("profile", error, false);
    }
  }

  private visibleRange(): [number, number] {
    const first = Math.max(
      0,
      Math.floor(this.listScrollTop / ROW_HEIGHT) - OVERSCAN,
    );
    const end =
      Math.ceil((this.listScrollTop + this.viewportHeight) / ROW_HEIGHT) +
      OVERSCAN;
    const total = this.pages.total;
    return [first, total === null ? end : Math.min(end, total)];
  }

  // ----- hash -------------------------------------------------------------------------------------------

  private applyHash(): void {
    const state = readHashState(location.hash);
    this.setFilters(state.filters);
    if (
      state.ticket !== null &&
      state.ticket !== String(this.openTicket?.ticket_number ?? "")
    ) {
      this.pendingTicketRef = state.ticket;
      void this.openFromHash();
    } else if (state.ticket === null && this.openTicket) {
      this.openTicket = null;
    }
  }

  /** Opens the ticket the hash names once a client exists. */
  private async openFromHash(): Promise<void> {
    const reference = this.pendingTicketRef;
    const client = this.activeClient;
    if (reference === null || !client) return;
    this.pendingTicketRef = null;
    try {
      await this.open(await client.tickets.get(reference));
    } catch (error) {
      this.reportError("load-ticket", error);
    }
  }

  private writeHash(): void {
    if (!this.syncHash) return;
    const hash = writeHashState(location.hash, {
      filters: this.currentFilters,
      ticket: this.openTicket ? String(this.openTicket.ticket_number) : null,
    });
    if (hash !== location.hash && !(hash === "" && location.hash === "")) {
      history.replaceState(
        history.state,
        "",
        `${location.pathname}${location.search}${hash}`,
      );
    }
  }

  private readonly handleHashChange = (): void => {
    if (this.syncHash) this.applyHash();
  };

  // ----- changes and their outcomes ---------------------------------------------------------------------

  private handleSaved(ticket: Ticket, changes: TicketWrite): void {
    this.pages.replace(ticket);
    if (this.openTicket?.id === ticket.id) this.openTicket = ticket;
    this.dispatchEvent(new TicketUpdatedEvent({ ticket, changes }));
    if ("status" in changes) void this.unread.refresh(true);
  }

  private handleSaveFailed(
    ticket: Ticket,
    changes: TicketWrite,
    error: unknown,
  ): void {
    const labels: Record<keyof TicketWrite, string> = {
      status: this.resolvedStrings.statusLabel,
      priority: this.resolvedStrings.priorityLabel,
      assignee: this.resolvedStrings.assigneeLabel,
      tags: this.resolvedStrings.tagsLabel,
      sla_due_at: this.resolvedStrings.slaDueLabel,
      escalation_reason: this.resolvedStrings.escalationLabel,
      ai_resolved: this.resolvedStrings.aiResolvedLabel,
      anonymous_traits: this.resolvedStrings.personLabel,
    };
    const field = (Object.keys(changes) as (keyof TicketWrite)[])
      .map((key) => labels[key])
      .join(", ");
    const message = formatString(this.resolvedStrings.updateFailed, {
      field,
      number: ticket.ticket_number,
      reason: describeError(error, this.resolvedStrings),
    });
    this.notice = message;
    this.dispatchEvent(
      new TicketErrorEvent({ operation: "update", error, message }),
    );
  }

  private reportError(
    operation: TicketErrorOperation,
    error: unknown,
    show = true,
  ): void {
    const message = describeError(error, this.resolvedStrings);
    if (show) this.notice = message;
    this.dispatchEvent(new TicketErrorEvent({ operation, error, message }));
  }

  private async deleteTicket(ticket: Ticket): Promise<void> {
    this.confirming = null;
    try {
      await this.requireClient().tickets.delete(ticket.id);
      // A ticket outside the rows held still changed the count: the server says by how much.
      if (!this.pages.remove(ticket.id)) this.pages.refresh();
      this.editor.forget(ticket.id);
      if (this.openTicket?.id === ticket.id) this.close();
      this.activeIndex = Math.min(
        this.activeIndex,
        Math.max(0, (this.pages.total ?? 1) - 1),
      );
      this.dispatchEvent(
        new TicketDeletedEvent(ticket.id, ticket.ticket_number),
      );
      void this.unread.refresh(true);
    } catch (error) {
      const message = formatString(this.resolvedStrings.deleteFailed, {
        number: ticket.ticket_number,
        reason: describeError(error, this.resolvedStrings),
      });
      this.notice = message;
      this.dispatchEvent(
        new TicketErrorEvent({ operation: "delete", error, message }),
      );
    }
  }

  private async createTicket(changes: TicketWrite): Promise<void> {
    try {
      const ticket = await this.requireClient().tickets.create(changes);
      this.creating = false;
      const event = new TicketCreatedEvent(ticket);
      this.dispatchEvent(event);
      this.pages.refresh();
      await this.open(ticket);
    } catch (error) {
      this.reportError("create", error);
    }
  }

  // ----- views ------------------------------------------------------------------------------------------

  private viewMatches(shortId: string, filters: TicketFilters): boolean {
    const view = this.views.find((candidate) => candidate.short_id === shortId);
    return (
      view !== undefined &&
      sameFilters(filtersFromView(view.filters), {
        ...filters,
        search: undefined,
      })
    );
  }

  private openView(view: TicketView | null): void {
    if (view === null) {
      this.view = null;
      this.setFilters({});
      return;
    }
    this.applyFilters(filtersFromView(view.filters), { view });
    this.view = view.short_id;
  }

  private async saveView(form: HTMLFormElement): Promise<void> {
    const name = String(new FormData(form).get("name") ?? "").trim();
    const editing = this.viewForm;
    if (name === "" || editing === null) return;
    try {
      const client = this.requireClient();
      // The views API has no update: a rename saves a new view with the old one's filters, then deletes the old.
      const filters =
        editing.mode === "rename"
          ? editing.view.filters
          : filtersToView(this.currentFilters);
      const view = await client.views.create({ name, filters });
      if (editing.mode === "rename") {
        await client.views.delete(editing.view.short_id);
        this.views = this.views.map((candidate) =>
          candidate.short_id === editing.view.short_id ? view : candidate,
        );
      } else {
        this.views = [...this.views, view];
      }
      this.viewForm = null;
      this.view = view.short_id;
    } catch (error) {
      this.reportError("views", error);
    }
  }

  private async deleteView(view: TicketView): Promise<void> {
    this.confirming = null;
    try {
      await this.requireClient().views.delete(view.short_id);
      this.views = this.views.filter(
        (candidate) => candidate.short_id !== view.short_id,
      );
      if (this.view === view.short_id) this.view = null;
    } catch (error) {
      this.reportError("views", error);
    }
  }

  // ----- keyboard ---------------------------------------------------------------------------------------

  /** Bound on the queue and on the whole frame; a key the queue handled is not handled again on its way up. */
  private handleKeydown(event: KeyboardEvent): void {
    if (this.handledKeys.has(event)) return;
    this.handledKeys.add(event);
    const target = event.composedPath()[0];
    const inField =
      target instanceof HTMLElement &&
      (target.matches("input, textarea, select, [contenteditable]") ||
        target.closest('form, [part~="confirm"]') !== null);
    // The help overlay is modal: focus stays on its one control, and only Escape and ? act.
    if (this.helpOpen && event.key === "Tab") {
      event.preventDefault();
      this.renderRoot
        .querySelector<HTMLElement>('[part~="help-close"]')
        ?.focus();
      return;
    }
    // Buttons keep Enter to themselves.
    if (event.key === "Enter" && target instanceof HTMLButtonElement) return;
    // Escape in the reply box leaves the box, not the ticket: a long reply is one key from being hidden.
    if (event.key === "Escape" && target instanceof HTMLTextAreaElement) {
      event.preventDefault();
      this.listElement?.focus();
      return;
    }
    const action = triageActionFor(event, inField);
    if (!action) return;
    if (this.helpOpen && action.kind !== "back" && action.kind !== "help")
      return;
    event.preventDefault();
    void this.perform(action);
  }

  private async perform(action: TriageAction): Promise<void> {
    const total = this.pages.total ?? 0;
    switch (action.kind) {
      case "move":
      case "move-to": {
        if (total === 0) return;
        const next =
          action.kind === "move"
            ? Math.min(total - 1, Math.max(0, this.activeIndex + action.by))
            : action.edge === "first"
              ? 0
              : total - 1;
        this.moveTo(next);
        if (this.openTicket && next !== this.pages.indexOf(this.openTicket.id))
          await this.openAt(next);
        return;
      }
      case "open":
        return this.openAt(this.activeIndex);
      case "back":
        if (this.helpOpen) this.closeHelp();
        else if (this.confirming) this.confirming = null;
        else if (this.viewForm) this.viewForm = null;
        else this.close();
        return;
      case "set-status":
      case "set-priority": {
        const ticket = this.openTicket ?? this.pages.at(this.activeIndex);
        if (!ticket) return;
        const changes: TicketWrite =
          action.kind === "set-status"
            ? { status: action.status }
            : { priority: action.priority };
        await this.updateTicket(ticket, changes);
        return;
      }
      case "reply":
        this.thread?.focusReply();
        return;
      case "search":
        this.renderRoot
          .querySelector<HTMLInputElement>('[part~="search"]')
          ?.focus();
        return;
      case "create":
        this.openTicket = null;
        this.creating = true;
        return;
      case "refresh":
        this.refresh();
        return;
      case "help":
        if (this.helpOpen) this.closeHelp();
        else this.helpOpen = true;
        return;
    }
  }

  /** Closes the shortcuts overlay and puts the focus back on the queue, where triage continues. */
  private closeHelp(): void {
    this.helpOpen = false;
    void this.updateComplete.then(() => this.listElement?.focus());
  }

  /** Makes `index` the active row and scrolls it into view. */
  private moveTo(index: number): void {
    this.activeIndex = index;
    const list = this.listElement;
    if (!list) return;
    const top = index * ROW_HEIGHT;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW_HEIGHT > list.scrollTop + list.clientHeight)
      list.scrollTop = top + ROW_HEIGHT - list.clientHeight;
    this.listScrollTop = list.scrollTop;
  }

  /** One listener for every row: rows come and go as the list scrolls. */
  private handleListClick(event: Event): void {
    const row = (event.target as Element).closest<HTMLElement>(
      '[role="option"]',
    );
    const index = Number(row?.getAttribute("aria-posinset") ?? 0) - 1;
    if (index >= 0) void this.openAt(index);
  }

  private handleScroll(event: Event): void {
    this.listScrollTop = (event.target as HTMLElement).scrollTop;
  }

  private readonly handleSearchInput = (event: Event): void => {
    this.searchDraft = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(
      () =>
        this.setFilters({ ...this.currentFilters, search: this.searchDraft }),
      SEARCH_DEBOUNCE_MS,
    );
  };

  // ----- render -----------------------------------------------------------------------------------------

  private renderHeader(): TemplateResult {
    const strings = this.resolvedStrings;
    const unread = this.unread.count;
    return html`<header part="header" class="header">
      <h2 class="title">${strings.inboxTitle}</h2>
      ${
        unread === null
          ? nothing
          : html`<span
              part="unread-total"
              class="unread-total ${unread === 0 ? "zero" : ""}"
              role="status"
              >${formatString(strings.unreadTotal, { count: unread })}</span
            >`
      }
      <span class="spacer"></span>
      <slot name="header-actions"></slot>
      <button
        part="new-ticket"
        class="primary"
        @click=${() => this.perform({ kind: "create" })}
      >
        ${strings.newTicket}
      </button>
      <button
        part="help-button"
        aria-haspopup="dialog"
        @click=${() => (this.helpOpen = true)}
      >
        ${strings.helpButton}
      </button>
    </header>`;
  }

  private renderViews(): TemplateResult {
    const strings = this.resolvedStrings;
    const openView =
      this.views.find((view) => view.short_id === this.view) ?? null;
    return html`<nav
        part="views"
        class="views"
        aria-label=${strings.viewsLabel}
      >
        <button
          part="view${this.view === null ? " view-active" : ""}"
          aria-pressed=${this.view === null ? "true" : "false"}
          @click=${() => this.openView(null)}
        >
          ${strings.allTickets}
        </button>
        ${this.views.map(
          (view) =>
            html`<span class="view-item">
              <button
                part="view${view.short_id === this.view ? " view-active" : ""}"
                aria-pressed=${view.short_id === this.view ? "true" : "false"}
                @click=${() => this.openView(view)}
              >
                ${view.name}
              </button>
              <button
                part="view-delete"
                class="icon"
                aria-label="${strings.deleteView}: ${view.name}"
                @click=${() => (this.confirming = { kind: "delete-view", view })}
              >
                ×
              </button>
            </span>`,
        )}
        <span class="spacer"></span>
        ${openView ? html`<button part="view-rename" @click=${() => (this.viewForm = { mode: "rename", view: openView })}>${strings.renameView}</button>` : nothing}
        <button
          part="save-view"
          @click=${() => (this.viewForm = { mode: "save" })}
        >
          ${strings.saveView}
        </button>
      </nav>
      ${this.viewForm ? this.renderViewForm(this.viewForm) : nothing}
      ${this.confirming?.kind === "delete-view" ? this.renderConfirm(formatString(strings.confirmDeleteView, { name: this.confirming.view.name }), this.confirming.view) : nothing}`;
  }

  private renderViewForm(form: NonNullable<ViewForm>): TemplateResult {
    const strings = this.resolvedStrings;
    return html`<form
      part="view-form"
      class="inline-form"
      @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        void this.saveView(event.currentTarget as HTMLFormElement);
      }}
    >
      <label
        >${strings.viewName}
        <input
          name="name"
          required
          maxlength="400"
          .value=${form.mode === "rename" ? form.view.name : ""}
      /></label>
      <button type="submit" class="primary">${strings.save}</button>
      <button type="button" @click=${() => (this.viewForm = null)}>
        ${strings.cancel}
      </button>
    </form>`;
  }

  private renderConfirm(
    question: string,
    subject: Ticket | TicketView,
  ): TemplateResult {
    const strings = this.resolvedStrings;
    const confirm = () =>
      "ticket_number" in subject
        ? this.deleteTicket(subject)
        : this.deleteView(subject);
    return html`<div
      part="confirm"
      class="confirm"
      role="alertdialog"
      aria-label=${question}
    >
      <span>${question}</span>
      <button part="confirm-yes" class="danger" @click=${() => void confirm()}>
        ${strings.delete}
      </button>
      <button part="confirm-no" @click=${() => (this.confirming = null)}>
        ${strings.cancel}
      </button>
    </div>`;
  }

  private renderQueue(): TemplateResult {
    const strings = this.resolvedStrings;
    const total = this.pages.total;
    const status = this.pages.status;
    const [first, end] = this.visibleRange();
    const rows: TemplateResult[] = [];
    const context = {
      strings,
      locale: this.locale,
      now: this.clock.now,
      total: total ?? 0,
      activeIndex: this.activeIndex,
      openTicketId: this.openTicket?.id ?? null,
      rowHeight: ROW_HEIGHT,
    };
    if (total !== null) {
      for (let index = first; index < end; index++) {
        const ticket = this.pages.at(index);
        rows.push(
          renderTicketRow(
            ticket ? this.editor.shown(ticket) : undefined,
            index,
            context,
          ),
        );
      }
    }
    const filtered = countActiveFilters(this.currentFilters) > 0;
    return html`<section class="queue" aria-label=${strings.queueLabel}>
      <p part="count" class="count" role="status" aria-live="polite">
        ${total !== null ? formatString(strings.ticketCount, { count: total }) : status === "loading" ? strings.loading : ""}
      </p>
      ${
        status === "error"
          ? html`<div part="error" class="problem" role="alert">
              ${formatString(strings.loadFailed, { reason: describeError(this.pages.error, strings) })}
              <button part="retry" @click=${() => this.pages.retry()}>
                ${strings.retry}
              </button>
            </div>`
          : nothing
      }
      ${total === null && status !== "error" ? renderSkeleton() : nothing}
      ${
        total === 0
          ? html`<div part="empty" class="state">
              <slot name="empty"
                ><strong>${strings.emptyTitle}</strong
                ><span
                  >${filtered ? strings.emptyFilteredBody : strings.emptyBody}</span
                ></slot
              >
            </div>`
          : nothing
      }
      <div
        part="list"
        class="list"
        role="listbox"
        tabindex="0"
        aria-label=${strings.queueLabel}
        aria-activedescendant=${total ? rowId(this.activeIndex) : nothing}
        ?hidden=${!total}
        @scroll=${this.handleScroll}
        @click=${this.handleListClick}
        @keydown=${this.handleKeydown}
      >
        <div
          class="spacer-rows"
          role="none"
          style="height: ${(total ?? 0) * ROW_HEIGHT}px"
        >
          ${rows}
        </div>
      </div>
    </section>`;
  }

  private renderDetail(): TemplateResult | typeof nothing {
    const strings = this.resolvedStrings;
    if (this.creating)
      return renderCreateForm({
        strings,
        onCreate: (changes) => void this.createTicket(changes),
        onClose: () => this.close(),
      });
    if (!this.openTicket) return nothing;
    const ticket = this.editor.shown(this.openTicket);
    const person = ticketPerson(ticket, strings);
    return html`<section
      part="detail"
      class="detail"
      aria-label=${formatString(strings.ticketLabel, { number: ticket.ticket_number })}
    >
      <header part="detail-header" class="detail-header">
        <button
          part="close-detail"
          class="icon"
          aria-label=${strings.closeDetail}
          @click=${() => this.close()}
        >
          ←
        </button>
        ${renderAvatar(ticket, strings)}
        <div class="detail-title">
          <h3>
            ${person.name} <span class="number">#${ticket.ticket_number}</span>
          </h3>
          <span class="muted"
            >${person.email !== person.name ? (person.email ?? "") : ""}</span
          >
        </div>
        <span class="spacer"></span>
        <button
          part="delete-ticket"
          class="danger-outline"
          @click=${() => (this.confirming = { kind: "delete-ticket", ticket })}
        >
          ${strings.deleteTicket}
        </button>
      </header>
      ${
        this.confirming?.kind === "delete-ticket"
          ? this.renderConfirm(
              formatString(strings.confirmDeleteTicket, {
                number: this.confirming.ticket.ticket_number,
              }),
              this.confirming.ticket,
            )
          : nothing
      }
      <div class="detail-body">
        <ticket-thread
          .client=${this.activeClient}
          ticket-id=${ticket.id}
          .strings=${strings}
          locale=${this.locale}
          theme=${ifDefined(this.theme)}
          .draftStore=${this.draftStore}
          exportparts="thread, message, message-customer, message-team, message-ai, message-internal, message-author, message-time, message-body, message-internal-label, composer, mode, mode-public, mode-internal, reply-input, send, suggest, suggest-error"
          @ticket-replied=${() => void this.reloadOpenTicket()}
        ></ticket-thread>
        <aside class="side">
          ${renderTicketFields({
            ticket,
            strings,
            locale: this.locale,
            now: this.clock.now,
            isSaving: (field) => this.editor.isSaving(ticket.id, field),
            save: (changes) =>
              void this.updateTicket(this.openTicket ?? ticket, changes),
          })}
          ${renderPersonPanel({
            ticket,
            configs: this.profileConfigs,
            strings,
            locale: this.locale,
            related:
              this.related?.ticketId === ticket.id ? this.related.items : null,
            onOpen: (other) => void this.open(other),
          })}
        </aside>
      </div>
    </section>`;
  }

  /** A reply changes the ticket's last message and counts; read it again (it is open, so it stays read). */
  private async reloadOpenTicket(): Promise<void> {
    const open = this.openTicket;
    if (!open) return;
    try {
      const fresh = await this.requireClient().tickets.get(open.id);
      this.pages.replace(fresh);
      if (this.openTicket?.id === fresh.id) this.openTicket = fresh;
    } catch (error) {
      this.reportError("load-ticket", error, false);
    }
  }

  protected override render(): TemplateResult {
    const strings = this.resolvedStrings;
    const detailOpen = this.openTicket !== null || this.creating;
    if (!this.activeClient)
      return html`<p part="error" class="problem">${strings.notConfigured}</p>`;
    return html`<div
      class="frame ${detailOpen ? "detail-open" : ""}"
      @keydown=${this.handleKeydown}
    >
      ${this.renderHeader()} ${this.renderViews()}
      ${renderFilterBar({
        filters: this.currentFilters,
        searchDraft: this.searchDraft,
        strings,
        onSearchInput: this.handleSearchInput,
        onChange: (filters) => this.setFilters(filters),
      })}
      ${
        this.notice
          ? html`<div part="notice" class="notice" role="alert">
              <span>${this.notice}</span>
              <button
                part="notice-dismiss"
                class="icon"
                aria-label=${strings.dismiss}
                @click=${() => (this.notice = null)}
              >
                ×
              </button>
            </div>`
          : nothing
      }
      <div part="body" class="body">
        ${this.renderQueue()} ${this.renderDetail()}
      </div>
      ${this.helpOpen ? renderShortcutHelp(strings, () => this.closeHelp()) : nothing}
      <datalist id="assignee-options">
        <option value="unassigned">${strings.unassigned}</option>
        ${this.assignees.map((option) => html`<option value=${option.value}>${option.label}</option>`)}
      </datalist>
    </div>`;
  }
}

/** Grey rows in the shape of tickets while the first page loads (the count line says it in words). */
function renderSkeleton(): TemplateResult {
  return html`<div part="loading" class="skeleton" aria-hidden="true">
    ${Array.from(
      { length: 6 },
      () =>
        html`<div class="skeleton-row">
          <span class="skeleton-avatar"></span>
          <span class="skeleton-lines"
            ><span></span><span></span><span></span
          ></span>
        </div>`,
    )}
  </div>`;
}
