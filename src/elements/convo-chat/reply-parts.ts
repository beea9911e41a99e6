/**
 * The parts of a reply that a conversation's first paint rarely needs: tool call rows, collapsed reasoning,
 * files the agent produced, suggested replies and the sources a reply cites. Loaded, with their styles, the
 * first time a reply has one; until then `render-entry` shows a placeholder of the same height.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { AttachmentPart, QuickActionsPart, ToolCallPart } from '../../api/types.js';
import { safeLinkHref } from '../../markdown/url-policy.js';
import { formatString } from '../../strings/strings.js';
import type { FeatureModule } from './lazy-feature.js';
import type { EntryRenderContext } from './render-entry.js';
import { plainText, streamingText } from './streaming-text.js';
import type { TranscriptEntry } from './transcript-model.js';

/** How each of the rarer parts of a reply is drawn (`index`: the part's place in its entry). */
export interface ReplyPartRenderers {
  toolCall(entry: TranscriptEntry, part: ToolCallPart, context: EntryRenderContext): TemplateResult;
  thought(entry: TranscriptEntry, index: number, context: EntryRenderContext): TemplateResult;
  attachment(part: AttachmentPart, context: EntryRenderContext): TemplateResult;
  quickReplies(part: QuickActionsPart, context: EntryRenderContext): TemplateResult;
  citations(citations: unknown[], context: EntryRenderContext): TemplateResult | typeof nothing;
}

const styles = css`
  [part='reasoning'],
  [part='tool-call'] {
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_surface-raised);
    font-size: 0.9em;
  }

  [part='reasoning'] > summary,
  [part='tool-call'] > summary {
    display: flex;
    align-items: center;
    gap: var(--_gap);
    padding: 0.35em 0.7em;
    cursor: pointer;
    color: var(--_text-muted);
    list-style-position: inside;
  }

  .reasoning-text {
    padding: 0 0.7em 0.6em;
    white-space: pre-wrap;
    color: var(--_text-muted);
  }

  [part='tool-call-name'] {
    font-family: var(--_mono);
    color: var(--_text);
  }

  [part='tool-call-progress'] {
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }

  .tool-status {
    flex: none;
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: var(--_accent);
  }

  /* 'pulse' is the element's own animation (the typing indicator's). */
  [part='tool-call'][data-status='running'] .tool-status,
  [part='tool-call'][data-status='streaming'] .tool-status,
  [part='tool-call'][data-status='pending'] .tool-status {
    animation: pulse 1s ease-in-out infinite;
  }

  /* The working indicator stops pulsing for people who asked for less motion; its text still says it. */
  @media (prefers-reduced-motion: reduce) {
    [part='tool-call'][data-status] .tool-status {
      animation: none;
    }
  }

  [part='tool-call'][data-status='finished'] .tool-status {
    background: var(--_success);
  }

  [part='tool-call'][data-status='failed'] .tool-status {
    background: var(--_danger);
  }

  .tool-label {
    margin: 0.4em 0.7em 0.2em;
    font-size: 0.85em;
    color: var(--_text-muted);
  }

  [part='tool-call'] pre {
    margin: 0 0.7em 0.6em;
    padding: 0.5em;
    overflow: auto;
    max-height: 16rem;
    background: var(--_code-bg);
    border-radius: var(--_radius-small);
    font-family: var(--_mono);
    font-size: 0.9em;
  }

  [part='tool-call-updates'] {
    margin: 0.2em 0.7em 0.6em;
    padding-inline-start: 1.2em;
    color: var(--_text-muted);
  }

  [part='tool-call-error'] {
    margin: 0 0.7em 0.6em;
    color: var(--_danger);
  }

  [part='quick-replies'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
  }

  [part~='quick-reply'] {
    border: 1px solid var(--_accent);
    border-radius: 999px;
    padding: 0.3em 0.9em;
    background: transparent;
    color: var(--_accent);
    text-decoration: none;
    font-size: 0.9em;
  }

  [part='attachment'] {
    display: flex;
    align-items: center;
    gap: var(--_gap);
    padding: 0.4em 0.7em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
  }

  [part='attachment-name'] {
    flex: 1;
    font-family: var(--_mono);
    font-size: 0.9em;
  }

  [part='citations'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em var(--_gap);
    font-size: 0.85em;
    color: var(--_text-muted);
  }
`;

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

function renderThought(entry: TranscriptEntry, index: number, context: EntryRenderContext): TemplateResult {
  return html`<details part="reasoning">
    <summary>${context.strings.reasoning}</summary>
    <div class="reasoning-text" ${streamingText(entry, index, plainText)}></div>
  </details>`;
}

function renderQuickReplies(part: QuickActionsPart, context: EntryRenderContext): TemplateResult {
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

const renderers: ReplyPartRenderers = {
  toolCall: renderToolCall,
  thought: renderThought,
  attachment: renderAttachment,
  quickReplies: renderQuickReplies,
  citations: renderCitations,
};

export const feature: FeatureModule<unknown, ReplyPartRenderers> = { styles, create: () => renderers };
