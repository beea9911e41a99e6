import { LitElement, html, nothing, css, type PropertyValues } from "lit";
import { property, query, state } from "lit/decorators.js";
import type { TicketComment } from "../../api/wire-posthog.js";
import { formatString } from "../../strings/strings.js";
import { baseStyles, themeTokens } from "../convo-chat/chat-theme.js";
import { markdownStyles } from "../convo-chat/markdown.styles.js";
import { markdownBody } from "./markdown-body.js";
import { DraftController } from "../../controllers/draft-controller.js";
import type { DraftStore } from "../../store/drafts.js";
import { TicketErrorEvent, TicketRepliedEvent } from "./ticket-list-events.js";
import {
  describeError,
  describeSuggestError,
  retryAfterSeconds,
} from "./ticket-format.js";
import {
  englishTicketListStrings,
  type TicketListStrings,
} from "./ticket-list-strings.js";
import type { TicketListClient } from "./ticket-source.js";
import { formatDuration } from "./ticket-time.js";

/** Reply drafts share the drafts database with the chat; the prefix keeps tickets apart from conversations. */
function draftKey(ticketId: string): string {
  return `ticket-reply:${ticketId}`;
}

type ThreadStatus = "idle" | "loading" | "ready" | "error";

/**
 * A ticket's conversation: customer messages, team replies and internal notes (PostHog comments), oldest first,
 * with the reply box below. Used inside `<ticket-list>`; a host can also place it beside its own list.
 *
 * @summary A support ticket's thread with a reply box, internal notes and AI-suggested replies.
 *
 * @fires ticket-replied - A reply or internal note was saved.
 * @fires ticket-error - Loading, sending or suggesting failed (the element shows it too).
 *
 * @csspart thread - The list of messages.
 * @csspart message - One message; also `message-customer`, `message-team`, `message-ai`, `message-internal`.
 * @csspart message-author - Who wrote a message.
 * @csspart message-internal-label - The "Internal note" mark on a private comment.
 * @csspart message-time - When it was written.
 * @csspart message-body - Its text.
 * @csspart composer - The reply box.
 * @csspart mode - The reply / internal note switch; its buttons are `mode-public`, `mode-internal`.
 * @csspart reply-input - The text area.
 * @csspart send - The send button.
 * @csspart suggest - The suggest reply button.
 * @csspart suggest-error - Why no suggestion came (403, 400, 500, 429 with the wait).
 * @csspart error - A failed load or send.
 *
 * @cssprop [--convo-note-bg] - Background of internal notes.
 */
