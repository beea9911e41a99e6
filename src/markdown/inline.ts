/**
 * Inline markdown (CommonMark emphasis, code spans, links, images, autolinks, escapes, character
 * references, hard breaks; GFM strikethrough and bare URLs) parsed into DOM nodes.
 *
 * Linear on hostile input: code-span closers are found through an index of backtick runs, emphasis uses the
 * CommonMark delimiter algorithm with its `openers_bottom` bound, link deactivation is a sequence floor
 * instead of a walk over earlier brackets, and a link's `(destination "title")` scan is capped.
 *
 * `streaming` is for text that is still being written: unclosed emphasis and code run to the end, a half
 * link shows its text without a URL, and syntax still being typed at the very end is hidden. Images never
 * load while streaming (their URL may be incomplete; a committed block loads them once).
 */
import { ENTITY_PATTERN, decodeEntityMatch, isAsciiPunctuation, unescapeAndDecode } from './entities.js';
import { createPart, type RenderContext } from './render-context.js';
import { safeImageUrl, safeLinkHref } from './url-policy.js';

type EmphasisTag = 'em' | 'strong' | 'del';
type DelimiterChar = '*' | '_' | '~';

interface TextItem {
  kind: 'text';
  text: string;
}
interface CodeItem {
  kind: 'code';
  text: string;
}
interface BreakItem {
  kind: 'hardBreak' | 'softBreak';
}
interface CloseItem {
  kind: 'close';
}
interface AutolinkItem {
  kind: 'autolink';
  text: string;
  href: string | null;
}
interface DelimiterItem {
  kind: 'delimiter';
  char: DelimiterChar;
  length: number;
  remaining: number;
  canOpen: boolean;
  canClose: boolean;
  /** Tags opened by this run's characters, in the order they were matched (innermost first). */
  opens: EmphasisTag[];
  closes: EmphasisTag[];
  previous: DelimiterItem | null;
  next: DelimiterItem | null;
}
interface LinkTarget {
  destination: string;
  title: string | null;
}
interface BracketItem {
  kind: 'bracket';
  image: boolean;
  /** A parsed target, 'pending' for a link whose `(url` is still streaming, or null for a literal bracket. */
  target: LinkTarget | 'pending' | null;
  /** Hidden while streaming: an opener that may still become a link should not flash as `[`. */
  hidden: boolean;
  closeIndex: number;
}
type InlineItem = TextItem | CodeItem | BreakItem | CloseItem | AutolinkItem | DelimiterItem | BracketItem;

interface OpenBracket {
  item: BracketItem;
  itemIndex: number;
  sequence: number;
  delimiterBottom: DelimiterItem | null;
}

