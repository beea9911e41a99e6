/**
 * One queue row: who, which ticket, where it came from, the last message, how long ago, unread and SLA. SLA is
 * said in words as well as colour, so it reads the same to everyone.
 */
import { html, nothing, type TemplateResult } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import type { Ticket } from "../../api/wire-posthog.js";
import { formatString } from "../../strings/strings.js";
import {
  avatarHue,
  plainExcerpt,
  priorityLabel,
  statusLabel,
  ticketPerson,
} from "./ticket-format.js";
import type { TicketListStrings } from "./ticket-list-strings.js";
import { formatDuration, slaState } from "./ticket-time.js";

export interface RowContext {
  strings: TicketListStrings;
  locale: string;
  now: number;
  total: number;
  activeIndex: number;
  openTicketId: string | null;
  rowHeight: number;
}

export function rowId(index: number): string {
  return `ticket-row-${index}`;
}

/** The SLA words and the part naming its state (`sla sla-breached`). */
export function slaLabel(
  ticket: Ticket,
  strings: TicketListStrings,
  now: number,
  locale: string,
): { kind: string; text: string } {
  const sla = slaState(ticket.sla_due_at, now);
  const time =
    sla.remainingMs === null ? "" : formatDuration(sla.remainingMs, locale);
  switch (sla.kind) {
    case "breached":
      return {
        kind: sla.kind,
        text: formatString(strings.slaBreached, { time }),
      };
    case "at-risk":
      return {
        kind: sla.kind,
        text: formatString(strings.slaAtRisk, { time }),
      };
    case "on-track":
      return {
        kind: sla.kind,
        text: formatString(strings.slaOnTrack, { time }),
      };
    default:
      return { kind: sla.kind, text: strings.slaNone };
  }
}

export function renderAvatar(
  ticket: Ticket,
  strings: TicketListStrings,
): TemplateResult {
  const person = ticketPerson(ticket, strings);
  const hue = avatarHue(ticket.person?.id ?? ticket.distinct_id ?? person.name);
  return html`<span
    part="avatar ${person.identified ? "avatar-identified" : "avatar-anonymous"}"
    class="avatar ${person.identified ? "identified" : "anonymous"}"
    style=${styleMap({ "--_avatar-hue": String(hue) })}
    aria-hidden="true"
    >${person.initials}</span
  >`;
}

export function renderTicketRow(
  ticket: Ticket | undefined,
  index: number,
  context: RowContext,
): TemplateResult {
  const { strings, now, locale } = context;
  const position = { transform: `translateY(${index * context.rowHeight}px)` };
  const common = {
    id: rowId(index),
    active: index === context.activeIndex,
  };
  if (!ticket) {
    return html`<div
      part="row row-loading"
      class="row loading"
      role="option"
      id=${common.id}
      aria-selected=${common.active ? "true" : "false"}
      aria-setsize=${context.total}
      aria-posinset=${index + 1}
      style=${styleMap(position)}
    >
      <span class="placeholder">${strings.loadingRow}</span>
    </div>`;
  }
  const person = ticketPerson(ticket, strings);
  const sla = slaLabel(ticket, strings, now, locale);
  const updated = formatString(strings.updatedAgo, {
    time: formatDuration(now - Date.parse(ticket.updated_at), locale),
  });
  const unread = ticket.unread_team_count;
  const isOpen = ticket.id === context.openTicketId;
  return html`<div
    part="row${common.active ? " row-active" : ""}${isOpen ? " row-open" : ""}${unread > 0 ? " row-unread" : ""}"
    class="row ${common.active ? "active" : ""} ${isOpen ? "open" : ""} ${unread > 0 ? "unread" : ""}"
    role="option"
    id=${common.id}
    aria-selected=${common.active ? "true" : "false"}
    aria-current=${isOpen ? "true" : "false"}
    aria-setsize=${context.total}
    aria-posinset=${index + 1}
    data-ticket-id=${ticket.id}
    style=${styleMap(position)}
  >
    ${renderAvatar(ticket, strings)}
    <span class="row-main">
      <span class="row-line">
        <span part="person-name" class="person-name">${person.name}</span>
        <span part="identity" class="visually-hidden"
          >${person.identified ? strings.identified : strings.anonymous}</span
        >
        <span part="number" class="number">#${ticket.ticket_number}</span>
        <span part="channel" class="channel">${ticket.channel_source}</span>
        <span
          part="time"
          class="time"
          title=${new Date(ticket.updated_at).toLocaleString(locale)}
          >${updated}</span
        >
        ${unread > 0 ? html`<span part="unread" class="unread-badge" aria-label=${formatString(strings.unreadBadge, { count: unread })}>${unread}</span>` : nothing}
      </span>
      <span part="excerpt" class="excerpt"
        >${plainExcerpt(ticket.last_message_text)}</span
      >
      <span class="row-line chips">
        <span
          part="status status-${ticket.status}"
          class="chip status ${ticket.status}"
          >${statusLabel(ticket.status, strings)}</span
        >
        ${
          ticket.priority
            ? html`<span
                part="priority priority-${ticket.priority}"
                class="chip priority ${ticket.priority}"
                >${priorityLabel(ticket.priority, strings)}</span
              >`
            : nothing
        }
        ${sla.kind === "none" ? nothing : html`<span part="sla sla-${sla.kind}" class="chip sla ${sla.kind}">${sla.text}</span>`}
        ${ticket.tags.map((tag) => html`<span part="tag" class="chip tag">${tag}</span>`)}
      </span>
    </span>
  </div>`;
}
