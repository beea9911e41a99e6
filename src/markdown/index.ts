/**
 * Incremental, sanitising markdown for streamed model output. No Lit: it writes DOM nodes into a container
 * the caller owns (typically inside a shadow root).
 *
 * ```ts
 * const markdown = new StreamingMarkdown(container, {
 *   allowedImageOrigins: ['https://images.example.com'],
 *   strings: { copyCode: 'Copy' },
 *   onCopyRequest: ({ code, button }) => navigator.clipboard.writeText(code),
 * });
 * markdown.append(delta);        // agents `concat_string` deltas
 * markdown.replace(wholeSoFar);  // PostHog partials: only the new suffix is work
 * markdown.finish();             // last line parsed, every block closed
 * markdown.dispose();            // when the container goes away
 * ```
 *
 * Every node carries a `part` (`md-paragraph`, `md-heading md-heading-2`, `md-list` / `md-list-loose`,
 * `md-list-item` / `md-task-item`, `md-task-checkbox`, `md-blockquote`, `md-code-block`, `md-code-header`,
 * `md-code-language`, `md-copy-button`, `md-pre`, `md-code`, `md-table-wrapper`, `md-table`,
 * `md-table-head`, `md-table-body`, `md-table-row`, `md-table-header-cell`, `md-table-cell`,
 * `md-thematic-break`, `md-emphasis`, `md-strong`, `md-strikethrough`, `md-inline-code`, `md-link`,
 * `md-link-pending`, `md-image`, `md-image-placeholder`, `md-break`) and code tokens `token-<kind>` (see
 * TokenKind). Paragraphs inside list items are always `<p>`: tight lists are the ones without
 * `md-list-loose`.
 */
export {
  StreamingMarkdown,
  renderMarkdown,
  type StreamingMarkdownOptions,
  type FrameScheduler,
  type CopyRequest,
} from './streaming-markdown.js';
export { codeForCopyButton } from './code-block.js';
export { DEFAULT_MARKDOWN_STRINGS, type MarkdownStrings, type RenderStats } from './render-context.js';
export type { Grammar, GrammarRule, TokenKind, TokenClassifier } from './highlight/tokenizer.js';