/** Characters that may start inline syntax, and the places where a GFM bare URL may start. */
const SPECIAL = /[\\`*_~[\]!<&\n]|(?<=^|[\s*_~(])(?:https?:\/\/|www\.)/g;
const URI_AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\p{Cc} ]*)>/uy;
const EMAIL_AUTOLINK = /<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)>/y;
const BARE_URL = /(?:https?:\/\/|www\.)[^\s<]*/y;
const BARE_URL_HOST = /^(?:https?:\/\/|www\.)[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*/;
const TRAILING_REFERENCE = /&[A-Za-z0-9]{1,32};$/;
const WHITESPACE = /\s/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
/** Past this, `[text](...` is not a link: keeps a run of unterminated link tails linear. */
const MAX_LINK_TAIL = 4096;
const MAX_LINK_PAREN_DEPTH = 32;
/** Deeper emphasis/link nesting is flattened (its text kept): hostile `****…` must not build 5,000 levels. */
const MAX_INLINE_DEPTH = 32;

class InlineParser {
  readonly items: InlineItem[] = [];
  private delimiterTop: DelimiterItem | null = null;
  private readonly brackets: OpenBracket[] = [];
  private nextSequence = 0;
  /** Non-image brackets with a sequence below this are inactive (a link may not contain a link). */
  private linkFloor = 0;
  private backtickRuns: Map<number, number[]> | null = null;
  private readonly backtickCursor = new Map<number, number>();
  steps = 0;

  constructor(
    private readonly source: string,
    private readonly streaming: boolean,
  ) {}

  parse(): void {
    const { source } = this;
    let i = 0;
    while (i < source.length) {
      this.steps++;
      SPECIAL.lastIndex = i;
      const special = SPECIAL.exec(source);
      const next = special ? special.index : source.length;
      if (next > i) {
        this.pushText(source.slice(i, next));
        i = next;
        continue;
      }
      i = this.parseSpecial(i);
    }
    this.processEmphasis(null);
    if (this.streaming) this.repairOpenTail();
  }

  private parseSpecial(i: number): number {
    const { source } = this;
    const char = source[i]!;
    switch (char) {
      case '\\':
        return this.parseBackslash(i);
      case '`':
        return this.parseCodeSpan(i);
      case '*':
      case '_':
      case '~':
        return this.parseDelimiterRun(i, char);
      case '[':
        this.pushBracket(false);
        return i + 1;
      case '!':
        if (source[i + 1] === '[') {
          this.pushBracket(true);
          return i + 2;
        }
        this.pushText('!');
        return i + 1;
      case ']':
        return this.parseCloseBracket(i);
      case '<':
        return this.parseAutolink(i);
      case '&':
        return this.parseEntity(i);
      case '\n':
        this.pushLineBreak(false);
        return i + 1;
      default:
        return this.parseBareUrl(i);
    }
  }

  private pushText(text: string): void {
    const last = this.items[this.items.length - 1];
    if (last?.kind === 'text') last.text += text;
    else this.items.push({ kind: 'text', text });
  }

  private pushLineBreak(forced: boolean): void {
    const last = this.items[this.items.length - 1];
    let hard = forced;
    if (last?.kind === 'text') {
      // A scan from the end, not / +$/: that regex is quadratic on a long run of inner spaces.
      let end = last.text.length;
      while (end > 0 && last.text.charCodeAt(end - 1) === 32) end--;
      hard ||= last.text.length - end >= 2;
      this.steps += last.text.length - end;
      last.text = last.text.slice(0, end);
    }
    this.items.push({ kind: hard ? 'hardBreak' : 'softBreak' });
  }

  private parseBackslash(i: number): number {
    const next = this.source[i + 1];
    if (next === '\n') {
      this.pushLineBreak(true);
      return i + 2;
    }
    if (next !== undefined && isAsciiPunctuation(next)) {
      this.pushText(next);
      return i + 2;
    }
    this.pushText('\\');
    return i + 1;
  }

  private parseCodeSpan(i: number): number {
    const { source } = this;
    let end = i;
    while (source[end] === '`') end++;
    const length = end - i;
    const closer = this.findBacktickRun(length, end);
    if (closer >= 0) {
      this.items.push({ kind: 'code', text: normalizeCodeSpan(source.slice(end, closer)) });
      return closer + length;
    }
    if (this.streaming) {
      // An unclosed code span in the open tail is code still being typed: show it as code.
      const text = normalizeCodeSpan(source.slice(end));
      if (text.trim() !== '') this.items.push({ kind: 'code', text });
      return source.length;
    }
    this.pushText(source.slice(i, end));
    return end;
  }

  /** Start of the first backtick run of exactly `length` at or after `from`, or -1. */
  private findBacktickRun(length: number, from: number): number {
    const runs = (this.backtickRuns ??= indexBacktickRuns(this.source));
    const positions = runs.get(length);
    if (!positions) return -1;
    let cursor = this.backtickCursor.get(length) ?? 0;
    while (cursor < positions.length && positions[cursor]! < from) {
      cursor++;
      this.steps++;
    }
    this.backtickCursor.set(length, cursor);
    return cursor < positions.length ? positions[cursor]! : -1;
  }

  private parseDelimiterRun(i: number, char: DelimiterChar): number {
    const { source } = this;
    let end = i;
    while (source[end] === char) end++;
    const length = end - i;
    if (this.streaming && end === source.length) return end; // maybe an opener about to get its text
    if (char === '~' && length > 2) {
      this.pushText(source.slice(i, end));
      return end;
    }
    const before = i > 0 ? source[i - 1]! : '\n';
    const after = end < source.length ? source[end]! : '\n';
    const beforeSpace = WHITESPACE.test(before);
    const afterSpace = WHITESPACE.test(after);
    const beforePunct = PUNCTUATION.test(before);
    const afterPunct = PUNCTUATION.test(after);
    const leftFlanking = !afterSpace && (!afterPunct || beforeSpace || beforePunct);
    const rightFlanking = !beforeSpace && (!beforePunct || afterSpace || afterPunct);
    const item: DelimiterItem = {
      kind: 'delimiter',
      char,
      length,
      remaining: length,
      canOpen: char === '_' ? leftFlanking && (!rightFlanking || beforePunct) : leftFlanking,
      canClose: char === '_' ? rightFlanking && (!leftFlanking || afterPunct) : rightFlanking,
      opens: [],
      closes: [],
      previous: this.delimiterTop,
      next: null,
    };
    if (this.delimiterTop) this.delimiterTop.next = item;
    this.delimiterTop = item;
    this.items.push(item);
    return end;
  }

  private pushBracket(image: boolean): void {
    const item: BracketItem = { kind: 'bracket', image, target: null, hidden: false, closeIndex: -1 };
    this.brackets.push({
      item,
      itemIndex: this.items.length,
      sequence: this.nextSequence++,
      delimiterBottom: this.delimiterTop,
    });
    this.items.push(item);
  }

  private parseCloseBracket(i: number): number {
    const opener = this.brackets.pop();
    if (!opener || (!opener.item.image && opener.sequence < this.linkFloor)) {
      this.pushText(']');
      return i + 1;
    }
    const tail = this.parseLinkTail(i + 1);
    if (tail === null || (tail === 'incomplete' && !this.streaming)) {
      this.pushText(']');
      return i + 1;
    }
    opener.item.target = tail === 'incomplete' ? 'pending' : { destination: tail.destination, title: tail.title };
    this.processEmphasis(opener.delimiterBottom);
    opener.item.closeIndex = this.items.length;
    this.items.push({ kind: 'close' });
    if (!opener.item.image) this.linkFloor = this.nextSequence;
    return tail === 'incomplete' ? this.source.length : tail.end;
  }

  /** `(destination "title")` after a `]`; 'incomplete' when the text ends inside it. */
  private parseLinkTail(start: number): (LinkTarget & { end: number }) | 'incomplete' | null {
    const { source } = this;
    if (start >= source.length) return 'incomplete';
    if (source[start] !== '(') return null;
    const limit = Math.min(source.length, start + MAX_LINK_TAIL);
    let i = skipSpace(source, start + 1, limit);
    if (i >= limit) return limit === source.length ? 'incomplete' : null;
    let destination: string;
    if (source[i] === '<') {
      const destinationStart = i + 1;
      i = destinationStart;
      while (i < limit && source[i] !== '>') {
        if (source[i] === '\n' || source[i] === '<') return null;
        i += source[i] === '\\' ? 2 : 1;
      }
      if (i >= limit) return limit === source.length ? 'incomplete' : null;
      destination = source.slice(destinationStart, i);
      i++;
    } else {
      const destinationStart = i;
      let depth = 0;
      while (i < limit) {
        const char = source[i]!;
        if (char === '\\' && i + 1 < limit && isAsciiPunctuation(source[i + 1]!)) {
          i += 2;
          continue;
        }
        if (char <= ' ') break;
        if (char === '(') {
          if (++depth > MAX_LINK_PAREN_DEPTH) return null;
        } else if (char === ')') {
          if (depth === 0) break;
          depth--;
        }
        i++;
      }
      if (i >= limit) return limit === source.length ? 'incomplete' : null;
      destination = source.slice(destinationStart, i);
    }
    this.steps += i - start;
    i = skipSpace(source, i, limit);
    let title: string | null = null;
    const quote = source[i];
    if (quote === '"' || quote === "'" || quote === '(') {
      const closing = quote === '(' ? ')' : quote;
      const titleStart = i + 1;
      i = titleStart;
      while (i < limit && source[i] !== closing) i += source[i] === '\\' ? 2 : 1;
      if (i >= limit) return limit === source.length ? 'incomplete' : null;
      title = unescapeAndDecode(source.slice(titleStart, i));
      i = skipSpace(source, i + 1, limit);
    }
    if (i >= limit) return limit === source.length ? 'incomplete' : null;
    if (source[i] !== ')') return null;
    return { destination: unescapeAndDecode(destination), title, end: i + 1 };
  }

  private parseAutolink(i: number): number {
    for (const pattern of [URI_AUTOLINK, EMAIL_AUTOLINK]) {
      pattern.lastIndex = i;
      const match = pattern.exec(this.source);
      if (!match) continue;
      const target = match[1]!;
      const href = pattern === EMAIL_AUTOLINK ? safeLinkHref(`mailto:${target}`) : safeLinkHref(target);
      this.items.push({ kind: 'autolink', text: target, href });
      return i + match[0].length;
    }
    this.pushText('<');
    return i + 1;
  }

  private parseEntity(i: number): number {
    ENTITY_PATTERN.lastIndex = i;
    const match = ENTITY_PATTERN.exec(this.source);
    const decoded = match ? decodeEntityMatch(match) : null;
    if (match && decoded !== null) {
      this.pushText(decoded);
      return i + match[0].length;
    }
    this.pushText('&');
    return i + 1;
  }

  private parseBareUrl(i: number): number {
    const { source } = this;
    BARE_URL.lastIndex = i;
    const raw = BARE_URL.exec(source)?.[0] ?? source[i]!;
    this.steps += raw.length;
    if (this.streaming && i + raw.length === source.length) {
      // Still being typed at the end of the stream: a link now would point at a prefix of the URL.
      this.pushText(raw);
      return source.length;
    }
    const url = trimBareUrl(raw);
    this.steps += raw.length - url.length;
    if (!BARE_URL_HOST.test(url)) {
      this.pushText(source[i]!);
      return i + 1;
    }
    const href = safeLinkHref(url.startsWith('www.') ? `http://${url}` : url);
    this.items.push({ kind: 'autolink', text: url, href });
    return i + url.length;
  }

  /**
   * CommonMark's "process emphasis" over the delimiters above `bottom`. `openersBottom` remembers, per kind
   * of closer, below which point no opener can match, so each delimiter is passed over a bounded number of
   * times.
   */
  private processEmphasis(bottom: DelimiterItem | null): void {
    const openersBottom = new Map<string, DelimiterItem | null>();
    let closer: DelimiterItem | null = null;
    for (let delimiter = this.delimiterTop; delimiter && delimiter !== bottom; delimiter = delimiter.previous) {
      closer = delimiter;
      this.steps++;
    }
    while (closer) {
      this.steps++;
      if (!closer.canClose) {
        closer = closer.next;
        continue;
      }
      const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.length % 3}`;
      const stop = openersBottom.has(key) ? openersBottom.get(key)! : bottom;
      let opener = closer.previous;
      while (opener && opener !== bottom && opener !== stop) {
        this.steps++;
        if (opener.char === closer.char && opener.canOpen && canPair(opener, closer)) break;
        opener = opener.previous;
      }
      if (opener && opener !== bottom && opener !== stop) {
        const used = closer.char === '~' ? closer.remaining : closer.remaining >= 2 && opener.remaining >= 2 ? 2 : 1;
        const tag: EmphasisTag = closer.char === '~' ? 'del' : used === 2 ? 'strong' : 'em';
        opener.remaining -= used;
        closer.remaining -= used;
        opener.opens.push(tag);
        closer.closes.push(tag);
        // Delimiters between the pair can no longer match anything: they stay as literal text.
        opener.next = closer;
        closer.previous = opener;
        if (opener.remaining === 0) this.removeDelimiter(opener);
        if (closer.remaining === 0) {
          const next = closer.next;
          this.removeDelimiter(closer);
          closer = next;
        }
      } else {
        openersBottom.set(key, closer.previous);
        const next = closer.next;
        if (!closer.canOpen) this.removeDelimiter(closer);
        closer = next;
      }
    }
    if (bottom !== null || !this.streaming) this.removeDelimitersAbove(bottom);
  }

  private removeDelimiter(item: DelimiterItem): void {
    if (item.previous) item.previous.next = item.next;
    if (item.next) item.next.previous = item.previous;
    if (this.delimiterTop === item) this.delimiterTop = item.previous;
  }

  private removeDelimitersAbove(bottom: DelimiterItem | null): void {
    this.delimiterTop = bottom;
    if (bottom) bottom.next = null;
  }

  /**
   * The open tail of a stream: emphasis still waiting for its closer is shown as emphasis up to the end,
   * and a `[` that may still become a link is hidden instead of flashing.
   */
  private repairOpenTail(): void {
    const opened: EmphasisTag[] = [];
    const openers: DelimiterItem[] = [];
    for (let delimiter = this.delimiterTop; delimiter; delimiter = delimiter.previous) openers.unshift(delimiter);
    for (const delimiter of openers) {
      if (!delimiter.canOpen || delimiter.remaining === 0) continue;
      let remaining = delimiter.remaining;
      while (remaining > 0) {
        const tag: EmphasisTag = delimiter.char === '~' ? 'del' : remaining >= 2 ? 'strong' : 'em';
        const used = delimiter.char === '~' ? remaining : tag === 'strong' ? 2 : 1;
        delimiter.opens.push(tag);
        opened.push(tag);
        remaining -= used;
      }
      delimiter.remaining = 0;
    }
    for (let i = 0; i < opened.length; i++) this.items.push({ kind: 'close' });
    this.removeDelimitersAbove(null);
    for (const bracket of this.brackets) bracket.item.hidden = true;
  }
}

function canPair(opener: DelimiterItem, closer: DelimiterItem): boolean {
  if (closer.char === '~') return opener.length === closer.length;
  // CommonMark's "rule of 3" for runs that can both open and close.
  const oddMatch =
    (closer.canOpen || opener.canClose) && closer.length % 3 !== 0 && (opener.length + closer.length) % 3 === 0;
  return !oddMatch;
}

function skipSpace(source: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && (source[i] === ' ' || source[i] === '\t' || source[i] === '\n')) i++;
  return i;
}

function indexBacktickRuns(source: string): Map<number, number[]> {
  const runs = new Map<number, number[]>();
  let i = source.indexOf('`');
  while (i >= 0) {
    let end = i;
    while (source[end] === '`') end++;
    const length = end - i;
    let positions = runs.get(length);
    if (!positions) runs.set(length, (positions = []));
    positions.push(i);
    i = source.indexOf('`', end);
  }
  return runs;
}

function normalizeCodeSpan(raw: string): string {
  const text = raw.replace(/\n/g, ' ');
  return text.length > 2 && text.startsWith(' ') && text.endsWith(' ') && text.trim() !== ''
    ? text.slice(1, -1)
    : text;
}

/**
 * GFM's extended autolink end: trailing punctuation, unbalanced `)` and a trailing character reference are
 * not part of the URL. Parentheses are counted once, so a URL followed by a megabyte of `)` stays linear.
 */
function trimBareUrl(candidate: string): string {
  let end = candidate.length;
  const opening = count(candidate, '(');
  let closing = count(candidate, ')');
  for (;;) {
    const last = candidate[end - 1];
    if (last !== undefined && '?!.,:*_~\'"'.includes(last)) {
      end--;
    } else if (last === ')' && opening < closing) {
      end--;
      closing--;
    } else {
      const reference = last === ';' ? TRAILING_REFERENCE.exec(candidate.slice(Math.max(0, end - 34), end)) : null;
      if (!reference) return candidate.slice(0, end);
      end -= reference[0].length;
    }
  }
}

function count(text: string, char: string): number {
  let total = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) total++;
  return total;
}

