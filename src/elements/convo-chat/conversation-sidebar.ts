/**
 * The list of conversations beside `<convo-chat>`'s transcript (`show-conversations`): paged, newest first,
 * new conversation, open one, delete one after asking. Loaded the first time the list is shown.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ConvoClient } from '../../api/client.js';
import type { ChatSessionController } from '../../controllers/chat-session-controller.js';
import { ConversationListController } from '../../controllers/conversation-list-controller.js';
import { ConvoConversationDeletedEvent } from '../../events/convo-events.js';
import { formatString, type ConvoStrings } from '../../strings/strings.js';
import type { FeatureModule } from './lazy-feature.js';

export interface SidebarHost extends ReactiveControllerHost, HTMLElement {
  readonly text: ConvoStrings;
  readonly activeClient: ConvoClient | undefined;
  readonly session: ChatSessionController;
  readonly showConversations: boolean;
  readonly conversationPageSize: number;
  readonly renderRoot: HTMLElement | DocumentFragment;
  open(conversationId: string | null): Promise<void>;
}

const styles = css`
  /* Small screens: the list lies over the transcript instead of squeezing it. */
  @media (max-width: 40rem) {
    [part='sidebar'] {
      position: absolute;
      inset-block: 0;
      inset-inline-start: 0;
      z-index: 2;
      width: min(18rem, 85%);
      box-shadow: var(--_shadow);
    }
  }

  [part='sidebar'] {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    flex: none;
    width: var(--convo-sidebar-width, 16rem);
    padding: var(--_gap);
    border-inline-end: 1px solid var(--_border);
    background: var(--_surface-raised);
    min-height: 0;
  }

  [part='conversation-list'] {
    flex: 1;
    min-height: 0;
    margin: 0;
    padding: 0;
    list-style: none;
    overflow-y: auto;
  }

  [part~='conversation-item'] {
    display: flex;
    align-items: center;
    gap: 2px;
    border-radius: var(--_radius-small);
  }

  [part~='conversation-item']:hover {
    background: var(--_surface-sunken);
  }

  [part='conversation-open'] {
    flex: 1;
    min-width: 0;
    padding: 0.4em 0.5em;
    border: 0;
    background: transparent;
    text-align: start;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    border-radius: var(--_radius-small);
  }

  [part='conversation-open'][aria-current='page'] {
    font-weight: 600;
    background: var(--_surface-sunken);
  }

  /* The scrolling list clips its content: a focus ring is drawn just inside, where it stays visible. */
  [part='conversation-list'] :focus-visible {
    outline-offset: -2px;
  }

  [part~='conversation-delete'] {
    border-color: transparent;
    background: transparent;
    color: var(--_text-muted);
    padding: 0.3em 0.45em;
  }

  [part~='conversation-confirm'] {
    flex-direction: column;
    align-items: stretch;
    gap: 0.4em;
    padding: 0.5em;
    background: var(--_danger-surface);
    font-size: 0.9em;
  }

  [part~='confirm-delete'] {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_surface);
  }

  [part='conversation-list-empty'],
  [part='conversation-list-loading'] {
    margin: 0;
    color: var(--_text-muted);
    font-size: 0.9em;
  }
