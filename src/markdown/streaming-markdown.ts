/**
 * Renders markdown that arrives in pieces (model output) into a container, incrementally.
 *
 * - `append(suffix)` for streams of deltas, `replace(fullText)` for streams that resend the whole text so
 *   far (PostHog partials): when the new text extends the old, only the suffix is new work; otherwise the
 *   renderer rewinds to the last block boundary before the first changed character.
 * - Writes are batched: text accumulates and is rendered at most once per animation frame (or through the
 *   injected scheduler), and a frame stops after `frameBudgetMs` of parsing, continuing on the next one.
 * - Finished blocks are written once. Only the line still being written and the open paragraph are
 *   re-rendered per frame, with streaming repairs (an unclosed `**` shows bold, a half link shows its text).
 * - Model output is untrusted: nodes are built with DOM APIs from text, never from HTML; see url-policy.ts.
 */
import { BlockParser } from './block-parser.js';
import { codeForCopyButton } from './code-block.js';
import { builtinGrammar, loadBuiltinGrammar } from './highlight/languages.js';
import type { Grammar } from './highlight/tokenizer.js';
import {
  DEFAULT_MARKDOWN_STRINGS,
  createStats,
  type MarkdownStrings,
  type RenderContext,
  type RenderStats,
} from './render-context.js';
import { commonPrefixLength } from '../text/prefix.js';
import { normalizeOrigins } from './url-policy.js';

/** Runs `callback` later (default: the next animation frame); returns a function that cancels it. */
export type FrameScheduler = (callback: () => void) => () => void;

export interface CopyRequest {
  readonly code: string;
  readonly language: string;
  readonly button: HTMLButtonElement;
}

export interface StreamingMarkdownOptions {
  /** Origins (`https://img.example.com`) whose images may load; every other image is a placeholder. */
  allowedImageOrigins?: readonly string[];
  /** Replacements for the built-in English strings. */
  strings?: Partial<MarkdownStrings>;
  /** Extra or replacement grammars by lower-case language name. */
  grammars?: Readonly<Record<string, Grammar>>;
  /**
   * Loads a grammar the renderer does not have (lower-case language name), e.g. with `import()`; blocks in
   * that language show plain until it resolves, then are highlighted once. The renderer loads its own shell,
   * SQL, HTML/XML and CSS grammars the same way without being asked.
   */
  loadGrammar?: (language: string) => Promise<Grammar | undefined> | undefined;
  /** Called when a code block's copy button is clicked; without it the host handles `[data-copy]` clicks. */
  onCopyRequest?: (request: CopyRequest) => void;
  /** Defaults to `requestAnimationFrame`. Tests inject a manual one and call `flush()`. */
  scheduler?: FrameScheduler;
  /** Parsing time per frame before the rest waits for the next frame (default 8 ms). */
  frameBudgetMs?: number;
}

interface Checkpoint {
  /** Offset in the text of a line start where no block was open. */
  readonly offset: number;
  /** How many child nodes the container had at that point. */
  readonly childCount: number;
}

const animationFrameScheduler: FrameScheduler = (callback) => {
  const handle = requestAnimationFrame(callback);
  return () => cancelAnimationFrame(handle);
};

/** The clock is read every this many lines or characters, whichever comes first (not per line: it costs). */
const DEADLINE_CHECK_LINES = 16;
const DEADLINE_CHECK_CHARS = 8192;
/**
 * After a tail redraw that took t ms, the next one waits 4t: an open paragraph of a megabyte then takes at
 * most a fifth of the main thread instead of every frame.
 */
const TAIL_BACKOFF = 4;

export class StreamingMarkdown {
  /** Work counters (see RenderStats): what tests use to prove updates cost the new text, not the total. */
  readonly stats: RenderStats = createStats();
  private readonly context: RenderContext;
  private readonly parser: BlockParser;
  private readonly scheduler: FrameScheduler;
  private readonly frameBudgetMs: number;
  private readonly checkpoints: Checkpoint[] = [{ offset: 0, childCount: 0 }];
  /** The whole text so far (what `replace` compares with). */
  private source = '';
  /** Offset in `source` of the first character the block parser has not consumed. */
  private parsedOffset = 0;
  /** `source.slice(parsedOffset)`, kept separately so a frame never touches the whole text. */
  private unparsed = '';
  private finished = false;
  private closed = false;
  private hasPendingWork = false;
  private cancelFrame: (() => void) | null = null;
  /** Earliest time the open tail may be redrawn again when nothing but the tail changed. */
  private tailNotBefore = 0;
  private readonly handleClick = (event: Event) => this.onClick(event);

  constructor(
    private readonly container: HTMLElement | DocumentFragment,
    private readonly options: StreamingMarkdownOptions = {},
  ) {
    const grammars = options.grammars ?? {};
    const loaded = new Map<string, Promise<Grammar | undefined>>();
    const resolved = new Map<string, Grammar>();
    this.context = {
      document: container.ownerDocument ?? document,
      strings: { ...DEFAULT_MARKDOWN_STRINGS, ...options.strings },
      allowedImageOrigins: normalizeOrigins(options.allowedImageOrigins),
      grammarFor: (language) => grammars[language] ?? builtinGrammar(language) ?? resolved.get(language),
      loadGrammar: (language) => {
        let loading = loaded.get(language);
        if (!loading) {
          const started = loadBuiltinGrammar(language) ?? options.loadGrammar?.(language);
          if (!started) return undefined;
          // A grammar that fails to load leaves its blocks plain; it is not retried for this message.
          loading = started.then(
            (grammar) => {
              if (grammar) resolved.set(language, grammar);
              return grammar;
            },
            () => undefined,
          );
          loaded.set(language, loading);
        }
        return loading;
      },
      requestRender: () => {
        if (this.closed) return;
        this.hasPendingWork = true;
        this.schedule();
      },
      stats: this.stats,
    };
    this.scheduler = options.scheduler ?? animationFrameScheduler;
    this.frameBudgetMs = options.frameBudgetMs ?? 8;
    container.replaceChildren();
    this.parser = new BlockParser(container, this.context);
    if (options.onCopyRequest) container.addEventListener('click', this.handleClick);
  }