const EMPHASIS_PARTS: Readonly<Record<EmphasisTag, string>> = {
  em: 'md-emphasis',
  strong: 'md-strong',
  del: 'md-strikethrough',
};

/** Builds DOM from parsed items; nesting deeper than MAX_INLINE_DEPTH keeps its text but not its elements. */
class InlineBuilder {
  private readonly elements: Node[];
  private readonly created: boolean[] = [];

  constructor(
    private readonly context: RenderContext,
    private readonly streaming: boolean,
    parent: Node,
  ) {
    this.elements = [parent];
  }

  build(items: readonly InlineItem[]): void {
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      switch (item.kind) {
        case 'text':
          this.appendText(item.text);
          break;
        case 'code': {
          const code = createPart(this.context, 'code', 'md-inline-code');
          code.textContent = item.text;
          this.append(code);
          break;
        }
        case 'hardBreak':
          this.append(createPart(this.context, 'br', 'md-break'));
          break;
        case 'softBreak':
          this.appendText('\n');
          break;
        case 'close':
          this.pop();
          break;
        case 'autolink':
          if (item.href) {
            const link = this.createLink(item.href, null);
            link.textContent = item.text;
            this.append(link);
          } else {
            this.appendText(item.text);
          }
          break;
        case 'delimiter':
          for (let n = 0; n < item.closes.length; n++) this.pop();
          if (item.remaining > 0) this.appendText(item.char.repeat(item.remaining));
          for (let n = item.opens.length - 1; n >= 0; n--) {
            const tag = item.opens[n]!;
            this.push(createPart(this.context, tag, EMPHASIS_PARTS[tag]));
          }
          break;
        case 'bracket':
          if (item.target === null) {
            if (!item.hidden) this.appendText(item.image ? '![' : '[');
          } else if (item.image) {
            this.append(this.createImage(item.target, imageAlt(items, i + 1, item.closeIndex)));
            i = item.closeIndex;
          } else {
            this.pushLink(item.target);
          }
          break;
      }
    }
  }

  private get parent(): Node {
    return this.elements[this.elements.length - 1]!;
  }

  private append(node: Node): void {
    this.parent.appendChild(node);
  }

  private appendText(text: string): void {
    if (text === '') return;
    const last = this.parent.lastChild;
    if (last instanceof Text) last.appendData(text);
    else this.parent.appendChild(this.context.document.createTextNode(text));
  }

  /** Opens an element, or only records the level (null) when it would be too deep or must not exist. */
  private push(element: HTMLElement | null): void {
    const create = element !== null && this.elements.length <= MAX_INLINE_DEPTH;
    if (create) {
      this.append(element);
      this.elements.push(element);
    }
    this.created.push(create);
  }

  private pop(): void {
    if (this.created.pop()) this.elements.pop();
  }

  private pushLink(target: LinkTarget | 'pending'): void {
    if (target === 'pending') {
      this.push(createPart(this.context, 'span', 'md-link md-link-pending'));
      return;
    }
    const href = safeLinkHref(target.destination);
    this.push(href === null ? null : this.createLink(href, target.title));
  }

  private createLink(href: string, title: string | null): HTMLAnchorElement {
    const link = createPart(this.context, 'a', 'md-link');
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer nofollow';
    if (title) link.title = title;
    return link;
  }

  private createImage(target: LinkTarget | 'pending', alt: string): HTMLElement {
    const { context } = this;
    const url = target === 'pending' ? null : safeImageUrl(target.destination);
    if (url && !this.streaming && context.allowedImageOrigins.has(url.origin)) {
      const image = createPart(context, 'img', 'md-image');
      image.alt = alt;
      image.loading = 'lazy';
      image.decoding = 'async';
      image.referrerPolicy = 'no-referrer';
      if (target !== 'pending' && target.title) image.title = target.title;
      image.src = url.href;
      return image;
    }
    // Not loaded: a link-like placeholder that names the image; following it is the reader's choice.
    const label = alt || context.strings.image;
    if (url && !this.streaming) {
      const link = this.createLink(url.href, context.strings.imageNotLoaded);
      link.setAttribute('part', 'md-image-placeholder');
      link.textContent = label;
      return link;
    }
    const placeholder = createPart(context, 'span', 'md-image-placeholder');
    placeholder.textContent = label;
    return placeholder;
  }
}

