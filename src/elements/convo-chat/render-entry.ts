/**
 * One transcript entry as the person sees it: their own message with its delivery state, or the agent's
 * output (text, collapsed reasoning, tool call rows, failures, files, quick replies, unsupported content).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { AttachmentPart, ChartPart, ConvoPart } from '../../api/types.js';
import { formatString, type ConvoStrings } from '../../strings/strings.js';
import type { ChartSettings } from './chart/chart-view.js';
import type { ReplyPartRenderers } from './reply-parts.js';
import { plainText, streamingText, type TextRendererFactory } from './streaming-text.js';
import type { TranscriptEntry } from './transcript-model.js';

export interface EntryActions {
  /** Send a failed message of the person's again. */
  retry(entry: TranscriptEntry): void;
  /** Drop a failed (or still waiting) message of the person's. */
  discard(entry: TranscriptEntry): void;
  /** Whether the person may still change this unsent message (the server certainly does not have it). */
  canEdit(entry: TranscriptEntry): boolean;
  /** Change an unsent message. */
  edit(entry: TranscriptEntry): void;
  /** A suggested reply was picked. */
  quickReply(text: string): void;
  /** Ask for a failed reply again. */
  retryReply(): void;
  /** Open a file the agent produced. */
  download?(part: AttachmentPart): void;
}

/**
 * Renders a chart part (`ready`: its specification is complete). The chart code loads on first use, so the
 * host hands it in (see `chartView`) and shows a placeholder until it is there.
 */
export type ChartRenderer = (part: ChartPart, ready: boolean, settings: ChartSettings) => unknown;

export interface EntryRenderContext {
  strings: ConvoStrings;
  actions: EntryActions;
  /** How the agent's text is rendered (markdown when available). */
  agentText: TextRendererFactory;
  chart: ChartRenderer;
  /** The agent is working: quick replies and retries wait. */
  busy: boolean;
  /** Whether this is the newest entry (only its quick replies are offered). */
  isLast: boolean;
  /** Origins a chart may load data and images from (normalised, see `normalizeOrigins`). */
  chartOrigins: ReadonlySet<string>;
  /**
   * How the rarer parts of a reply are drawn, once their code has loaded (see `reply-parts`); the first ask
   * starts loading it and the host renders again when it is in.
   */
  replyParts: () => ReplyPartRenderers | undefined;
}

/**
 * What stands in for a rarer part (tool call, reasoning, file, suggested replies, sources) while its code
 * loads: the height the part first takes, so the row does not jump when it arrives.
 */
function pendingPart(kind: 'collapsed' | 'attachment' | 'quick-replies' | 'citations'): TemplateResult {
  return html`<div class="pending-part pending-${kind}" aria-busy="true"></div>`;
}

function renderAgentPart(entry: TranscriptEntry, part: ConvoPart, index: number, context: EntryRenderContext): TemplateResult | typeof nothing {
  switch (part.kind) {
    case 'text':
      // The renderer gives each block its own dir="auto"; the container keeps the page's direction.
      return html`<div part="text" class="markdown" ${streamingText(entry, index, context.agentText)}></div>
        ${part.citations && part.citations.length > 0 ? (context.replyParts()?.citations(part.citations, context) ?? pendingPart('citations')) : nothing}`;
    case 'thought':
      return context.replyParts()?.thought(entry, index, context) ?? pendingPart('collapsed');
    case 'tool-call':
      return context.replyParts()?.toolCall(entry, part, context) ?? pendingPart('collapsed');
    case 'failure':
      // Not an alert: a failure as it happens is announced once by the chat's status region; an alert would be
      // read out again whenever the row re-enters the DOM (opening the conversation, scrolling back to it).
      return html`<div part="failure">
        <span>${part.text || context.strings.generationFailed}</span>
        <button part="button retry-button" type="button" ?disabled=${context.busy} @click=${() => context.actions.retryReply()}>${context.strings.retry}</button>
      </div>`;
    case 'quick-actions':
      // Only the newest reply offers its suggestions.
      if (!context.isLast || part.actions.length === 0) return nothing;
      return context.replyParts()?.quickReplies(part, context) ?? pendingPart('quick-replies');
    case 'attachment':
      return context.replyParts()?.attachment(part, context) ?? pendingPart('attachment');
    case 'chart':
      // Drawn once the spec is complete: its item says so, or the message ended (stopped or failed).
      return html`<div part="chart">${context.chart(part, part.complete || entry.complete, { strings: context.strings, allowedOrigins: context.chartOrigins })}</div>`;
    case 'unsupported':
      return html`<p part="unsupported">${context.strings.unsupportedContent}</p>`;
    case 'tool-result':
      // Shown on the call it answers.
      return nothing;
  }
}

function editButton(entry: TranscriptEntry, { strings, actions }: EntryRenderContext): TemplateResult | typeof nothing {
  if (!actions.canEdit(entry)) return nothing;
  return html`<button part="button edit-button" type="button" @click=${() => actions.edit(entry)}>${strings.editMessage}</button>`;
}

function renderUserEntry(entry: TranscriptEntry, context: EntryRenderContext): TemplateResult {
  const { strings, actions } = context;
  return html`<article part="message message-user" data-delivery=${entry.delivery ?? 'sent'} aria-label=${strings.you}>
    <div part="bubble bubble-user">
      ${entry.parts.map((part, index) => (part.kind === 'text' ? html`<div part="text" dir="auto" ${streamingText(entry, index, plainText)}></div>` : nothing))}
    </div>
    ${entry.delivery === 'sending' ? html`<p part="delivery">${strings.sending}</p>` : nothing}
    ${entry.delivery === 'waiting-offline'
      ? html`<p part="delivery delivery-offline" role="status">
          <span>${strings.waitingOffline}</span>
          ${editButton(entry, context)}
          <button part="button discard-button" type="button" @click=${() => actions.discard(entry)}>${strings.dismiss}</button>
        </p>`
      : nothing}
    ${entry.delivery === 'failed'
      ? html`<p part="delivery delivery-failed" role="alert">
          <span>${formatString(strings.failedBecause, { reason: entry.failure ?? strings.sendFailed })}</span>
          <button part="button retry-button" type="button" ?disabled=${context.busy} @click=${() => actions.retry(entry)}>${strings.retry}</button>
          ${editButton(entry, context)}
          <button part="button discard-button" type="button" @click=${() => actions.discard(entry)}>${strings.dismiss}</button>
        </p>`
      : nothing}
  </article>`;
}

export function renderEntry(entry: TranscriptEntry, context: EntryRenderContext): TemplateResult | typeof nothing {
  if (entry.role === 'user') return renderUserEntry(entry, context);
  const visible = entry.parts.some((part) => part.kind !== 'tool-result');
  if (!visible) return nothing;
  return html`<article part="message message-agent" aria-label=${context.strings.agent}>
    <div part="bubble bubble-agent">${entry.parts.map((part, index) => renderAgentPart(entry, part, index, context))}</div>
    ${entry.stopped ? html`<p part="stopped-note">${context.strings.replyStopped}</p>` : nothing}
  </article>`;
}
