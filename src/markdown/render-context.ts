import type { Grammar } from './highlight/tokenizer.js';

/** Words the renderer puts on screen; a host replaces them per locale (English built in). */
export interface MarkdownStrings {
  /** Visible text of a code block's copy button. */
  copyCode: string;
  /** Accessible name of the copy button; `{language}` is replaced by the block's language label. */
  copyCodeLabel: string;
  /** Label of a code block without a language. */
  codeBlock: string;
  /** Placeholder text of an image without alt text. */
  image: string;
  /** Tooltip of an image that was not loaded because its origin is not allowed. */
  imageNotLoaded: string;
}

export const DEFAULT_MARKDOWN_STRINGS: Readonly<MarkdownStrings> = {
  copyCode: 'Copy',
  copyCodeLabel: 'Copy {language} code',
  codeBlock: 'Code',
  image: 'Image',
  imageNotLoaded: 'Image not loaded',
};

/**
 * Work counters, cumulative since construction. They exist so tests can prove the cost of an update is
 * bounded by the new text plus the block still being written (not by the message so far) without timing.
 */
export interface RenderStats {
  /** Characters of complete lines run through the block parser. */
  blockChars: number;
  /** Characters handed to the inline parser (committed blocks, table rows, and re-renders of the open tail). */
  inlineChars: number;
  /** Inner-loop iterations of the inline parser (scanning, delimiter and bracket matching). */
  inlineSteps: number;
  /** Characters of code lines run through a highlighter. */
  highlightChars: number;
  /** Frames (or synchronous flushes) that changed the DOM. */
  flushes: number;
}

export function createStats(): RenderStats {
  return { blockChars: 0, inlineChars: 0, inlineSteps: 0, highlightChars: 0, flushes: 0 };
}

/** Everything block and inline rendering need besides the text. */
export interface RenderContext {
  readonly document: Document;
  readonly strings: Readonly<MarkdownStrings>;
  readonly allowedImageOrigins: ReadonlySet<string>;
  /** The grammar for a language when it is available now. */
  readonly grammarFor: (language: string) => Grammar | undefined;
  /** Starts loading a grammar that is not available yet; undefined when there is none to load. */
  readonly loadGrammar: (language: string) => Promise<Grammar | undefined> | undefined;
  /** Asks for a render pass (a lazily loaded grammar re-highlighted a block and the open tail must follow). */
  readonly requestRender: () => void;
  readonly stats: RenderStats;
}

/** Creates an element carrying its `part` names: every structural node is themeable via `::part`. */
export function createPart<K extends keyof HTMLElementTagNameMap>(
  context: RenderContext,
  tag: K,
  part: string,
): HTMLElementTagNameMap[K] {
  const element = context.document.createElement(tag);
  element.setAttribute('part', part);
  return element;
}

/**
 * Marks a block of prose (paragraph, heading, item, cell) `dir="auto"`, so each takes the direction of its
 * own text: a Hebrew reply reads right-to-left in a left-to-right page and vice versa. Call it once the
 * block has its content: Chromium re-resolves an auto direction on every child change, which for a long
 * paragraph built node by node is quadratic.
 */
export function withAutoDirection<T extends HTMLElement>(element: T): T {
  element.dir = 'auto';
  return element;
}

/**
 * A letter (the strong characters of Unicode's bidi algorithm, close enough), and the blocks of the
 * right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, their presentation forms, and the historic and
 * newer ones above U+10800): ECMAScript regular expressions have no Bidi_Class property.
 */
const LETTER = /\p{L}/u;
const RIGHT_TO_LEFT_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/**
 * Gives an element (a list item, a list) the direction of the first letter in `text`, or no `dir` when there
 * is none yet, so it inherits the page's. Not `dir="auto"`: that skips text in descendants carrying their
 * own `dir`, and resolves to left to right without a letter even in a right-to-left page.
 */
export function setDirectionFromText(element: HTMLElement, text: string): void {
  const letter = LETTER.exec(text)?.[0];
  if (letter) element.dir = RIGHT_TO_LEFT_LETTER.test(letter) ? 'rtl' : 'ltr';
  else element.removeAttribute('dir');
}