export class TicketThread extends LitElement {
  static override styles = [
    themeTokens,
    baseStyles,
    markdownStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        --_note-bg: var(--convo-note-bg, var(--_warning-surface));
      }
      .thread {
        flex: 1;
        overflow-y: auto;
        display: flex;
        flex-direction: column;
        gap: var(--_gap);
        padding: var(--_space);
        margin: 0;
        list-style: none;
      }
      .message {
        max-width: 85%;
        padding: var(--_gap) var(--_space);
        border-radius: var(--_radius);
        border: 1px solid var(--_border);
        background: var(--_surface-raised);
      }
      .message.team,
      .message.ai {
        align-self: flex-end;
        background: var(--_surface-sunken);
      }
      .message.internal {
        background: var(--_note-bg);
        border: 1px dashed var(--_warning-border);
      }
      .meta {
        display: flex;
        gap: var(--_gap);
        font-size: 0.8em;
        color: var(--_text-muted);
      }
      .author {
        font-weight: 600;
        color: var(--_text);
      }
      .body {
        overflow-wrap: anywhere;
      }
      .composer {
        border-top: 1px solid var(--_border);
        padding: var(--_space);
        display: grid;
        gap: var(--_gap);
      }
      .composer.internal textarea {
        background: var(--_note-bg);
      }
      .mode {
        display: flex;
        gap: 4px;
      }
      .mode button,
      .actions button {
        border: 1px solid var(--_border);
        background: var(--_surface);
        border-radius: var(--_radius-small);
        padding: 4px 10px;
      }
      .mode button[aria-pressed="true"] {
        background: var(--_accent);
        border-color: var(--_accent);
        color: var(--_accent-text);
      }
      textarea {
        font: inherit;
        color: inherit;
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: var(--_radius-small);
        padding: var(--_gap);
        min-height: 5.5em;
        resize: vertical;
      }
      .actions {
        display: flex;
        gap: var(--_gap);
        align-items: center;
        flex-wrap: wrap;
      }
      .actions .send {
        margin-inline-start: auto;
        background: var(--_accent);
        color: var(--_accent-text);
        border-color: var(--_accent);
      }
      .problem {
        color: var(--_danger);
        font-size: 0.875em;
      }
      .empty,
      .status {
        color: var(--_text-muted);
        padding: var(--_space);
      }
    `,
  ];

  /** The client; `<ticket-list>` passes its own. */
  @property({ attribute: false }) client: TicketListClient | undefined;
  /** The ticket's uuid. */
  @property({ attribute: "ticket-id" }) ticketId = "";
  @property({ attribute: false }) strings: TicketListStrings =
    englishTicketListStrings;
  @property() locale = "en";
  /** `light` or `dark`; follows the system when unset (`<ticket-list>` passes its own). */
  @property({ reflect: true }) theme: "light" | "dark" | undefined;

  /** Where reply drafts are kept (one per ticket); the shared drafts database when unset. */
  @property({ attribute: false }) draftStore: DraftStore | undefined;

  @state() private comments: TicketComment[] = [];
  @state() private status: ThreadStatus = "idle";
  @state() private loadError = "";
  @state() private internal = false;
  @state() private draft = "";
  @state() private sending = false;
  @state() private sendError = "";
  @state() private suggesting = false;
  @state() private suggestError = "";
  /** While the server asked us to wait (429), when it will accept again. */
  @state() private suggestRetryAt = 0;
  @state() private now = Date.now();

  @query("textarea") private textarea!: HTMLTextAreaElement | null;

  private readonly drafts = new DraftController(this);
  private loadController: AbortController | undefined;
  private countdown: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.addController({
      hostDisconnected: () => {
        this.loadController?.abort();
        clearInterval(this.countdown);
      },
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      (changed.has("ticketId") || changed.has("client")) &&
      this.ticketId !== ""
    )
      void this.load();
    if (changed.has("draftStore") && this.draftStore)
      this.drafts.store = this.draftStore;
    if (changed.has("ticketId")) {
      this.draft = "";
      this.sendError = "";
      this.suggestError = "";
      if (this.ticketId !== "") void this.restoreDraft(this.ticketId);
    }
  }

  /** What was typed for this ticket before (another ticket, a reload) comes back. */
  private async restoreDraft(ticketId: string): Promise<void> {
    const text = await this.drafts.restore(draftKey(ticketId));
    if (this.ticketId === ticketId && this.draft === "") this.draft = text;
  }

  private setDraft(text: string): void {
    this.draft = text;
    this.drafts.update(draftKey(this.ticketId), text);
  }

  /** Moves focus into the reply box (the `r` shortcut). */
  focusReply(): void {
    this.textarea?.focus();
  }

  /** Reads the thread again (after the ticket changed elsewhere). */
  async load(): Promise<void> {
    const client = this.client;
    if (!client || this.ticketId === "") return;
    this.loadController?.abort();
    const controller = new AbortController();
    this.loadController = controller;
    this.status = "loading";
    try {
      const comments: TicketComment[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof client.comments.list>> =
          await client.comments.list(this.ticketId, {
            cursor,
            limit: 100,
            signal: controller.signal,
          });
        comments.push(...page.items);
        cursor = page.next;
      } while (cursor !== null);
      if (controller.signal.aborted) return;
      this.comments = comments
        .filter((comment) => comment.deleted !== true)
        .sort((a, b) => a.created_at.localeCompare(b.created_at));
      this.status = "ready";
    } catch (error) {
      if (controller.signal.aborted) return;
      this.status = "error";
      this.loadError = describeError(error, this.strings);
      this.dispatchEvent(
        new TicketErrorEvent({
          operation: "comments",
          error,
          message: this.loadError,
        }),
      );
    }
  }

  private async send(): Promise<void> {
    const client = this.client;
    const content = this.draft.trim();
    if (!client || content === "" || this.sending) return;
    const internal = this.internal;
    // The person may open another ticket while this one sends: the answer belongs to this one only.
    const ticketId = this.ticketId;
    this.sending = true;
    this.sendError = "";
    try {
      const comment = await client.comments.create(ticketId, {
        content,
        isPrivate: internal,
      });
      void this.drafts.clear(draftKey(ticketId));
      const stillOpen = this.ticketId === ticketId;
      if (stillOpen) {
        this.comments = [...this.comments, comment];
        this.draft = "";
      }
      // Listeners see the element as it is after the send: the message shown, the box free again.
      this.sending = false;
      this.dispatchEvent(new TicketRepliedEvent(ticketId, comment, internal));
      if (!stillOpen) return;
      await this.updateComplete;
      this.renderRoot
        .querySelector(".thread")
        ?.lastElementChild?.scrollIntoView({ block: "nearest" });
    } catch (error) {
      this.sendError = describeError(error, this.strings);
      this.dispatchEvent(
        new TicketErrorEvent({
          operation: "reply",
          error,
          message: this.sendError,
        }),
      );
    } finally {
      this.sending = false;
    }
  }

  private async suggest(): Promise<void> {
    const client = this.client;
    if (!client || this.suggesting || this.suggestRetryAt > Date.now()) return;
    const ticketId = this.ticketId;
    this.suggesting = true;
    this.suggestError = "";
    try {
      const suggestion = await client.tickets.suggestReply(ticketId);
      if (this.ticketId !== ticketId) return;
      this.internal = false;
      this.setDraft(suggestion);
      await this.updateComplete;
      this.focusReply();
    } catch (error) {
      const seconds = retryAfterSeconds(error);
      if (seconds !== null) this.waitBeforeSuggesting(seconds);
      this.suggestError = describeSuggestError(error, this.strings);
      this.dispatchEvent(
        new TicketErrorEvent({
          operation: "suggest-reply",
          error,
          message: this.suggestError,
        }),
      );
    } finally {
      this.suggesting = false;
    }
  }

  /** Shows the server's wait counting down, and keeps the button off until it is over. */
  private waitBeforeSuggesting(seconds: number): void {
    this.suggestRetryAt = Date.now() + seconds * 1000;
    this.now = Date.now();
    clearInterval(this.countdown);
    this.countdown = setInterval(() => {
      this.now = Date.now();
      if (this.now >= this.suggestRetryAt) {
        clearInterval(this.countdown);
        this.suggestRetryAt = 0;
        this.suggestError = "";
      } else {
        this.suggestError = formatString(this.strings.rateLimited, {
          seconds: Math.ceil((this.suggestRetryAt - this.now) / 1000),
        });
      }
    }, 1000);
  }

  private handleKeydown(event: KeyboardEvent): void {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void this.send();
    }
  }

  private authorOf(comment: TicketComment): {
    kind: "customer" | "team" | "ai";
    label: string;
  } {
    const type = comment.item_context?.author_type;
    if (type === "customer")
      return { kind: "customer", label: this.strings.customer };
    if (type === "AI") return { kind: "ai", label: this.strings.ai };
    const user = comment.created_by;
    const name =
      [user?.first_name, user?.last_name].filter(Boolean).join(" ") ||
      user?.email ||
      this.strings.team;
    return { kind: "team", label: name };
  }

  private renderMessage(comment: TicketComment) {
    const author = this.authorOf(comment);
    const internal = comment.item_context?.is_private === true;
    const time = formatString(this.strings.updatedAgo, {
      time: formatDuration(
        this.now - Date.parse(comment.created_at),
        this.locale,
      ),
    });
    return html`<li
      part="message message-${author.kind}${internal ? " message-internal" : ""}"
      class="message ${author.kind} ${internal ? "internal" : ""}"
    >
      <div class="meta">
        <span part="message-author" class="author">${author.label}</span>
        ${internal ? html`<span part="message-internal-label">${this.strings.internalNote}</span>` : nothing}
        <time part="message-time" datetime=${comment.created_at}>${time}</time>
      </div>
      <div
        part="message-body"
        class="body markdown"
        ${markdownBody(comment.content ?? "")}
      ></div>
    </li>`;
  }

  private renderThread() {
    if (this.status === "error") {
      return html`<div part="error" class="problem status" role="alert">
        ${this.loadError}
        <button @click=${() => void this.load()}>${this.strings.retry}</button>
      </div>`;
    }
    if (this.status === "loading" && this.comments.length === 0)
      return html`<p class="status" role="status">
        ${this.strings.loadingRow}
      </p>`;
    if (this.comments.length === 0)
      return html`<p class="empty">${this.strings.noMessages}</p>`;
    return html`<ol
      part="thread"
      class="thread"
      aria-label=${this.strings.threadLabel}
      tabindex="0"
    >
      ${this.comments.map((comment) => this.renderMessage(comment))}
    </ol>`;
  }

  private renderComposer() {
    const { strings } = this;
    const waiting = this.suggestRetryAt > this.now;
    return html`<div
      part="composer"
      class="composer ${this.internal ? "internal" : ""}"
    >
      <div
        part="mode"
        class="mode"
        role="group"
        aria-label=${strings.replyLabel}
      >
        <button
          part="mode-public"
          aria-pressed=${this.internal ? "false" : "true"}
          @click=${() => (this.internal = false)}
        >
          ${strings.replyPublic}
        </button>
        <button
          part="mode-internal"
          aria-pressed=${this.internal ? "true" : "false"}
          @click=${() => (this.internal = true)}
        >
          ${strings.replyInternal}
        </button>
      </div>
      <textarea
        part="reply-input"
        aria-label=${this.internal ? strings.replyInternal : strings.replyLabel}
        placeholder=${this.internal ? strings.notePlaceholder : strings.replyPlaceholder}
        .value=${this.draft}
        @input=${(event: Event) => this.setDraft((event.target as HTMLTextAreaElement).value)}
        @keydown=${this.handleKeydown}
      ></textarea>
      ${this.sendError ? html`<p part="error" class="problem" role="alert">${this.sendError}</p>` : nothing}
      <div class="actions">
        <button
          part="suggest"
          ?disabled=${this.suggesting || waiting}
          @click=${() => void this.suggest()}
        >
          ${this.suggesting ? strings.suggesting : strings.suggestReply}
        </button>
        ${this.suggestError ? html`<span part="suggest-error" class="problem" role="status">${this.suggestError}</span>` : nothing}
        <button
          part="send"
          class="send"
          ?disabled=${this.sending || this.draft.trim() === ""}
          @click=${() => void this.send()}
        >
          ${this.sending ? strings.sending : this.internal ? strings.addNote : strings.send}
        </button>
      </div>
    </div>`;
  }

  protected override render() {
    return html`${this.renderThread()}${this.renderComposer()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ticket-thread": TicketThread;
  }
}
