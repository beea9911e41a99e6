/**
 * Block structure, one complete line at a time, straight into the DOM (the CommonMark parsing strategy:
 * match the open containers, try block starts, add the rest of the line).
 *
 * Only the chain of open blocks is kept. A block that closes is final: its DOM is written once and never
 * visited again, so a line costs work proportional to its length and the nesting depth, never to the text
 * before it. Open fenced code and tables grow by appending a line or a row. Only an open paragraph is
 * re-rendered as a whole, and only by the tail render (`renderTail`), which also shows the line still being
 * written without committing anything: its nodes are removed again by `clearTail`.
 *
 * Deviations from CommonMark, on purpose: no indented code blocks (a model's indented prose should stay
 * prose), no raw HTML (shown as text), no link reference definitions; tab stops inside a container prefix
 * are approximated; nesting deeper than MAX_CONTAINER_DEPTH stays text (hostile `>>>>…` input).
 */
import { CodeBlockView } from './code-block.js';
import { renderInline } from './inline.js';
import { createPart, setDirectionFromText, withAutoDirection, type RenderContext } from './render-context.js';

const MAX_CONTAINER_DEPTH = 64;

interface BlockCommon {
  readonly parent: ContainerBlock | null;
  readonly depth: number;
  openChild: Block | null;
  /** Line numbers of the last blank line and the last content seen inside this block (list looseness). */
  lastBlankLine: number;
  lastContentLine: number;
}
interface DocumentBlock extends BlockCommon {
  readonly kind: 'document';
  readonly element: Node & ParentNode;
}
interface BlockquoteBlock extends BlockCommon {
  readonly kind: 'blockquote';
  readonly element: HTMLElement;
}
interface ListSignature {
  readonly ordered: boolean;
  /** The bullet character, or the delimiter after an ordered number. */
  readonly marker: string;
}
interface ListBlock extends BlockCommon, ListSignature {
  readonly kind: 'list';
  readonly element: HTMLElement;
  loose: boolean;
  itemCount: number;
}
interface ItemBlock extends BlockCommon {
  readonly kind: 'item';
  readonly element: HTMLElement;
  readonly contentColumn: number;
  childCount: number;
}
interface ParagraphBlock extends BlockCommon {
  readonly kind: 'paragraph';
  element: HTMLElement;
  readonly lines: string[];
  /** The first block of a list item: may carry a task-list checkbox. */
  readonly leadsItem: boolean;
}
interface FenceBlock extends BlockCommon {
  readonly kind: 'fence';
  readonly element: HTMLElement;
  readonly fenceChar: string;
  readonly fenceLength: number;
  readonly fenceIndent: number;
  readonly view: CodeBlockView;
}
type Alignment = '' | 'left' | 'center' | 'right';
interface TableBlock extends BlockCommon {
  readonly kind: 'table';
  readonly element: HTMLElement;
  readonly alignments: readonly Alignment[];
  readonly body: HTMLTableSectionElement;
}
type ContainerBlock = DocumentBlock | BlockquoteBlock | ListBlock | ItemBlock;
type LeafBlock = ParagraphBlock | FenceBlock | TableBlock;
type Block = ContainerBlock | LeafBlock;

/** What matching an open block against a line found. */
const enum Continuation {
  Matched,
  NotMatched,
  /** The line closed a fenced code block and is used up. */
  FenceClosed,
}

/** The line consumed by a leaf block start (heading, fence opening, thematic break, ...). */
const LINE_CONSUMED = 'consumed';

/** A position in a line, in characters and in columns (tabs advance to the next multiple of 4). */
class LineCursor {
  offset = 0;
  column = 0;
  nextNonspace = 0;
  nextNonspaceColumn = 0;
  indent = 0;
  blank = false;

  constructor(readonly text: string) {}

  findNextNonspace(): void {
    let i = this.offset;
    let column = this.column;
    for (;;) {
      const char = this.text[i];
      if (char === ' ') column++;
      else if (char === '\t') column += 4 - (column % 4);
      else break;
      i++;
    }
    this.nextNonspace = i;
    this.nextNonspaceColumn = column;
    this.indent = column - this.column;
    this.blank = i >= this.text.length;
  }