/** The plain text of an image's description, which becomes its alt text. */
function imageAlt(items: readonly InlineItem[], from: number, to: number): string {
  let alt = '';
  for (let i = from; i < to; i++) {
    const item = items[i]!;
    if (item.kind === 'text' || item.kind === 'code' || item.kind === 'autolink') alt += item.text;
    else if (item.kind === 'softBreak' || item.kind === 'hardBreak') alt += ' ';
    else if (item.kind === 'delimiter' && item.remaining > 0) alt += item.char.repeat(item.remaining);
    else if (item.kind === 'bracket' && item.target === null && !item.hidden) alt += item.image ? '![' : '[';
  }
  return alt;
}

/**
 * Parses `source` as inline markdown and appends the resulting nodes to `parent`, in one insertion: a
 * `dir="auto"` parent re-resolves its direction on every child change, which per node would be quadratic.
 */
export function renderInline(source: string, parent: Node, context: RenderContext, streaming: boolean): void {
  const parser = new InlineParser(source, streaming);
  parser.parse();
  context.stats.inlineChars += source.length;
  context.stats.inlineSteps += parser.steps;
  const fragment = context.document.createDocumentFragment();
  new InlineBuilder(context, streaming, fragment).build(parser.items);
  parent.appendChild(fragment);
}