`;

export class ConversationSidebar implements ReactiveController {
  private readonly host: SidebarHost;
  private readonly list: ConversationListController;
  /** The conversation whose deletion waits for the person's confirmation. */
  private confirmingDelete: string | undefined;
  /** The confirmation just appeared: focus goes to its safe answer once it is rendered. */
  private focusCancel = false;

  constructor(host: SidebarHost) {
    this.host = host;
    this.list = new ConversationListController(host, {
      onError: (error, operation) => host.session.reportProblem(operation, error, operation === 'list-conversations' ? () => this.list.loadMore() : undefined),
    });
    host.addController(this);
  }

  hostUpdate(): void {
    this.list.setClient(this.host.activeClient);
    this.list.pageSize = this.host.conversationPageSize;
    if (this.host.showConversations) this.list.ensureLoaded();
  }

  hostUpdated(): void {
    if (!this.focusCancel) return;
    this.focusCancel = false;
    this.host.renderRoot.querySelector<HTMLButtonElement>('[part~="cancel-delete"]')?.focus();
  }

  /** A conversation was created or renamed here: it moves to the top, as the server would order it. */
  upsert(id: string, title: string): void {
    this.list.upsert({ id, title });
  }

  render(): TemplateResult {
    const { list, host } = this;
    return html`<nav part="sidebar" id="sidebar" aria-label=${host.text.conversations}>
      <button part="button new-conversation" type="button" @click=${() => void host.open(null)}>${host.text.newConversation}</button>
      <ul part="conversation-list" @scroll=${this.handleListScroll}>
        ${repeat(list.items, (conversation) => conversation.id, (conversation) => this.renderConversationItem(conversation.id, conversation.title))}
      </ul>
      ${list.loaded && list.items.length === 0 ? html`<p part="conversation-list-empty">${host.text.noConversations}</p>` : nothing}
      ${list.loading ? html`<p part="conversation-list-loading" role="status">${host.text.loading}</p>` : nothing}
      ${list.hasMore && !list.loading
        ? html`<button part="button load-more" type="button" @click=${() => list.loadMore()}>${host.text.loadMore}</button>`
        : nothing}
    </nav>`;
  }

  private renderConversationItem(id: string, title: string | null): TemplateResult {
    const text = this.host.text;
    const name = title || text.untitledConversation;
    if (this.confirmingDelete === id) {
      return html`<li part="conversation-item conversation-confirm">
        <span role="alert">${formatString(text.confirmDelete, { title: name })}</span>
        <span class="actions">
          <button part="button confirm-delete" type="button" @click=${() => void this.deleteConversation(id)}>${text.deleteConversation}</button>
          <button part="button cancel-delete" type="button" @click=${() => void this.cancelDelete(id)}>${text.cancel}</button>
        </span>
      </li>`;
    }
    const current = id === this.host.session.conversationId;
    return html`<li part="conversation-item">
      <button part="conversation-open" type="button" dir="auto" aria-current=${current ? 'page' : 'false'} @click=${() => void this.host.open(id)}>${name}</button>
      <button
        part="button conversation-delete"
        type="button"
        data-conversation-id=${id}
        aria-label=${`${text.deleteConversation}: ${name}`}
        title=${text.deleteConversation}
        @click=${() => this.askToDelete(id)}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M3 4.5h10M6.5 4.5V3h3v1.5M5 4.5l.6 8.5h4.8l.6-8.5" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round" />
        </svg>
      </button>
    </li>`;
  }

  private readonly handleListScroll = (event: Event): void => {
    const list = event.currentTarget as HTMLElement;
    if (list.scrollHeight - list.scrollTop - list.clientHeight < 80) this.list.loadMore();
  };

  private askToDelete(id: string): void {
    this.confirmingDelete = id;
    this.focusCancel = true;
    this.host.requestUpdate();
  }

  /** Not deleted after all: focus goes back to the button that asked. */
  private async cancelDelete(id: string): Promise<void> {
    this.confirmingDelete = undefined;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const buttons = this.host.renderRoot.querySelectorAll<HTMLButtonElement>('[part~="conversation-delete"]');
    [...buttons].find((button) => button.dataset['conversationId'] === id)?.focus();
  }

  private async deleteConversation(id: string): Promise<void> {
    this.confirmingDelete = undefined;
    this.host.requestUpdate();
    if (!(await this.list.remove(id))) return;
    this.host.dispatchEvent(new ConvoConversationDeletedEvent({ conversationId: id }));
    if (id === this.host.session.conversationId) await this.host.open(null);
  }
}

export const feature: FeatureModule<SidebarHost, ConversationSidebar> = { styles, create: (host) => new ConversationSidebar(host) };