  advanceToNextNonspace(): void {
    this.offset = this.nextNonspace;
    this.column = this.nextNonspaceColumn;
  }

  advanceOffset(count: number): void {
    this.offset += count;
    this.column += count;
  }

  /** Consumes up to `columns` columns of spaces and tabs. */
  advanceColumns(columns: number): void {
    const target = this.column + columns;
    while (this.column < target) {
      const char = this.text[this.offset];
      if (char === ' ') this.column++;
      else if (char === '\t') this.column += 4 - (this.column % 4);
      else break;
      this.offset++;
    }
  }

  get peek(): string {
    return this.text[this.nextNonspace] ?? '';
  }

  get restFromNonspace(): string {
    return this.text.slice(this.nextNonspace);
  }
}

const ATX_HEADING = /^(#{1,6})(?:[ \t]+|$)/;
const FENCE_OPENING = /^(`{3,}|~{3,})(.*)$/;
const SETEXT_UNDERLINE = /^(?:=+|-+)[ \t]*$/;
const TABLE_DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const BULLET_MARKER = /^[-+*]/;
const ORDERED_MARKER = /^(\d{1,9})([.)])/;
/** A partial last line that is the beginning of syntax which would change the paragraph above it. */
const PARAGRAPH_TAIL_HIDDEN = /^(?:[-=|: \t]+|[-+*]|\d{1,9}[.)]|`{1,2}|~{1,2})$/;

interface ListMarker extends ListSignature {
  readonly start: number;
  readonly contentColumn: number;
}

interface BlockParserOptions {
  /** Everything parsed is still being written: inline repairs on, images never load. */
  readonly streaming: boolean;
}

export class BlockParser {
  private document: DocumentBlock;
  private lineNumber = 0;
  private tailNodes: Node[] = [];

  constructor(
    private readonly root: Node & ParentNode,
    private readonly context: RenderContext,
    private readonly options: BlockParserOptions = { streaming: false },
  ) {
    this.document = this.createDocument();
  }

  private createDocument(): DocumentBlock {
    return {
      kind: 'document',
      element: this.root,
      parent: null,
      depth: 0,
      openChild: null,
      lastBlankLine: 0,
      lastContentLine: 0,
    };
  }

  /** True when no block is open: nothing after this point can change what was rendered before it. */
  get atDocumentLevel(): boolean {
    return this.document.openChild === null;
  }

  /** Forgets all open blocks (the caller removed their DOM): parsing restarts at a document boundary. */
  reset(): void {
    this.tailNodes = [];
    this.document = this.createDocument();
  }

  /** Incorporates one complete line (without its line ending). */
  processLine(text: string): void {
    this.lineNumber++;
    this.context.stats.blockChars += text.length + 1;
    const line = new LineCursor(text.includes('\0') ? text.replace(/\0/g, '\ufffd') : text);

    let container: Block = this.document;
    let allMatched = true;
    for (let child = container.openChild; child; child = container.openChild) {
      line.findNextNonspace();
      const continuation = continueBlock(child, line);
      if (continuation === Continuation.Matched) {
        container = child;
      } else if (continuation === Continuation.FenceClosed) {
        this.closeChildrenOf(container);
        this.markContent();
        return;
      } else {
        allMatched = false;
        break;
      }
    }

    const lastMatched = container;
    let unmatchedClosed = false;
    const closeUnmatched = () => {
      if (!unmatchedClosed) this.closeChildrenOf(lastMatched);
      unmatchedClosed = true;
    };

    let startedBlock = false;
    while (container.kind !== 'fence') {
      line.findNextNonspace();
      const started = this.tryBlockStart(container, line, closeUnmatched);
      if (started === null) break;
      startedBlock = true;
      if (started === LINE_CONSUMED) {
        this.markContent();
        return;
      }
      container = started;
    }

    line.findNextNonspace();
    const tip = this.tip();
    if (!startedBlock && !allMatched && !line.blank && tip.kind === 'paragraph') {
      tip.lines.push(line.restFromNonspace); // lazy continuation line
      this.markContent();
      return;
    }
    closeUnmatched();
    if (line.blank && container.kind !== 'fence') {
      for (let block: Block | null = container; block; block = block.parent) block.lastBlankLine = this.lineNumber;
    }
    switch (container.kind) {
      case 'paragraph':
        container.lines.push(line.restFromNonspace);
        break;
      case 'fence':
        container.view.appendLine(line.text.slice(line.offset));
        break;
      case 'table':
        this.appendRow(container, line.restFromNonspace, container.body, false);
        break;
      default:
        if (!line.blank) this.openParagraph(this.containerFor(container), line.restFromNonspace);
    }
    if (!line.blank) this.markContent();
  }

  /** Closes every open block: the text is complete. */
  closeAll(): void {
    this.closeChildrenOf(this.document);
  }

  /** Removes what the last `renderTail` added. */
  clearTail(): void {
    for (const node of this.tailNodes) node.parentNode?.removeChild(node);
    this.tailNodes = [];
  }

  /**
   * Shows the line still being written (`partial`, no line ending yet) and re-renders the open paragraph,
   * both with streaming repairs, without changing the parser's state: the next complete line is processed as
   * if this never happened.
   */
  renderTail(partial: string): void {
    const tip = this.tip();
    const paragraph = tip.kind === 'paragraph' ? tip : null;
    const line = new LineCursor(partial);
    let container: Block = this.document;
    let allMatched = true;
    for (let child = container.openChild; child; child = container.openChild) {
      line.findNextNonspace();
      const continuation = continueBlock(child, line);
      if (continuation === Continuation.FenceClosed) return;
      if (continuation === Continuation.NotMatched) {
        allMatched = false;
        break;
      }
      container = child;
    }

    if (container.kind === 'fence') {
      if (!couldCloseFence(line, container)) {
        this.tailNodes.push(...container.view.appendTentativeLine(line.text.slice(line.offset)));
      }
      return;
    }
    line.findNextNonspace();
    const rest = line.restFromNonspace;
    const hidden = line.blank || (paragraph !== null && PARAGRAPH_TAIL_HIDDEN.test(rest));
    const startsBlock = !hidden && this.wouldStartBlock(container, line);
    const continuesParagraph = !hidden && !startsBlock && paragraph !== null && (container === paragraph || !allMatched);
    if (paragraph) this.renderParagraph(paragraph, true, continuesParagraph ? rest : null);
    if (hidden || continuesParagraph) return;
    if (container.kind === 'table' && !startsBlock) {
      this.tailNodes.push(this.appendRow(container, rest, container.body, true));
      return;
    }
    this.renderTailBlocks(container, line.text.slice(line.offset));
  }

  /** A partial line that starts new blocks: parsed on its own, then shown where those blocks will go. */
  private renderTailBlocks(container: Block, text: string): void {
    const fragment = this.context.document.createDocumentFragment();
    const standalone = new BlockParser(fragment, this.context, { streaming: true });
    standalone.processLine(text);
    const started = standalone.document.openChild;
    standalone.closeAll();
    let target: Block = container;
    while (target.kind === 'paragraph' || target.kind === 'table' || target.kind === 'fence') target = target.parent!;
    if (target.kind === 'list') {
      const first = fragment.firstChild;
      if (started?.kind === 'list' && listsMatch(target, started) && first) {
        // A new item of the open list: show it in that list rather than as a list of its own.
        const items = Array.from(first.childNodes);
        target.element.append(...items);
        this.tailNodes.push(...items);
        first.remove();
      }
      target = target.parent!;
    }
    this.tailNodes.push(...Array.from(fragment.childNodes));
    target.element.appendChild(fragment);
  }

  private tip(): Block {
    let block: Block = this.document;
    while (block.openChild) block = block.openChild;
    return block;
  }

  private markContent(): void {
    for (let block: Block | null = this.tip(); block; block = block.parent) block.lastContentLine = this.lineNumber;
  }

  /** Pure check used by the tail render: would this line start a block in `container`? */
  private wouldStartBlock(container: Block, line: LineCursor): boolean {
    if (line.indent >= 4) return false;
    const rest = line.restFromNonspace;
    switch (line.peek) {
      case '>':
        return container.depth < MAX_CONTAINER_DEPTH;
      case '#':
        if (ATX_HEADING.test(rest)) return true;
        break;
      case '`':
      case '~':
        if (FENCE_OPENING.test(rest)) return true;
        break;
    }
    if (isThematicBreak(rest)) return true;
    return container.depth < MAX_CONTAINER_DEPTH && parseListMarker(container, line, false) !== null;
  }

  private tryBlockStart(
    container: Block,
    line: LineCursor,
    closeUnmatched: () => void,
  ): ContainerBlock | typeof LINE_CONSUMED | null {
    if (line.indent >= 4) return null;
    const rest = line.restFromNonspace;
    const canNest = container.depth < MAX_CONTAINER_DEPTH;

    if (line.peek === '>' && canNest) {
      line.advanceToNextNonspace();
      line.advanceOffset(1);
      line.advanceColumns(1); // one optional space (or tab) after the marker
      closeUnmatched();
      const parent = this.containerFor(container);
      return this.attach(parent, {
        kind: 'blockquote',
        element: createPart(this.context, 'blockquote', 'md-blockquote'),
        ...blockCommon(parent),
      });
    }

    const heading = ATX_HEADING.exec(rest);
    if (heading) {
      closeUnmatched();
      const content = stripClosingSequence(rest.slice(heading[0].length));
      this.appendClosedLeaf(container, this.renderHeading(heading[1]!.length, content, this.options.streaming));
      return LINE_CONSUMED;
    }

    const fence = FENCE_OPENING.exec(rest);
    if (fence && !(fence[1]![0] === '`' && fence[2]!.includes('`'))) {
      closeUnmatched();
      const parent = this.containerFor(container);
      const view = new CodeBlockView(this.context, fence[2]!);
      this.attach(parent, {
        kind: 'fence',
        element: view.figure,
        fenceChar: fence[1]![0]!,
        fenceLength: fence[1]!.length,
        fenceIndent: line.indent,
        view,
        ...blockCommon(parent),
      });
      return LINE_CONSUMED;
    }

    if (container.kind === 'paragraph' && SETEXT_UNDERLINE.test(rest)) {
      closeUnmatched();
      const level = rest[0] === '=' ? 1 : 2;
      const heading = this.renderHeading(level, paragraphText(container.lines), this.options.streaming);
      this.replaceOpenParagraph(container, heading);
      return LINE_CONSUMED;
    }

    if (container.kind === 'paragraph' && TABLE_DELIMITER_ROW.test(rest)) {
      const header = container.lines[container.lines.length - 1]!;
      const alignments = splitRow(rest).map(parseAlignment);
      if ((rest.includes('|') || header.includes('|')) && splitRow(header).length === alignments.length) {
        closeUnmatched();
        this.openTable(container, header, alignments);
        return LINE_CONSUMED;
      }
    }

    if (isThematicBreak(rest)) {
      closeUnmatched();
      this.appendClosedLeaf(container, createPart(this.context, 'hr', 'md-thematic-break'));
      return LINE_CONSUMED;
    }

    const marker = canNest ? parseListMarker(container, line, true) : null;
    if (marker) {
      closeUnmatched();
      let parent: ContainerBlock =
        container.kind === 'list' && listsMatch(container, marker) ? container : this.containerFor(container);
      if (parent.kind !== 'list') {
        const element = createPart(this.context, marker.ordered ? 'ol' : 'ul', 'md-list');
        if (marker.ordered && marker.start !== 1) element.setAttribute('start', String(marker.start));
        parent = this.attach(parent, {
          kind: 'list',
          element,
          ordered: marker.ordered,
          marker: marker.marker,
          loose: false,
          itemCount: 0,
          ...blockCommon(parent),
        });
      }
      return this.attach(parent, {
        kind: 'item',
        // Its direction comes from its leading paragraph, see setItemDirection.
        element: createPart(this.context, 'li', 'md-list-item'),
        contentColumn: marker.contentColumn,
        childCount: 0,
        ...blockCommon(parent),
      });
    }
    return null;
  }

  /**
   * The container a new block goes into: an open leaf gets closed first, and so does a list (a list holds
   * only items; a new item of the same list is handled by the caller).
   */
  private containerFor(block: Block): ContainerBlock {
    if (block.kind === 'paragraph' || block.kind === 'fence' || block.kind === 'table' || block.kind === 'list') {
      const parent = block.parent!;
      this.closeChildrenOf(parent);
      return parent;
    }
    return block;
  }

  private attach<T extends Block>(parent: ContainerBlock, block: T): T {
    this.appendChildElement(parent, block.element);
    parent.openChild = block;
    return block;
  }

  /** Appends a child's element, counting it for list looseness (a blank line between blocks loosens). */
  private appendChildElement(parent: ContainerBlock, element: Node): void {
    if (parent.kind === 'item') {
      if (parent.childCount > 0 && parent.lastBlankLine > parent.lastContentLine) this.loosen(parent.parent as ListBlock);
      parent.childCount++;
    } else if (parent.kind === 'list') {
      if (parent.itemCount > 0 && parent.lastBlankLine > parent.lastContentLine) this.loosen(parent);
      parent.itemCount++;
    }
    parent.element.appendChild(element);
  }

  private loosen(list: ListBlock): void {
    if (list.loose) return;
    list.loose = true;
    list.element.setAttribute('part', 'md-list md-list-loose');
  }

  /** A heading or thematic break: complete with its single line. */
  private appendClosedLeaf(container: Block, element: HTMLElement): void {
    this.appendChildElement(this.containerFor(container), element);
  }

  private openParagraph(container: ContainerBlock, firstLine: string): void {
    const leadsItem = container.kind === 'item' && container.childCount === 0;
    const element = createPart(this.context, 'p', 'md-paragraph');
    this.attach(container, {
      kind: 'paragraph',
      element: leadsItem ? element : withAutoDirection(element),
      lines: [firstLine],
      leadsItem,
      ...blockCommon(container),
    });
  }

  /** Closes the open descendants of `block`, deepest first; each closed block renders its final state. */
  private closeChildrenOf(block: Block): void {
    const child = block.openChild;
    if (!child) return;
    this.closeChildrenOf(child);
    if (child.kind === 'paragraph') this.renderParagraph(child, this.options.streaming, null);
    block.openChild = null;
  }

  /**
   * Renders a paragraph into a fresh element that replaces the previous one: clearing a long `dir="auto"`
   * paragraph node by node would make the browser re-resolve its direction per removed node.
   */
  private renderParagraph(paragraph: ParagraphBlock, streaming: boolean, extraLine: string | null): void {
    const element = createPart(this.context, 'p', 'md-paragraph');
    let text = paragraphText(extraLine === null ? paragraph.lines : [...paragraph.lines, extraLine]);
    if (paragraph.leadsItem) {
      const task = /^\[([ xX])\][ \t]+(?=\S)/.exec(text);
      const item = paragraph.parent as ItemBlock;
      item.element.setAttribute('part', task ? 'md-list-item md-task-item' : 'md-list-item');
      if (task) {
        const checkbox = createPart(this.context, 'input', 'md-task-checkbox');
        checkbox.type = 'checkbox';
        checkbox.disabled = true;
        checkbox.defaultChecked = task[1] !== ' ';
        element.append(checkbox, ' ');
        text = text.slice(task[0].length);
      }
    }
    renderInline(text, element, this.context, streaming);
    if (paragraph.leadsItem) this.setItemDirection(paragraph.parent as ItemBlock, element.textContent);
    else withAutoDirection(element);
    paragraph.element.replaceWith(element);
    paragraph.element = element;
  }

  /**
   * A list item reads in the direction of its leading paragraph's text, which that paragraph inherits; the
   * list follows its first item, so its markers sit on the side the items start from. Without text (or
   * letters) both inherit the page's direction.
   */
  private setItemDirection(item: ItemBlock, text: string | null): void {
    setDirectionFromText(item.element, text ?? '');
    const list = item.parent as ListBlock;
    if (list.element.firstChild === item.element) setDirectionFromText(list.element, text ?? '');
  }

  /**
   * An open paragraph becomes something else (a setext heading, a table): it can no longer be the task-list
   * text its streaming render may have marked the item as.
   */
  private replaceOpenParagraph(paragraph: ParagraphBlock, replacement: HTMLElement): void {
    if (paragraph.leadsItem) {
      const item = paragraph.parent as ItemBlock;
      item.element.setAttribute('part', 'md-list-item');
      // Led by a heading or table now (which take their own direction): the item follows the page again.
      this.setItemDirection(item, null);
    }
    paragraph.element.replaceWith(replacement);
    paragraph.element = replacement;
    paragraph.lines.length = 0;
    paragraph.parent!.openChild = null;
  }

  private renderHeading(level: number, content: string, streaming: boolean): HTMLElement {
    const heading = createPart(this.context, `h${level}` as 'h1', `md-heading md-heading-${level}`);
    renderInline(content, heading, this.context, streaming);
    return withAutoDirection(heading);
  }

  private openTable(paragraph: ParagraphBlock, header: string, alignments: readonly Alignment[]): void {
    const { context } = this;
    const wrapper = createPart(context, 'div', 'md-table-wrapper');
    const table = createPart(context, 'table', 'md-table');
    const head = createPart(context, 'thead', 'md-table-head');
    const body = createPart(context, 'tbody', 'md-table-body');
    table.append(head, body);
    wrapper.append(table);
    const parent = paragraph.parent!;
    paragraph.lines.pop();
    if (paragraph.lines.length > 0) {
      this.closeChildrenOf(parent);
      parent.element.appendChild(wrapper);
    } else {
      this.replaceOpenParagraph(paragraph, wrapper);
    }
    const block: TableBlock = { kind: 'table', element: wrapper, alignments, body, ...blockCommon(parent) };
    parent.openChild = block;
    this.appendRow(block, header, head, false);
  }

  private appendRow(table: TableBlock, text: string, section: HTMLElement, streaming: boolean): HTMLElement {
    const { context } = this;
    const header = section.localName === 'thead';
    const row = createPart(context, 'tr', 'md-table-row');
    const cells = splitRow(text);
    table.alignments.forEach((alignment, index) => {
      const cell = createPart(context, header ? 'th' : 'td', header ? 'md-table-header-cell' : 'md-table-cell');
      if (alignment) cell.style.textAlign = alignment;
      renderInline(cells[index] ?? '', cell, context, streaming || this.options.streaming);
      row.append(withAutoDirection(cell));
    });
    section.append(row);
    return row;
  }
}

function blockCommon(parent: ContainerBlock): BlockCommon {
  return { parent, depth: parent.depth + 1, openChild: null, lastBlankLine: 0, lastContentLine: 0 };
}

function continueBlock(block: Block, line: LineCursor): Continuation {
  switch (block.kind) {
    case 'blockquote':
      if (line.indent <= 3 && line.peek === '>') {
        line.advanceToNextNonspace();
        line.advanceOffset(1);
        line.advanceColumns(1); // one optional space (or tab) after the marker
        return Continuation.Matched;
      }
      return Continuation.NotMatched;
    case 'item':
      if (line.blank) {
        // An item that began with a blank line ends at a second one.
        if (block.childCount === 0) return Continuation.NotMatched;
        line.advanceToNextNonspace();
        return Continuation.Matched;
      }
      if (line.indent >= block.contentColumn) {
        line.advanceColumns(block.contentColumn);
        return Continuation.Matched;
      }
      return Continuation.NotMatched;
    case 'fence': {
      const rest = line.restFromNonspace;
      if (line.indent <= 3 && rest[0] === block.fenceChar) {
        let end = 0;
        while (rest[end] === block.fenceChar) end++;
        if (end >= block.fenceLength && rest.slice(end).trim() === '') return Continuation.FenceClosed;
      }
      line.advanceColumns(block.fenceIndent);
      return Continuation.Matched;
    }
    case 'paragraph':
    case 'table':
      return line.blank ? Continuation.NotMatched : Continuation.Matched;
    default:
      return Continuation.Matched; // document and lists: items decide
  }
}

/** A partial line that may still become the closing fence: not shown as code meanwhile. */
function couldCloseFence(line: LineCursor, fence: FenceBlock): boolean {
  const rest = line.restFromNonspace;
  if (line.indent > 3 || rest === '') return false;
  for (const char of rest) if (char !== fence.fenceChar) return false;
  return true;
}

function parseListMarker(container: Block, line: LineCursor, consume: boolean): ListMarker | null {
  const rest = line.restFromNonspace;
  const interruptsParagraph = container.kind === 'paragraph';
  let ordered = false;
  let marker: string;
  let start = 1;
  let markerLength: number;
  const bullet = BULLET_MARKER.exec(rest);
  const number = bullet ? null : ORDERED_MARKER.exec(rest);
  if (bullet) {
    marker = bullet[0];
    markerLength = 1;
  } else if (number) {
    ordered = true;
    start = parseInt(number[1]!, 10);
    marker = number[2]!;
    markerLength = number[0].length;
    if (interruptsParagraph && start !== 1) return null;
  } else {
    return null;
  }
  const after = rest[markerLength];
  if (after !== undefined && after !== ' ' && after !== '\t') return null;
  if (interruptsParagraph && rest.slice(markerLength).trim() === '') return null;
  if (!consume) return { ordered, marker, start, contentColumn: 0 };

  const markerColumn = line.indent;
  line.advanceToNextNonspace();
  line.advanceOffset(markerLength);
  const spacesStartColumn = line.column;
  const spacesStartOffset = line.offset;
  do {
    line.advanceColumns(1);
  } while (line.column - spacesStartColumn < 5 && (line.text[line.offset] === ' ' || line.text[line.offset] === '\t'));
  const blankItem = line.offset >= line.text.length;
  const spaces = line.column - spacesStartColumn;
  let padding: number;
  if (spaces >= 5 || spaces < 1 || blankItem) {
    padding = markerLength + 1;
    line.offset = spacesStartOffset;
    line.column = spacesStartColumn;
    line.advanceColumns(1); // one optional space (or tab) after the marker
  } else {
    padding = markerLength + spaces;
  }
  return { ordered, marker, start, contentColumn: markerColumn + padding };
}

function listsMatch(list: ListSignature, other: ListSignature): boolean {
  return list.ordered === other.ordered && list.marker === other.marker;
}

/** `***`, `- - -`, `___` (three or more of one character, spaces and tabs allowed between). */
function isThematicBreak(rest: string): boolean {
  const char = rest[0];
  if (char !== '*' && char !== '-' && char !== '_') return false;
  let count = 0;
  for (const c of rest) {
    if (c === char) count++;
    else if (c !== ' ' && c !== '\t') return false;
  }
  return count >= 3;
}

/**
 * An ATX heading's text without its optional closing `#`s. Scanned by hand: the obvious regex,
 * /[ \t]+#+[ \t]*$/, is quadratic on a long run of spaces.
 */
function stripClosingSequence(raw: string): string {
  const content = raw.trim();
  let start = content.length;
  while (start > 0 && content[start - 1] === '#') start--;
  if (start === 0) return '';
  const before = content[start - 1];
  return start < content.length && (before === ' ' || before === '\t') ? content.slice(0, start).trimEnd() : content;
}

function paragraphText(lines: readonly string[]): string {
  return lines.join('\n').trimEnd();
}

/** The cells of a table row: outer pipes optional, `\|` is a literal pipe (also inside code). */
function splitRow(text: string): string[] {
  let row = text.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const char = row[i]!;
    if (char === '\\' && row[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (char === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell.trim());
  return cells;
}

function parseAlignment(cell: string): Alignment {
  const left = cell.startsWith(':');
  const right = cell.endsWith(':');
  return left && right ? 'center' : right ? 'right' : left ? 'left' : '';
}