  /** The text received so far. */
  get text(): string {
    return this.source;
  }

  /** True once `finish()` was called and everything is rendered. */
  get complete(): boolean {
    return this.closed;
  }

  /** Adds text at the end (a delta). */
  append(suffix: string): void {
    if (suffix === '') return;
    if (this.finished) throw new Error('StreamingMarkdown: append() after finish(); use replace() to edit');
    this.source += suffix;
    this.unparsed += suffix;
    this.hasPendingWork = true;
    this.schedule();
  }

  /**
   * Sets the whole text. When it extends the current text this is an `append` of the difference (the
   * unparsed rest is sliced from the new text); otherwise rendering restarts at the last block boundary
   * before the first difference, and what precedes it is kept.
   */
  replace(text: string): void {
    if (text === this.source) return;
    const firstChange = commonPrefixLength(this.source, text);
    if (this.finished || firstChange < this.parsedOffset) this.rewind(Math.min(firstChange, this.parsedOffset));
    this.unparsed = text.slice(this.parsedOffset);
    this.source = text; // the caller's flat string: no rope to flatten on the next comparison
    this.finished = false;
    this.hasPendingWork = true;
    this.schedule();
  }

  /** The text is complete: the last line is parsed as a line and every block is closed. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.hasPendingWork = true;
    this.schedule();
  }

  /** Renders everything pending now, synchronously, without a time budget. */
  flush(): void {
    this.cancelFrame?.();
    this.cancelFrame = null;
    this.render(Infinity);
  }

  /** Stops pending frames and the copy listener; the rendered DOM stays. */
  dispose(): void {
    this.cancelFrame?.();
    this.cancelFrame = null;
    this.container.removeEventListener('click', this.handleClick);
  }

  private schedule(): void {
    if (this.cancelFrame) return;
    this.cancelFrame = this.scheduler(() => {
      this.cancelFrame = null;
      this.render(this.frameBudgetMs);
    });
  }

  private render(budgetMs: number): void {
    if (!this.hasPendingWork) return;
    const unlimited = budgetMs === Infinity;
    const started = performance.now();
    if (!unlimited && !this.finished && started < this.tailNotBefore && !this.unparsed.includes('\n')) {
      // Only the open tail changed and redrawing it was expensive (a huge paragraph): let it grow a while.
      this.schedule();
      return;
    }
    this.stats.flushes++;
    const { parser, unparsed } = this;
    parser.clearTail();
    const deadline = started + budgetMs;
    let position = 0;
    let checkedAt = 0;
    let lines = 0;
    let outOfTime = false;
    for (let end = unparsed.indexOf('\n'); end >= 0; end = unparsed.indexOf('\n', position)) {
      parser.processLine(unparsed.slice(position, unparsed.charCodeAt(end - 1) === 13 ? end - 1 : end));
      position = end + 1;
      if (parser.atDocumentLevel) {
        this.checkpoints.push({ offset: this.parsedOffset + position, childCount: this.container.childNodes.length });
      }
      const due = ++lines % DEADLINE_CHECK_LINES === 0 || position - checkedAt > DEADLINE_CHECK_CHARS;
      if (due && !unlimited) {
        checkedAt = position;
        if (performance.now() > deadline) {
          outOfTime = unparsed.indexOf('\n', position) >= 0;
          break;
        }
      }
    }
    this.parsedOffset += position;
    this.unparsed = unparsed.slice(position);
    if (outOfTime) {
      this.schedule(); // the rest continues on the next frame
      return;
    }
    this.hasPendingWork = false;
    const lastLine = this.unparsed.replace(/\r$/, '');
    if (this.finished) {
      if (lastLine !== '') parser.processLine(lastLine);
      parser.closeAll();
      this.closed = true;
      return;
    }
    const tailStarted = performance.now();
    parser.renderTail(lastLine);
    const tailEnded = performance.now();
    this.tailNotBefore = tailEnded + TAIL_BACKOFF * (tailEnded - tailStarted);
  }

  /** Drops everything rendered after the last checkpoint at or before `offset` and resumes parsing there. */
  private rewind(offset: number): void {
    this.parser.clearTail();
    let index = this.checkpoints.length - 1;
    while (this.checkpoints[index]!.offset > offset) index--;
    const checkpoint = this.checkpoints[index]!;
    this.checkpoints.length = index + 1;
    while (this.container.childNodes.length > checkpoint.childCount) this.container.lastChild!.remove();
    this.parser.reset();
    this.parsedOffset = checkpoint.offset;
    this.closed = false;
  }

  private onClick(event: Event): void {
    const target = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
    if (!(target instanceof HTMLButtonElement) || !this.container.contains(target)) return;
    const found = codeForCopyButton(target);
    if (found) this.options.onCopyRequest?.({ ...found, button: target });
  }
}

/**
 * Renders a complete text at once (a message from history): the same DOM as streaming it would produce.
 * With `onCopyRequest`, the click listener stays on the container for as long as the container lives.
 */
export function renderMarkdown(
  container: HTMLElement | DocumentFragment,
  text: string,
  options: Omit<StreamingMarkdownOptions, 'scheduler' | 'frameBudgetMs'> = {},
): void {
  const renderer = new StreamingMarkdown(container, { ...options, scheduler: () => () => {} });
  renderer.append(text);
  renderer.finish();
  renderer.flush();
}
