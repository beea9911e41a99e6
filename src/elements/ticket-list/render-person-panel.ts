/**
 * The person panel beside a ticket, laid out by the project's customer profile config (scope `person`): its
 * `sidebar` and then its `content` are lists of PostHog notebook nodes (`{type: 'ph-person-properties', attrs:
 * {title, properties}}`). Nodes that need data this inbox does not load (session recordings, maps) are named
 * with a note rather than silently left out; without a config the panel shows the person and every property.
 */
import { html, nothing, type TemplateResult } from "lit";
import type { CustomerProfileConfig, Ticket } from "../../api/wire-posthog.js";
import { plainExcerpt, statusLabel, ticketPerson } from "./ticket-format.js";
import type { TicketListStrings } from "./ticket-list-strings.js";

/** PostHog's node for "the person's other tickets". */
const RELATED_TICKETS_NODE = "ph-related-tickets";

interface ProfileNode {
  type: string;
  title: string | null;
  properties: string[] | null;
}

function readNodes(value: unknown): ProfileNode[] {
  const list = Array.isArray(value)
    ? value
    : Array.isArray((value as { content?: unknown } | null)?.content)
      ? (value as { content: unknown[] }).content
      : [];
  return list.flatMap((node): ProfileNode[] => {
    if (
      typeof node !== "object" ||
      node === null ||
      typeof (node as { type?: unknown }).type !== "string"
    )
      return [];
    const attrs = ((node as { attrs?: unknown }).attrs ?? {}) as {
      title?: unknown;
      properties?: unknown;
    };
    const properties = Array.isArray(attrs.properties)
      ? attrs.properties.filter(
          (name): name is string => typeof name === "string",
        )
      : null;
    return [
      {
        type: (node as { type: string }).type,
        title: typeof attrs.title === "string" ? attrs.title : null,
        properties,
      },
    ];
  });
}

/** The nodes to show: the person-scoped config's sidebar then content, or the default layout. */
export function personPanelNodes(
  configs: readonly CustomerProfileConfig[],
): ProfileNode[] {
  const config = configs.find((candidate) => candidate.scope === "person");
  const nodes = config
    ? [...readNodes(config.sidebar), ...readNodes(config.content)]
    : [];
  return nodes.length > 0
    ? nodes
    : [
        { type: "ph-person", title: null, properties: null },
        { type: "ph-person-properties", title: null, properties: null },
      ];
}

function displayValue(value: unknown, locale: string): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value))
    return new Date(value).toLocaleString(locale);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export interface PersonPanelContext {
  ticket: Ticket;
  configs: readonly CustomerProfileConfig[];
  strings: TicketListStrings;
  locale: string;
  /** The person's other tickets; `null` while they load (or when nobody asked). */
  related: readonly Ticket[] | null;
  onOpen: (ticket: Ticket) => void;
}

/** True when the configured panel lists the person's other tickets, so they are worth loading. */
export function panelShowsRelatedTickets(
  configs: readonly CustomerProfileConfig[],
): boolean {
  return personPanelNodes(configs).some(
    (node) => node.type === RELATED_TICKETS_NODE,
  );
}

/**
 * Whether `candidate` is from the same person as `ticket`: the same PostHog person, distinct id or collected
 * email. Search matches text, so its answers are checked before they are called the person's tickets.
 */
export function isSamePerson(ticket: Ticket, candidate: Ticket): boolean {
  if (candidate.id === ticket.id) return false;
  if (ticket.person && candidate.person?.id === ticket.person.id) return true;
  if (candidate.distinct_id === ticket.distinct_id) return true;
  const email = (value: Ticket) =>
    String(value.anonymous_traits?.email ?? "").toLowerCase();
  return email(ticket) !== "" && email(candidate) === email(ticket);
}

export function renderPersonPanel(context: PersonPanelContext): TemplateResult {
  const { ticket, configs, strings, locale } = context;
  const person = ticketPerson(ticket, strings);
  const properties: Record<string, unknown> = {
    ...ticket.anonymous_traits,
    ...(ticket.person?.properties ?? {}),
  };
  const renderNode = (node: ProfileNode): TemplateResult | typeof nothing => {
    switch (node.type) {
      case "ph-person":
        return html`<section class="panel-section">
          <h4>${node.title ?? strings.personLabel}</h4>
          <dl>
            <div>
              <dt>${strings.personLabel}</dt>
              <dd>${person.name}</dd>
            </div>
            ${
              person.email
                ? html`<div>
                    <dt>${strings.emailLabel}</dt>
                    <dd>${person.email}</dd>
                  </div>`
                : nothing
            }
            <div>
              <dt>ID</dt>
              <dd>${ticket.distinct_id}</dd>
            </div>
            <div>
              <dt>${strings.channelLabel}</dt>
              <dd>${ticket.channel_source}</dd>
            </div>
            <div>
              <dt>${strings.createdLabel}</dt>
              <dd>${new Date(ticket.created_at).toLocaleString(locale)}</dd>
            </div>
          </dl>
          <span
            part="identity-badge"
            class="chip ${person.identified ? "identified" : "anonymous"}"
            >${person.identified ? strings.identified : strings.anonymous}</span
          >
        </section>`;
      case "ph-person-properties": {
        const names = node.properties ?? Object.keys(properties).sort();
        return html`<section class="panel-section">
          <h4>${node.title ?? strings.propertiesLabel}</h4>
          <dl>
            ${names.map(
              (name) =>
                html`<div>
                  <dt>${name}</dt>
                  <dd>${displayValue(properties[name], locale)}</dd>
                </div>`,
            )}
          </dl>
        </section>`;
      }
      case RELATED_TICKETS_NODE:
        return html`<section class="panel-section">
          <h4>${node.title ?? strings.relatedTickets}</h4>
          ${
            context.related === null
              ? html`<p class="muted">${strings.loadingRow}</p>`
              : context.related.length === 0
                ? html`<p class="muted">${strings.noRelatedTickets}</p>`
                : html`<ul class="related">
                    ${context.related.map(
                      (other) =>
                        html`<li>
                          <button
                            part="related-ticket"
                            class="link"
                            @click=${() => context.onOpen(other)}
                          >
                            #${other.ticket_number} ·
                            ${statusLabel(other.status, strings)}
                          </button>
                          <span class="muted"
                            >${plainExcerpt(other.last_message_text)}</span
                          >
                        </li>`,
                    )}
                  </ul>`
          }
        </section>`;
      default:
        return html`<section class="panel-section unavailable">
          <h4>${node.title ?? node.type}</h4>
          <p class="muted">${strings.panelUnavailable}</p>
        </section>`;
    }
  };
  return html`<div
    part="person"
    class="person-panel"
    role="region"
    aria-label=${strings.personLabel}
  >
    ${ticket.person === null && Object.keys(ticket.anonymous_traits ?? {}).length === 0 ? html`<p class="muted">${strings.noPerson}</p>` : nothing}
    ${personPanelNodes(configs).map(renderNode)}
  </div>`;
}
