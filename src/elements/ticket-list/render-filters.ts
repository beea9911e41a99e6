/**
 * The filter bar: search, status and priority chips (multi), SLA, order, and the rarer filters (channel,
 * assignee, tags, dates) behind "More filters". It renders one filter set and hands every change back as a
 * whole new set; the element decides what a change does (URL, view, new query).
 */
import { html, nothing, type TemplateResult } from "lit";
import type {
  TicketFilters,
  TicketOrder,
  TicketSla,
} from "../../api/wire-posthog.js";
import { formatString } from "../../strings/strings.js";
import {
  DEFAULT_ORDER,
  TICKET_ORDERS,
  TICKET_PRIORITIES,
  TICKET_SLAS,
  TICKET_STATUSES,
  countActiveFilters,
} from "./ticket-filters.js";
import { orderLabel, priorityLabel, statusLabel } from "./ticket-format.js";
import type { TicketListStrings } from "./ticket-list-strings.js";

/** The channels PostHog's inbox receives tickets from. */
export const TICKET_CHANNELS = ["widget", "email", "slack", "teams"] as const;

export interface FilterBarContext {
  filters: TicketFilters;
  /** The search box's text, which runs ahead of the applied search while the person types. */
  searchDraft: string;
  strings: TicketListStrings;
  onSearchInput: (event: Event) => void;
  onChange: (filters: TicketFilters) => void;
}

/** `a, b ,, c` → `['a', 'b', 'c']`, each once. */
export function splitTags(text: string): string[] {
  const tags = text.split(",").map((tag) => tag.trim());
  return [...new Set(tags.filter((tag) => tag !== ""))];
}

function slaFilterLabel(sla: TicketSla, strings: TicketListStrings): string {
  const labels: Record<TicketSla, string> = {
    breached: strings.slaFilterBreached,
    "at-risk": strings.slaFilterAtRisk,
    "on-track": strings.slaFilterOnTrack,
  };
  return labels[sla];
}

const valueOf = (event: Event) =>
  (event.target as HTMLInputElement | HTMLSelectElement).value;

export function renderFilterBar(context: FilterBarContext): TemplateResult {
  const { filters, strings } = context;
  const change = (changes: Partial<TicketFilters>) =>
    context.onChange({ ...filters, ...changes });
  const chip = (key: "status" | "priority", value: string, label: string) => {
    const selected = (filters[key] ?? []) as string[];
    const on = selected.includes(value);
    const next = on
      ? selected.filter((item) => item !== value)
      : [...selected, value];
    return html`<button
      part="filter-chip${on ? " filter-chip-on" : ""}"
      class="filter-chip"
      aria-pressed=${on ? "true" : "false"}
      @click=${() => change({ [key]: next })}
    >
      ${label}
    </button>`;
  };
  const moreInUse =
    (filters.channelSource ??
      filters.assignee ??
      filters.dateFrom ??
      filters.dateTo ??
      filters.tags) !== undefined;
  const active = countActiveFilters(filters);
  return html`<section
    part="filters"
    class="filters"
    aria-label=${strings.filtersLabel}
  >
    <input
      part="search"
      type="search"
      aria-label=${strings.searchLabel}
      placeholder=${strings.searchPlaceholder}
      .value=${context.searchDraft}
      @input=${context.onSearchInput}
    />
    <div
      part="status-filter"
      class="chip-group"
      role="group"
      aria-label=${strings.statusFilter}
    >
      ${TICKET_STATUSES.map((status) => chip("status", status, statusLabel(status, strings)))}
    </div>
    <div
      part="priority-filter"
      class="chip-group"
      role="group"
      aria-label=${strings.priorityFilter}
    >
      ${TICKET_PRIORITIES.map((priority) => chip("priority", priority, priorityLabel(priority, strings)))}
    </div>
    <label class="select">
      <span>${strings.slaFilter}</span>
      <select
        part="sla-filter"
        @change=${(event: Event) => change({ sla: (valueOf(event) || undefined) as TicketSla | undefined })}
      >
        <option value="" ?selected=${!filters.sla}>${strings.any}</option>
        ${TICKET_SLAS.map((sla) => html`<option value=${sla} ?selected=${filters.sla === sla}>${slaFilterLabel(sla, strings)}</option>`)}
      </select>
    </label>
    <label class="select">
      <span>${strings.orderLabel}</span>
      <select
        part="order"
        @change=${(event: Event) => change({ orderBy: valueOf(event) as TicketOrder })}
      >
        ${TICKET_ORDERS.map((order) => html`<option value=${order} ?selected=${(filters.orderBy ?? DEFAULT_ORDER) === order}>${orderLabel(order, strings)}</option>`)}
      </select>
    </label>
    <details part="more-filters" class="more" ?open=${moreInUse}>
      <summary>${strings.moreFilters}</summary>
      <div class="more-grid">
        <label
          >${strings.channelFilter}
          <select
            part="channel-filter"
            @change=${(event: Event) => change({ channelSource: valueOf(event) || undefined })}
          >
            <option value="" ?selected=${!filters.channelSource}>
              ${strings.any}
            </option>
            ${TICKET_CHANNELS.map((channel) => html`<option value=${channel} ?selected=${filters.channelSource === channel}>${channel}</option>`)}
          </select>
        </label>
        <label
          >${strings.assigneeFilter}
          <input
            part="assignee-filter"
            list="assignee-options"
            placeholder=${strings.assigneePlaceholder}
            .value=${filters.assignee ?? ""}
            @change=${(event: Event) => change({ assignee: valueOf(event) || undefined })}
          />
        </label>
        <label
          >${strings.tagsFilter}
          <input
            part="tags-filter"
            placeholder=${strings.tagsPlaceholder}
            .value=${(filters.tags ?? []).join(", ")}
            @change=${(event: Event) => change({ tags: splitTags(valueOf(event)) })}
          />
        </label>
        <label
          >${strings.dateFromFilter}
          <input
            part="date-from"
            type="date"
            .value=${filters.dateFrom ?? ""}
            @change=${(event: Event) => change({ dateFrom: valueOf(event) || undefined })}
          />
        </label>
        <label
          >${strings.dateToFilter}
          <input
            part="date-to"
            type="date"
            .value=${filters.dateTo ?? ""}
            @change=${(event: Event) => change({ dateTo: valueOf(event) || undefined })}
          />
        </label>
      </div>
    </details>
    ${
      active > 0
        ? html`<button
            part="clear-filters"
            @click=${() => context.onChange({ orderBy: filters.orderBy })}
          >
            ${strings.clearFilters}
            (${formatString(strings.activeFilters, { count: active })})
          </button>`
        : nothing
    }
  </section>`;
}
