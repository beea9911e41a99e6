/**
 * A fenced code block's DOM: `<figure part="md-code-block">` holding a caption (language label and a copy
 * button) and `<pre><code>`. Lines are highlighted and appended as they complete, carrying the tokenizer
 * state from line to line, so streaming a long block appends to it instead of rebuilding it.
 *
 * Copying is left to the host (clipboard access, "copied" feedback and its strings are the host's): the
 * button carries `data-copy`; a click handler delegated on any ancestor calls `codeForCopyButton()`, or the
 * renderer's `onCopyRequest` option does that for it.
 */
import { createPart, type RenderContext } from './render-context.js';
import { tokenizeLine, type Grammar, type TokenizerState } from './highlight/tokenizer.js';

/** Lines longer than this are shown unhighlighted: a megabyte of minified code should not become spans. */
const MAX_HIGHLIGHTED_LINE = 10_000;

export class CodeBlockView {
  readonly figure: HTMLElement;
  private readonly code: HTMLElement;
  private grammar: Grammar | undefined;
  private state: TokenizerState = [];

  constructor(
    private readonly context: RenderContext,
    infoString: string,
  ) {
    const language = infoString.trim().split(/[\s{,]/, 1)[0] ?? '';
    const name = language.toLowerCase();
    this.grammar = name ? context.grammarFor(name) : undefined;
    if (name && !this.grammar) void context.loadGrammar(name)?.then((grammar) => grammar && this.upgrade(grammar));
    const label = language || context.strings.codeBlock;

    this.figure = createPart(context, 'figure', 'md-code-block');
    if (language) this.figure.dataset['language'] = language;
    const caption = createPart(context, 'figcaption', 'md-code-header');
    const languageLabel = createPart(context, 'span', 'md-code-language');
    languageLabel.textContent = label;
    const button = createPart(context, 'button', 'md-copy-button');
    button.type = 'button';
    button.dataset['copy'] = '';
    const buttonLabel = context.strings.copyCodeLabel.replace('{language}', language).replace(/\s+/g, ' ').trim();
    button.setAttribute('aria-label', buttonLabel);
    button.textContent = context.strings.copyCode;
    caption.append(languageLabel, button);
    const pre = createPart(context, 'pre', 'md-pre');
    pre.dir = 'ltr'; // code reads left to right whatever the page's direction
    this.code = createPart(context, 'code', 'md-code');
    pre.append(this.code);
    this.figure.append(caption, pre);
  }

  /** Appends a complete line; the highlighter state moves on. */
  appendLine(line: string): void {
    const fragment = this.context.document.createDocumentFragment();
    this.state = this.renderLine(line, fragment);
    const last = fragment.lastChild;
    if (last?.nodeType === Node.TEXT_NODE) (last as Text).appendData('\n');
    else fragment.append('\n');
    this.code.append(fragment);
  }

  /** Appends a line still being written and returns its nodes, for removal when the line grows. */
  appendTentativeLine(line: string): Node[] {
    const fragment = this.context.document.createDocumentFragment();
    this.renderLine(line, fragment);
    const nodes = Array.from(fragment.childNodes);
    this.code.append(fragment);
    return nodes;
  }

  /**
   * A grammar arrived after lines were shown plain: highlight the complete lines once (the text is read back
   * from the DOM), then let the renderer redraw the line still being written.
   */
  private upgrade(grammar: Grammar): void {
    const text = this.code.textContent ?? '';
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    this.grammar = grammar;
    this.state = [];
    this.code.replaceChildren();
    for (const line of complete.split('\n').slice(0, -1)) this.appendLine(line);
    this.context.requestRender();
  }

  /** Writes the line's tokens into `target` and returns the tokenizer state after it. */
  private renderLine(line: string, target: DocumentFragment): TokenizerState {
    const { context } = this;
    if (!this.grammar || line.length > MAX_HIGHLIGHTED_LINE) {
      target.append(line);
      return this.state;
    }
    context.stats.highlightChars += line.length;
    const { tokens, state } = tokenizeLine(this.grammar, line, this.state);
    for (const token of tokens) {
      if (token.kind === null) {
        target.append(token.text);
      } else {
        const span = createPart(context, 'span', `token-${token.kind}`);
        span.textContent = token.text;
        target.append(span);
      }
    }
    return state;
  }
}

/**
 * The code and language behind a copy button (or any node inside a rendered code block), for hosts that
 * handle `click` on `[data-copy]` themselves. The final newline that closes the last line is not copied.
 */
export function codeForCopyButton(target: Element): { code: string; language: string } | null {
  const figure = target.closest('[part~="md-code-block"]');
  const code = figure?.querySelector('[part~="md-code"]');
  if (!figure || !code) return null;
  return {
    code: (code.textContent ?? '').replace(/\n$/, ''),
    language: figure.getAttribute('data-language') ?? '',
  };
}
