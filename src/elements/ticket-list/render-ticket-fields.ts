/**
 * The open ticket's editable fields (status, priority, assignee, tags, SLA due, escalation reason, AI-resolved)
 * and the new-ticket form. Each field names itself (`data-field`) and shows while its change is in flight;
 * what a change does (optimistic save, rollback) is the element's business.
 */
import { html, nothing, type TemplateResult } from "lit";
import type {
  Ticket,
  TicketPriority,
  TicketStatus,
  TicketWrite,
} from "../../api/wire-posthog.js";
import { splitTags } from "./render-filters.js";
import { slaLabel } from "./render-ticket-row.js";
import { TICKET_PRIORITIES, TICKET_STATUSES } from "./ticket-filters.js";
import { priorityLabel, statusLabel } from "./ticket-format.js";
import type { TicketListStrings } from "./ticket-list-strings.js";

export interface TicketFieldsContext {
  /** The ticket as shown (changes in flight included). */
  ticket: Ticket;
  strings: TicketListStrings;
  locale: string;
  now: number;
  isSaving: (field: keyof Ticket) => boolean;
  save: (changes: TicketWrite) => void;
}

export interface CreateFormContext {
  strings: TicketListStrings;
  onCreate: (ticket: TicketWrite) => void;
  onClose: () => void;
}

/** `user:42` or `role:<uuid>` as the API's assignee; anything else (`unassigned`, empty) unassigns. */
export function parseAssignee(text: string): Ticket["assignee"] {
  const match = /^(user|role):(.+)$/.exec(text.trim());
  if (!match) return null;
  const [, type, id] = match;
  return {
    type: type as "user" | "role",
    id: type === "user" && /^\d+$/.test(id!) ? Number(id) : id!,
  };
}

/** `datetime-local` wants local wall time without a zone. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string | null {
  if (value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** What the new-ticket form asks the server to create; name and email become the widget's traits. */
export function ticketFromCreateForm(form: HTMLFormElement): TicketWrite {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const traits: Record<string, string> = {};
  if (text("name")) traits.name = text("name");
  if (text("email")) traits.email = text("email");
  const changes: TicketWrite = {
    status: (text("status") || "new") as TicketStatus,
    priority: (text("priority") || null) as TicketPriority | null,
    tags: splitTags(text("tags")),
    anonymous_traits: traits,
  };
  if (text("escalation")) changes.escalation_reason = text("escalation");
  return changes;
}

export function renderTicketFields(
  context: TicketFieldsContext,
): TemplateResult {
  const { ticket, strings, save } = context;
  const saving = (field: keyof Ticket) => context.isSaving(field);
  const field = (name: keyof Ticket, label: string, control: TemplateResult) =>
    html`<label
      part="field${saving(name) ? " field-saving" : ""}"
      class="field ${saving(name) ? "saving" : ""}"
      data-field=${name}
    >
      <span class="field-label"
        >${label}${saving(name) ? html` <span class="muted">${strings.saving}</span>` : nothing}</span
      >
      ${control}
    </label>`;
  const sla = slaLabel(ticket, strings, context.now, context.locale);
  return html`<div part="fields" class="fields">
    ${field(
      "status",
      strings.statusLabel,
      html`<select
        @change=${(event: Event) => save({ status: (event.target as HTMLSelectElement).value as TicketStatus })}
      >
        ${TICKET_STATUSES.map((status) => html`<option value=${status} ?selected=${ticket.status === status}>${statusLabel(status, strings)}</option>`)}
      </select>`,
    )}
    ${field(
      "priority",
      strings.priorityLabel,
      html`<select
        @change=${(event: Event) => save({ priority: ((event.target as HTMLSelectElement).value || null) as TicketPriority | null })}
      >
        <option value="" ?selected=${ticket.priority === null}>
          ${strings.priorityNone}
        </option>
        ${TICKET_PRIORITIES.map((priority) => html`<option value=${priority} ?selected=${ticket.priority === priority}>${priorityLabel(priority, strings)}</option>`)}
      </select>`,
    )}
    ${field(
      "assignee",
      strings.assigneeLabel,
      html`<input
        list="assignee-options"
        placeholder=${strings.assigneePlaceholder}
        .value=${ticket.assignee ? `${ticket.assignee.type}:${ticket.assignee.id}` : ""}
        @change=${(event: Event) => save({ assignee: parseAssignee((event.target as HTMLInputElement).value) })}
      />`,
    )}
    ${field(
      "tags",
      strings.tagsLabel,
      html`<input
        .value=${ticket.tags.join(", ")}
        @change=${(event: Event) => save({ tags: splitTags((event.target as HTMLInputElement).value) })}
      />`,
    )}
    ${field(
      "sla_due_at",
      strings.slaDueLabel,
      html`<span class="sla-field">
        <input
          type="datetime-local"
          .value=${ticket.sla_due_at ? toLocalInput(ticket.sla_due_at) : ""}
          @change=${(event: Event) => save({ sla_due_at: fromLocalInput((event.target as HTMLInputElement).value) })}
        />
        ${sla.kind === "none" ? nothing : html`<span part="sla sla-${sla.kind}" class="chip sla ${sla.kind}">${sla.text}</span>`}
      </span>`,
    )}
    ${field(
      "escalation_reason",
      strings.escalationLabel,
      html`<input
        .value=${ticket.escalation_reason ?? ""}
        @change=${(event: Event) => save({ escalation_reason: (event.target as HTMLInputElement).value.trim() || null })}
      />`,
    )}
    <label
      part="field${saving("ai_resolved") ? " field-saving" : ""}"
      class="field checkbox"
      data-field="ai_resolved"
    >
      <input
        type="checkbox"
        .checked=${ticket.ai_resolved}
        @change=${(event: Event) => save({ ai_resolved: (event.target as HTMLInputElement).checked })}
      />
      <span>${strings.aiResolvedLabel}</span>
    </label>
  </div>`;
}

export function renderCreateForm(context: CreateFormContext): TemplateResult {
  const { strings } = context;
  return html`<section
    part="detail"
    class="detail"
    aria-label=${strings.newTicket}
  >
    <header part="detail-header" class="detail-header">
      <button
        part="close-detail"
        class="icon"
        aria-label=${strings.closeDetail}
        @click=${context.onClose}
      >
        ←
      </button>
      <h3>${strings.newTicket}</h3>
    </header>
    <form
      part="create-form"
      class="create-form"
      @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        context.onCreate(
          ticketFromCreateForm(event.currentTarget as HTMLFormElement),
        );
      }}
    >
      <label
        >${strings.nameLabel} <input name="name" autocomplete="off"
      /></label>
      <label
        >${strings.emailLabel}
        <input name="email" type="email" autocomplete="off"
      /></label>
      <label
        >${strings.statusLabel}
        <select name="status">
          ${TICKET_STATUSES.map((status) => html`<option value=${status}>${statusLabel(status, strings)}</option>`)}
        </select>
      </label>
      <label
        >${strings.priorityLabel}
        <select name="priority">
          <option value="">${strings.priorityNone}</option>
          ${TICKET_PRIORITIES.map((priority) => html`<option value=${priority}>${priorityLabel(priority, strings)}</option>`)}
        </select>
      </label>
      <label
        >${strings.tagsLabel}
        <input name="tags" placeholder=${strings.tagsPlaceholder}
      /></label>
      <label>${strings.escalationLabel} <input name="escalation" /></label>
      <div class="form-actions">
        <button type="submit" class="primary">${strings.createTicket}</button>
        <button type="button" @click=${context.onClose}>
          ${strings.cancel}
        </button>
      </div>
    </form>
  </section>`;
}
