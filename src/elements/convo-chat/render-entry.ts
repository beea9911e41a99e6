/**
 * One transcript entry as the person sees it: their own message with its delivery state, or the agent's
 * output (text, collapsed reasoning, tool call rows, failures, files, quick replies, unsupported content).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { AttachmentPart, ChartPart, ConvoPart, QuickActionsPart, ToolCallPart } from '../../api/types.js';
import { safeLinkHref } from '../../markdown/url-policy.js';
import { formatString, type ConvoStrings } from '../../strings/strings.js';
import type { ChartSettings } from './chart/chart-view.js';
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
}

function formatJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? '';
}

/** A block that may scroll: focusable and named, so keyboard users can scroll it too. */
function scrollablePre(partName: string, label: string, text: string): TemplateResult {
  return html`<pre part=${partName} tabindex="0" role="region" aria-label=${label}>${text}</pre>`;
}

function renderToolCall(entry: TranscriptEntry, part: ToolCallPart, context: EntryRenderContext): TemplateResult {
  const { strings } = context;
  const progress = entry.progress.get(part.toolCallId) ?? [];
  const label =
    part.status === 'failed' ? strings.toolFailed : part.status === 'finished' ? strings.toolFinished : strings.toolRunning;
  const hasArgs = part.args !== undefined && part.args !== null && !(typeof part.args === 'object' && Object.keys(part.args).length === 0);
  const args = hasArgs ? part.args : part.argumentsRaw;
  return html`<details part="tool-call" data-status=${part.status}>
    <summary part="tool-call-summary">
      <span class="tool-status" aria-hidden="true"></span>
      <span part="tool-call-name">${formatString(label, { name: part.name })}</span>
      ${progress.length > 0 && part.status !== 'finished' ? html`<span part="tool-call-progress">${progress[progress.length - 1]}</span>` : nothing}
    </summary>
    ${args !== undefined && args !== '' ? html`<p class="tool-label">${strings.toolArguments}</p>${scrollablePre('tool-call-arguments', strings.toolArguments, formatJson(args))}` : nothing}
    ${progress.length > 0 ? html`<ul part="tool-call-updates">${progress.map((line) => html`<li>${line}</li>`)}</ul>` : nothing}
    ${part.result !== undefined && part.result !== null && part.result !== ''
      ? html`<p class="tool-label">${strings.toolResult}</p>${scrollablePre('tool-call-result', strings.toolResult, formatJson(part.result))}`
      : nothing}
    ${part.error ? html`<p part="tool-call-error">${part.error}</p>` : nothing}
  </details>`;
}

function renderQuickReplies(part: QuickActionsPart, context: EntryRenderContext): TemplateResult | typeof nothing {
  if (!context.isLast || part.actions.length === 0) return nothing;
  return html`<div part="quick-replies" role="group" aria-label=${context.strings.quickReplies}>
    ${part.actions.map((action) => {
      // The agent wrote the link: only http, https and mailto open; any other (javascript:) sends its words.
      const href = action.href ? safeLinkHref(action.href) : null;
      return href !== null
        ? html`<a part="quick-reply" href=${href} target="_blank" rel="noopener noreferrer">${action.label}</a>`
        : html`<button part="button quick-reply" type="button" ?disabled=${context.busy} @click=${() => context.actions.quickReply(action.value)}>
            ${action.label}
          </button>`;
    })}
  </div>`;
}

function renderAttachment(part: AttachmentPart, context: EntryRenderContext): TemplateResult {
  return html`<div part="attachment">
    <span part="attachment-name">${part.name}</span>
    <button part="button download-button" type="button" @click=${() => context.actions.download?.(part)}>${context.strings.download}</button>
  </div>`;
}

function renderAgentPart(entry: TranscriptEntry, part: ConvoPart, index: number, context: EntryRenderContext): TemplateResult | typeof nothing {
  switch (part.kind) {
    case 'text':
      // The renderer gives each block its own dir="auto"; the container keeps the page's direction.
      return html`<div part="text" class="markdown" ${streamingText(entry, index, context.agentText)}></div>
        ${part.citations && part.citations.length > 0 ? renderCitations(part.citations, context) : nothing}`;
    case 'thought':
      return html`<details part="reasoning">
        <summary>${context.strings.reasoning}</summary>
        <div class="reasoning-text" ${streamingText(entry, index, plainText)}></div>
      </details>`;
    case 'tool-call':
      return renderToolCall(entry, part, context);
    case 'failure':
      // Not an alert: a failure as it happens is announced once by the chat's status region; an alert would be
      // read out again whenever the row re-enters the DOM (opening the conversation, scrolling back to it).
      return html`<div part="failure">
        <span>${part.text || context.strings.generationFailed}</span>
        <button part="button retry-button" type="button" ?disabled=${context.busy} @click=${() => context.actions.retryReply()}>${context.strings.retry}</button>
      </div>`;
    case 'quick-actions':
      return renderQuickReplies(part, context);
    case 'attachment':
      return renderAttachment(part, context);
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

/** An http(s) address as the browser will read it, or undefined when it is not one (`https://`, `http://a b`). */
function webAddress(address: string): URL | undefined {
  try {
    const parsed = new URL(address);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A citation's link: agents citations name their source as `document_uri`; other shapes use `url` and
 * `title`. Only web addresses become links (a citation is model output like any other, and an address that
 * does not parse must not take the transcript down with it).
 */
function citationLink(citation: unknown): { url: string; title: string } | undefined {
  if (typeof citation !== 'object' || citation === null) return undefined;
  const { url, document_uri: documentUri, title } = citation as { url?: unknown; document_uri?: unknown; title?: unknown };
  const address = typeof url === 'string' ? url : typeof documentUri === 'string' ? documentUri : undefined;
  const parsed = address === undefined ? undefined : webAddress(address);
  if (parsed === undefined) return undefined;
  if (typeof title === 'string' && title !== '') return { url: parsed.href, title };
  return { url: parsed.href, title: `${parsed.hostname}${parsed.pathname === '/' ? '' : parsed.pathname}` };
}

function renderCitations(citations: unknown[], context: EntryRenderContext): TemplateResult | typeof nothing {
  const seen = new Set<string>();
  const links = citations.flatMap((citation) => {
    const link = citationLink(citation);
    if (link === undefined || seen.has(link.url)) return [];
    seen.add(link.url);
    return [link];
  });
  if (links.length === 0) return nothing;
  // A labelled group, not a <nav>: every cited reply would add one more 'Sources' landmark to the page.
  return html`<div part="citations" role="group" aria-label=${context.strings.citations}>
    <span class="citations-label">${context.strings.citations}:</span>
    ${links.map((link) => html`<a part="citation" href=${link.url} target="_blank" rel="noopener noreferrer">${link.title}</a>`)}
  </div>`;
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
