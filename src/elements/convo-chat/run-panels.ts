/**
 * What waits above `<convo-chat>`'s composer while the agent works: pending approvals (tool, preview, payload
 * on demand, approve or reject) and the follow-ups queued for the agent (edit, remove). Loaded the first
 * time there is one to show.
 */
import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { PendingApproval } from '../../api/types.js';
import type { ChatSessionController, QueuedFollowUp } from '../../controllers/chat-session-controller.js';
import { formatString, type ConvoStrings } from '../../strings/strings.js';
import type { FeatureModule } from './lazy-feature.js';

export interface RunPanelsHost extends ReactiveControllerHost {
  readonly text: ConvoStrings;
  readonly session: ChatSessionController;
}

const styles = css`
  [part='approval'] {
    margin: 0 var(--_space) var(--_gap);
    padding: 0.6em 0.8em;
    border: 1px solid var(--_warning-border);
    border-radius: var(--_radius-small);
    background: var(--_warning-surface);
  }

  [part='approval'] p {
    margin: 0 0 0.4em;
  }

  .approval-title {
    font-weight: 600;
  }

  .approval-preview {
    font-family: var(--_mono);
    font-size: 0.9em;
    white-space: pre-wrap;
  }

  [part='approval-payload'] pre {
    max-height: 12rem;
    overflow: auto;
    margin: 0.3em 0;
    font-size: 0.85em;
  }

  [part~='approve-button'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }

  [part='queue'] {
    margin: 0 var(--_space);
    padding: 0.4em 0.6em;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_surface-raised);
    font-size: 0.9em;
  }

  .queue-title {
    margin: 0 0 0.3em;
    color: var(--_text-muted);
    font-size: 0.9em;
  }

  [part='queue'] ol {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 0.3em;
  }

  [part='queue-item'] {
    display: flex;
    align-items: center;
    gap: var(--_gap);
  }

  .queue-text {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }

  .queue-local {
    color: var(--_text-muted);
    font-size: 0.85em;
  }

  .queue-edit {
    display: flex;
    flex: 1;
    gap: var(--_gap);
  }

  [part='queue-input'] {
    flex: 1;
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    resize: none;
  }
`;

export class RunPanels {
  private readonly host: RunPanelsHost;
  /** The queued follow-up being edited in place. */
  private editingQueueKey: string | undefined;

  constructor(host: RunPanelsHost) {
    this.host = host;
  }

  render(): TemplateResult {
    return html`${this.host.session.approvals.map((approval) => this.renderApproval(approval))} ${this.renderQueue()}`;
  }

  private renderApproval(approval: PendingApproval): TemplateResult {
    const { text, session } = this.host;
    const busy = session.busy;
    return html`<section part="approval" aria-label=${text.approvalTitle}>
      <p class="approval-title">${text.approvalTitle}</p>
      <p dir="auto">${formatString(text.approvalBody, { name: approval.tool_name })}</p>
      ${approval.preview ? html`<p class="approval-preview" dir="auto">${String(approval.preview)}</p>` : nothing}
      ${approval.payload !== undefined && approval.payload !== null
        ? html`<details part="approval-payload"><summary>${text.approvalPayload}</summary><pre dir="ltr">${JSON.stringify(approval.payload, null, 2)}</pre></details>`
        : nothing}
      <div class="actions">
        <button part="button approve-button" type="button" ?disabled=${busy} @click=${() => void session.decide(approval, 'approve')}>${text.approve}</button>
        <button part="button reject-button" type="button" ?disabled=${busy} @click=${() => void session.decide(approval, 'reject')}>${text.reject}</button>
      </div>
    </section>`;
  }

  private renderQueue(): TemplateResult | typeof nothing {
    const { text, session } = this.host;
    const queue = session.queue;
    if (queue.length === 0) return nothing;
    return html`<section part="queue" aria-label=${formatString(text.queueTitle, { count: queue.length })}>
      <p class="queue-title">${formatString(text.queueTitle, { count: queue.length })}</p>
      <ol>
        ${repeat(queue, (item) => item.key, (item) => this.renderQueueItem(item))}
      </ol>
    </section>`;
  }

  private renderQueueItem(item: QueuedFollowUp): TemplateResult {
    const { text, session } = this.host;
    const editing = this.editingQueueKey === item.key;
    const waitingLocally = item.serverId === undefined;
    return html`<li part="queue-item">
      ${editing
        ? html`<form class="queue-edit" @submit=${(event: SubmitEvent) => this.saveQueueEdit(event, item)}>
            <textarea part="queue-input" aria-label=${text.queueItemLabel} .value=${item.content}></textarea>
            <button part="button" type="submit">${text.queueSave}</button>
            <button part="button" type="button" @click=${() => this.editQueued(undefined)}>${text.queueCancelEdit}</button>
          </form>`
        : html`<span class="queue-text" dir="auto">${item.content}</span>
            ${waitingLocally ? html`<span class="queue-local">${text.queueWaitingLocally}</span>` : nothing}
            <button part="button queue-edit-button" type="button" @click=${() => this.editQueued(item.key)}>${text.queueEdit}</button>
            <button part="button queue-remove-button" type="button" @click=${() => void session.removeQueued(item)}>${text.queueRemove}</button>`}
    </li>`;
  }

  private editQueued(key: string | undefined): void {
    this.editingQueueKey = key;
    this.host.requestUpdate();
  }

  private saveQueueEdit(event: SubmitEvent, item: QueuedFollowUp): void {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).querySelector('textarea');
    this.editQueued(undefined);
    void this.host.session.editQueued(item, input?.value ?? item.content);
  }
}

export const feature: FeatureModule<RunPanelsHost, RunPanels> = { styles, create: (host) => new RunPanels(host) };
