import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { themeTokens } from '../../styles/theme.js';
import { formatString } from '../../strings/strings.js';
import { dataFrameTableStyles } from './data-frame-table.styles.js';
import { defaultDataFrameTableStrings, type DataFrameTableStrings } from './data-frame-table.strings.js';
import {
  type FrameCopyDetail,
  FrameColumnsChangeEvent,
  FrameCopyEvent,
  FrameExportEvent,
  FrameExportProgressEvent,
  FrameLoadErrorEvent,
  FrameOpenEvent,
  FrameRowFocusEvent,
  FrameSortChangeEvent,
} from './data-frame-table.events.js';
import { ClientFrameSource, type DataFramesClient, type FrameSummary } from './client-frame-source.js';
import { ColumnLayout, clampColumnWidth, moveColumn, type PlacedColumn } from './column-layout.js';
import { toDelimitedLines, delimitedHeader } from './delimited-text.js';
import { downloadBlob, exportFrameAsCsv } from './frame-export.js';
import { FrameListingController } from './frame-listing-controller.js';
import { FrameRowsController, type RowSlot } from './frame-rows-controller.js';
import { LocalFrameSource, type CellValue, type DataFrameSource, type FrameColumn, type FrameRow } from './frame-source.js';
import { maxElementHeight } from './max-element-height.js';
import { HybridScrollMapping, visibleRowWindow, type RowWindow } from './scroll-mapping.js';
import { ValueFormatter, isNumericType, type FormattedCell } from './value-format.js';

/** Rows rendered beyond each edge of the viewport, so a small scroll never shows an unpainted gap. */
const OVERSCAN_ROWS = 2;
/** A scroll event moving more than this share of the viewport, soon after the last one, is a fling. */
const FLING_VIEWPORTS = 0.75;
/**
 * Scroll events closer than this belong to one continuous movement. Generous, because on a busy main thread
 * frames (and so scroll events) stretch far beyond 16 ms.
 */
const CONTINUOUS_SCROLL_MS = 250;
/**
 * Largest height given to the scroller's content. Chromium keeps scroll offsets as 32-bit floats: once the scroll
 * range passes 2^23 px they lose their half pixel, and the scroller goes one pixel past the content's end, which
 * lifts the sticky header a pixel out of view. Past the browser's own cap the rows are compressed anyway.
 */
const MAX_PRECISE_SCROLL_HEIGHT_PX = 2 ** 23;
/** Keyboard resizing step, in CSS pixels. */
const RESIZE_STEP = 16;
/** Pointer travel before a press on a header becomes a drag that reorders columns. */
const DRAG_THRESHOLD_PX = 6;
const HEADER_ROW = -1;
/** Rows read per request when copying rows that are not in the cache. */
const COPY_PAGE_ROWS = 5_000;
/** Characters that roughly fit one pixel of cell width; longer text gets a tooltip with the full value. */
const AVERAGE_CHAR_PX = 7;

interface CellPosition {
  readonly row: number;
  readonly column: number;
}

interface HeaderPress {
  readonly pointerId: number;
  readonly column: string;
  readonly startX: number;
  readonly mode: 'press' | 'reorder' | 'resize';
  readonly startWidth: number;
}

/**
 * The private fields whose changes render again. None is an attribute; kept apart from the public properties so
 * that the custom-elements manifest does not list them as attributes.
 */
const internalState = {
  virtualTop: { state: true },
  horizontalScroll: { state: true },
  viewportWidth: { state: true },
  viewportHeight: { state: true },
  rowHeight: { state: true },
  active: { state: true },
  anchor: { state: true },
  announcement: { state: true },
  openPanel: { state: true },
  exportProgress: { state: true },
  exportFailed: { state: true },
  reorderTarget: { state: true },
  moving: { state: true },
};

/**
 * A data frame of any size (ten rows or ten million) from an agent server or from memory, scrolling like a
 * local list: only the visible rows and columns are in the DOM, slices are fetched in cached blocks, and rows past
 * the browser's maximum element height stay reachable.
 *
 * Give it a `source` (any `DataFrameSource`), or `columns` and `rows` for data in memory, or a `client` and a
 * `conversation-id` (plus `frame-name` to open one frame; without it, the conversation's frames are listed).
 *
 * @summary A virtualised, keyboard-accessible table for agent-produced data frames of millions of rows.
 *
 * @fires {FrameSortChangeEvent} frame-sort-change - The person sorted by a column, reversed it, or turned sorting off.
 * @fires {FrameColumnsChangeEvent} frame-columns-change - A column was shown, hidden, moved or resized.
 * @fires {FrameRowFocusEvent} frame-row-focus - Focus moved to another body cell.
 * @fires {FrameCopyEvent} frame-copy - Selected cells were copied as tab-separated text.
 * @fires {FrameExportProgressEvent} frame-export-progress - Another page of an export arrived.
 * @fires {FrameExportEvent} frame-export - An export finished; cancelable, to keep the file instead of downloading it.
 * @fires {FrameLoadErrorEvent} frame-load-error - A slice or the frame listing failed.
 * @fires {FrameOpenEvent} frame-open - A frame was opened from the conversation's list.
 *
 * @slot actions - Extra controls at the end of the toolbar.
 * @slot empty - Shown instead of the grid when the frame has no rows.
 *
 * @csspart toolbar - The bar above the grid.
 * @csspart summary - The "rows × columns" text.
 * @csspart button - Every toolbar and panel button.
 * @csspart columns-button - Opens the column chooser.
 * @csspart column-panel - The column chooser.
 * @csspart column-option - One column in the chooser.
 * @csspart export-button - Opens the export choices.
 * @csspart export-menu - The export choices.
 * @csspart export-progress - The progress of a running export.
 * @csspart go-to-row - The "go to row" form.
 * @csspart go-to-row-input - Its number field.
 * @csspart error - A message about rows or a frame that failed, with its retry button.
 * @csspart retry-button - Fetches failed rows again.
 * @csspart scroller - The scrolling viewport.
 * @csspart grid - The ARIA grid painted over the viewport.
 * @csspart header - The sticky header row.
 * @csspart header-cell - A column header.
 * @csspart header-label - A column header's text.
 * @csspart sort-indicator - The arrow of the sorted column.
 * @csspart resize-handle - The drag handle on a header's right edge.
 * @csspart row - A body row.
 * @csspart row-cells - The cells of a row (or of the header) that scroll sideways under the sticky column.
 * @csspart row-provisional - A sample row shown until the real slice arrives.
 * @csspart row-placeholder - A row still loading.
 * @csspart row-failed - A row whose block failed to load.
 * @csspart cell - A body cell.
 * @csspart cell-pinned - A cell of the sticky first column.
 * @csspart cell-number - A numeric cell.
 * @csspart cell-null - A cell holding no value.
 * @csspart placeholder - The bar drawn in a loading cell.
 * @csspart frame-list - The conversation's frames, when none is open.
 * @csspart frame-option - One frame in that list.
 * @csspart empty - The default empty state.
 * @csspart announcer - The visually hidden live region.
 *
 * @cssprop [--frame-row-height=2rem] - Height of every row, header included.
 * @cssprop [--frame-table-height=30rem] - Height of the element.
 * @cssprop [--frame-font-size=0.875rem] - Text size of the grid.
 * @cssprop [--frame-header-bg=var(--convo-surface-raised)] - Header background.
 * @cssprop [--frame-row-alt-bg] - Background of every other row.
 * @cssprop [--frame-selection-bg] - Background of selected cells.
 * @cssprop [--frame-grid-line=var(--convo-border)] - Colour of the lines between cells.
 * @cssprop [--frame-placeholder-bg] - Colour of loading bars.
 */
export class DataFrameTable extends LitElement {
  static override styles = [themeTokens, dataFrameTableStyles];
  // Declared here rather than with decorators, whose code would add 0.5 kB (min+gzip) to the initial load.
  static override properties = {
    source: { attribute: false },
    columns: { attribute: false },
    rows: { attribute: false },
    client: { attribute: false },
    conversationId: { attribute: 'conversation-id' },
    frameName: { attribute: 'frame-name' },
    orderBy: { attribute: 'order-by' },
    shownColumns: { attribute: false },
    columnWidths: { attribute: false },
    theme: { reflect: true },
    locale: {},
    strings: { attribute: false },
    blockSize: { type: Number, attribute: 'block-size' },
    cacheBudget: { type: Number, attribute: 'cache-budget' },
    ...internalState,
  };

  static {
    // The viewport and row height can only be measured once rendered, and the rows they decide must be
    // painted in that same frame: the one update that follows the first is wanted, not an accident.
    this.disableWarning?.('change-in-update');
  }

  private readonly listing = new FrameListingController(this);
  private readonly blocks = new FrameRowsController(this, (firstRow, error) =>
    this.dispatchEvent(new FrameLoadErrorEvent({ error, firstRow })),
  );

  /** Where rows come from. Takes precedence over `rows`/`columns` and over `client`. */
  source: DataFrameSource | null = null;

  /** Local mode: the columns of `rows` (names, or names with types and labels). */
  columns: readonly (FrameColumn | string)[] | null = null;

  /** Local mode: rows in memory, as objects keyed by column name or arrays in `columns` order. */
  rows: readonly (FrameRow | readonly CellValue[])[] | null = null;

  /** The client whose `dataFrames` reads the agent server. */
  client: DataFramesClient | null = null;

  conversationId = '';

  /** The frame to open; empty lists the conversation's frames to choose from. */
  frameName = '';

  /** The server's `order_by`: `name` ascending, `-name` descending, null for the frame's own order. */
  orderBy: string | null = null;

  /** Shown columns in their order; null shows all in the frame's order. */
  shownColumns: readonly string[] | null = null;

  /** Column widths in CSS pixels, by column name; others get a width suited to their type. */
  columnWidths: Readonly<Record<string, number>> = {};

  /** `light` or `dark`; without it the system preference decides. */
  theme: 'light' | 'dark' | undefined;

  /** Locale for numbers and dates; the page's when unset. */
  locale: string | undefined;

  /** Replacements for any of the texts the table shows. */
  strings: Partial<DataFrameTableStrings> = {};

  /** Rows per request. */
  blockSize = 100;

  /** Memory the row cache may use, in bytes. */
  cacheBudget = 32 * 1024 * 1024;

  private virtualTop = 0;
  private horizontalScroll = 0;
  private viewportWidth = 0;
  private viewportHeight = 0;
  private rowHeight = 32;
  private active: CellPosition = { row: 0, column: 0 };
  private anchor: CellPosition = { row: 0, column: 0 };
  private announcement = '';
  /** The id of the open popover panel (the column chooser or the export choices), if one is. */
  private openPanel: 'column-panel' | 'export-menu' | null = null;
  private exportProgress: { rowsDone: number; rowCount: number } | null = null;
  private exportFailed = false;
  private reorderTarget: number | null = null;
  /** True while the viewport flies (a fling or a scrollbar drag): no new fetches until it settles. */
  private moving = false;

  /** The scrolling viewport, read on every scroll event: looked up once. */
  private get scroller(): HTMLElement {
    return (this.scrollerElement ??= this.renderRoot.querySelector<HTMLElement>('[part~="scroller"]')!);
  }
  /** An invisible box `--frame-row-height` tall: its size is the row height in pixels, whatever unit was used. */
  private get rowHeightProbe(): HTMLElement {
    return (this.rowHeightProbeElement ??= this.renderRoot.querySelector<HTMLElement>('[part~="row-height-probe"]')!);
  }
  private scrollerElement: HTMLElement | undefined;
  private rowHeightProbeElement: HTMLElement | undefined;

  private readonly mapping = new HybridScrollMapping();
  /** The strings in effect: the defaults under the host's replacements. */
  private text: DataFrameTableStrings = defaultDataFrameTableStrings;
  private geometryKey = '';
  private effectiveSource: DataFrameSource | null = null;
  private localSource: { columns: unknown; rows: unknown; source: LocalFrameSource } | undefined;
  private remoteSource: { frame: FrameSummary; client: DataFramesClient; source: ClientFrameSource } | undefined;
  private openedFromList = false;
  private direction = 0;
  private lastScrollAt = 0;
  private scrolledThisFrame = false;
  /** A `scrollToRow` waiting for the frame and the viewport's size. */
  private requestedTopRow: { index: number; focus: boolean } | undefined;
  private scrollbarPressed = false;
  private pendingScrollTop: number | undefined;
  private focusAfterUpdate = false;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private exportController: AbortController | undefined;
  private headerPress: HeaderPress | undefined;
  private resizeObserver: ResizeObserver | undefined;

  // ---- Lifecycle ----------------------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pointerup', this.handleWindowPointerUp);
    window.addEventListener('pointercancel', this.handleWindowPointerUp);
    if (this.hasUpdated) this.observeSizes();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pointerup', this.handleWindowPointerUp);
    window.removeEventListener('pointercancel', this.handleWindowPointerUp);
    this.resizeObserver?.disconnect();
    this.exportController?.abort();
    clearTimeout(this.announceTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('strings')) this.text = { ...defaultDataFrameTableStrings, ...this.strings };
    if (!this.hasUpdated) {
      // The host's own box is known before the first render: taken for the viewport (a little larger than the
      // real one), it sizes the canvas, and so the scrollbars, in that render, and starts the first fetch. The
      // rows themselves are rendered once, from the measured viewport, in the update that follows in the same
      // frame (see renderCanvas).
      const host = this.getBoundingClientRect();
      this.viewportWidth = host.width;
      this.viewportHeight = host.height;
    }
    this.resolveSource(changed);
    const source = this.effectiveSource;
    this.blocks.configure(source, { blockSize: Math.max(1, Math.floor(this.blockSize)), budgetBytes: this.cacheBudget });
    this.updateGeometry();
    if (!source) return;
    if (this.requestedTopRow && this.geometryKey !== '') {
      const { index, focus } = this.requestedTopRow;
      this.requestedTopRow = undefined;
      const row = Math.min(Math.max(0, Math.floor(index)), Math.max(0, this.rowCount - 1));
      this.setActive({ row, column: this.active.column }, { extend: false, focus });
      this.scrollToVirtual(row * this.rowHeight);
    }
    const visible = this.rowWindow();
    this.blocks.want(this.shownNames(), this.orderBy, visible.first, visible.end, {
      direction: this.direction,
      moving: this.moving,
    });
  }

  protected override firstUpdated(): void {
    this.measure();
    this.observeSizes();
    // The first render held no rows: this update paints them, even if the measured size matched the estimate.
    this.requestUpdate();
  }

  protected override updated(): void {
    // The scroller was hidden until a frame opened; measuring now paints its rows in this same frame.
    if (this.effectiveSource && this.viewportHeight === 0) this.measure();
    this.keepFocusTruthful();
    if (this.pendingScrollTop !== undefined && this.scroller) {
      this.scroller.scrollTop = this.pendingScrollTop;
      this.pendingScrollTop = undefined;
    }
    if (this.focusAfterUpdate) {
      this.focusAfterUpdate = false;
      this.activeCellElement()?.focus({ preventScroll: true });
    }
  }

  // ---- Public methods -----------------------------------------------------------------------------------------

  /** The rows in the current order, or 0 while no frame is open. */
  get rowCount(): number {
    return this.effectiveSource?.rowCount ?? 0;
  }

  /** Request counters of the row cache (started, aborted, failed, evictions), for diagnostics and benchmarks. */
  get cacheStats(): Readonly<{ requestsStarted: number; requestsAborted: number; requestsFailed: number; evictions: number }> {
    return { ...this.blocks.stats };
  }

  /**
   * Scrolls row `index` (zero-based) to the top of the viewport and makes it the active row. Works before the
   * frame has opened or the viewport been measured: it is applied as soon as both are known.
   */
  scrollToRow(index: number, { focus = false }: { focus?: boolean } = {}): void {
    this.requestedTopRow = { index, focus };
    this.requestUpdate();
  }

  /** Fetches the rows that failed to load again. */
  retry(): void {
    if (this.listing.status === 'error') this.listing.reload();
    this.blocks.retry();
  }

  /**
   * The whole frame (all columns, or the shown ones in their order) read from the source in pages, as a CSV
   * blob in the current order. Fires `frame-export-progress` per page and `frame-export` at the end; unless that
   * is cancelled, the browser saves the file.
   */
  async exportCsv({ columns = 'shown' }: { columns?: 'all' | 'shown' } = {}): Promise<Blob | undefined> {
    const source = this.effectiveSource;
    if (!source) return undefined;
    this.exportController?.abort();
    const controller = (this.exportController = new AbortController());
    const names = columns === 'all' ? source.columns.map((column) => column.name) : this.shownNames();
    this.openPanel = null;
    this.exportFailed = false;
    try {
      const blob = await exportFrameAsCsv(source, {
        columns: names,
        orderBy: this.orderBy,
        signal: controller.signal,
        onProgress: (rowsDone, rowCount) => {
          this.exportProgress = { rowsDone, rowCount };
          this.dispatchEvent(new FrameExportProgressEvent({ rowsDone, rowCount }));
        },
      });
      const fileName = `${this.frameName || 'data-frame'}.csv`;
      const event = new FrameExportEvent({ blob, fileName, rowCount: source.rowCount, columns: names });
      if (this.dispatchEvent(event)) downloadBlob(blob, fileName);
      return blob;
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      this.exportFailed = true;
      throw error;
    } finally {
      if (this.exportController === controller) {
        this.exportController = undefined;
        this.exportProgress = null;
      }
    }
  }

  /** Stops a running export. */
  cancelExport(): void {
    this.exportController?.abort();
  }

  /** The selected cells as tab-separated text, reading rows the cache lacks from the source. */
  async selectionAsText(): Promise<FrameCopyDetail> {
    return this.cachedSelectionText() ?? this.selectionText(await this.readSelectionRows());
  }

  /** The selection as text if every selected row is cached, so that a copy event can answer at once. */
  private cachedSelectionText(): FrameCopyDetail | undefined {
    const { top, bottom } = this.selection();
    const rows: FrameRow[] = [];
    for (let index = Math.max(0, top); index <= bottom; index++) {
      const row = this.blocks.loadedRow(index);
      if (!row) return undefined;
      rows.push(row);
    }
    return this.selectionText(rows);
  }

  private async readSelectionRows(): Promise<FrameRow[]> {
    const { top, bottom } = this.selection();
    const rows: FrameRow[] = [];
    for (let offset = Math.max(0, top); offset <= bottom && this.effectiveSource; offset += COPY_PAGE_ROWS) {
      const limit = Math.min(COPY_PAGE_ROWS, bottom - offset + 1);
      rows.push(...(await this.effectiveSource.getRows(offset, limit, { columns: this.shownNames(), orderBy: this.orderBy })));
    }
    return rows;
  }

  private selectionText(rows: readonly FrameRow[]): FrameCopyDetail {
    const { top, left, right } = this.selection();
    const columns = this.shownNames().slice(left, right + 1);
    const text = (top === HEADER_ROW ? delimitedHeader(columns, '\t') : '') + toDelimitedLines(rows, columns, '\t');
    return { text, rowCount: rows.length, columnCount: columns.length };
  }

  // ---- Source, geometry, windows ------------------------------------------------------------------------------

  private resolveSource(changed: PropertyValues<this>): void {
    let next: DataFrameSource | null = null;
    if (this.source) {
      next = this.source;
    } else if (this.rows && this.columns) {
      if (this.localSource?.rows !== this.rows || this.localSource.columns !== this.columns) {
        this.localSource = { rows: this.rows, columns: this.columns, source: LocalFrameSource.fromRows(this.columns, this.rows) };
      }
      next = this.localSource.source;
    } else if (this.client && this.conversationId) {
      if (changed.has('client') || changed.has('conversationId')) this.openedFromList = false;
      this.listing.load(this.client, this.conversationId);
      const frame = this.listing.frames.find((summary) => summary.name === this.frameName);
      if (frame && this.frameName) {
        if (this.remoteSource?.frame !== frame || this.remoteSource.client !== this.client) {
          // A new listing (another conversation, or a reload) gives new frame objects, hence a new source.
          this.remoteSource = { frame, client: this.client, source: new ClientFrameSource(this.client, this.conversationId, frame) };
        }
        next = this.remoteSource.source;
      }
    }
    if (next === this.effectiveSource) return;
    this.effectiveSource = next;
    // An empty frame still has its header: that is where Tab lands.
    this.active = { row: next && next.rowCount > 0 ? 0 : HEADER_ROW, column: 0 };
    this.anchor = this.active;
    this.horizontalScroll = 0;
    this.geometryKey = '';
    this.mapping.scrollToVirtual(0);
    this.virtualTop = 0;
    this.pendingScrollTop = 0;
  }

  private updateGeometry(): void {
    const bodyHeight = Math.max(0, this.viewportHeight - this.rowHeight);
    const key = `${this.rowCount}:${this.rowHeight}:${bodyHeight}`;
    if (key === this.geometryKey || this.viewportHeight === 0) return;
    this.geometryKey = key;
    // A scroll whose event has not arrived yet is taken in first: the place to keep is the one the scroller
    // already shows. Otherwise the offset assigned below would undo it. An offset of our own still waiting to
    // be assigned wins, as it will over whatever the scroller holds now.
    if (this.hasUpdated && this.pendingScrollTop === undefined) this.mapping.onScroll(this.scroller.scrollTop);
    const physicalTop = this.mapping.setGeometry({
      contentHeight: this.rowCount * this.rowHeight,
      maxPhysicalHeight: Math.min(maxElementHeight(this.ownerDocument), MAX_PRECISE_SCROLL_HEIGHT_PX) - this.rowHeight,
      viewportHeight: bodyHeight,
    });
    this.virtualTop = this.mapping.virtualTop;
    // Before the first render there is no scroller yet; it starts at the top anyway.
    if (this.hasUpdated && Math.abs(this.scroller.scrollTop - physicalTop) > 1) this.pendingScrollTop = physicalTop;
  }

  private get bodyViewportHeight(): number {
    return Math.max(0, this.viewportHeight - this.rowHeight);
  }

  private rowWindow() {
    return visibleRowWindow(this.virtualTop, this.bodyViewportHeight, this.rowHeight, this.rowCount, OVERSCAN_ROWS);
  }

  private columnLayout(): ColumnLayout {
    const byName = new Map((this.effectiveSource?.columns ?? []).map((column) => [column.name, column]));
    const shown = this.shownNames().map((name) => byName.get(name)!);
    return new ColumnLayout(shown, this.columnWidths);
  }

  /** The shown column names, in order: the `shownColumns` that exist in the frame, else all of them. */
  private shownNames(): string[] {
    const all = (this.effectiveSource?.columns ?? []).map((column) => column.name);
    if (!this.shownColumns) return all;
    const known = new Set(all);
    const shown = this.shownColumns.filter((name) => known.has(name));
    return shown.length > 0 ? shown : all;
  }

  private scrollToVirtual(virtualTop: number): void {
    this.pendingScrollTop = this.mapping.scrollToVirtual(virtualTop);
    this.virtualTop = this.mapping.virtualTop;
    this.direction = 0;
  }

  private observeSizes(): void {
    // Measuring a frame later keeps our own re-render (which may resize what is observed) out of the
    // observer's delivery, which would otherwise end in a "ResizeObserver loop" error.
    this.resizeObserver ??= new ResizeObserver(() => requestAnimationFrame(() => this.measure()));
    this.resizeObserver.observe(this.scroller);
    this.resizeObserver.observe(this.rowHeightProbe);
  }

  private measure(): void {
    if (!this.scroller) return;
    this.viewportWidth = this.scroller.clientWidth;
    this.viewportHeight = this.scroller.clientHeight;
    const rowHeight = this.rowHeightProbe?.getBoundingClientRect().height ?? 0;
    if (rowHeight > 0) this.rowHeight = rowHeight;
  }

  // ---- Active cell, selection, announcements ------------------------------------------------------------------

  private setActive(position: CellPosition, { extend, focus }: { extend: boolean; focus: boolean }): void {
    const lastColumn = Math.max(0, this.shownNames().length - 1);
    const row = Math.min(Math.max(HEADER_ROW, position.row), Math.max(HEADER_ROW, this.rowCount - 1));
    const column = Math.min(Math.max(0, position.column), lastColumn);
    const rowChanged = row !== this.active.row;
    this.active = { row, column };
    if (!extend) this.anchor = this.active;
    this.focusAfterUpdate = focus;
    if (row >= 0 && this.shownNames()[column] !== undefined) {
      this.dispatchEvent(new FrameRowFocusEvent({ rowIndex: row, column: this.shownNames()[column]! }));
    }
    if (rowChanged && row >= 0) this.announceRow(row);
  }

  private announceRow(row: number): void {
    clearTimeout(this.announceTimer);
    // Held back a moment so holding an arrow key speaks only where it stops.
    this.announceTimer = setTimeout(() => {
      this.announcement = this.countsText(this.text.rowOfCount, { row: row + 1, rowCount: this.rowCount });
    }, 200);
  }

  /** Scrolls so the active cell is fully visible (vertically below the header, horizontally beside column 1). */
  private revealActive(): void {
    const { row, column } = this.active;
    if (row >= 0) {
      const rowTop = row * this.rowHeight;
      if (rowTop < this.virtualTop) this.scrollToVirtual(rowTop);
      else if (rowTop + this.rowHeight > this.virtualTop + this.bodyViewportHeight) {
        this.scrollToVirtual(rowTop + this.rowHeight - this.bodyViewportHeight);
      }
    }
    const left = this.columnLayout().scrollLeftToReveal(column, this.horizontalScroll, this.viewportWidth);
    if (left !== this.horizontalScroll && this.scroller) {
      this.scroller.scrollLeft = left;
      this.horizontalScroll = this.scroller.scrollLeft;
    }
  }

  /** The selected rectangle between the anchor and the active cell; `top` is the header's -1 when it is in. */
  private selection() {
    const { active, anchor } = this;
    return {
      top: Math.min(active.row, anchor.row),
      bottom: Math.max(active.row, anchor.row),
      left: Math.min(active.column, anchor.column),
      right: Math.max(active.column, anchor.column),
    };
  }

  private isSelected(row: number, column: number): boolean {
    const { top, bottom, left, right } = this.selection();
    return row >= top && row <= bottom && column >= left && column <= right;
  }

  /**
   * Row and cell elements show other rows and columns as the viewport moves. When the focused element now
   * shows another cell, focus follows the active cell to the element showing it; when the active cell has left
   * the DOM, focus moves to the grid itself, which keeps the keyboard working (the next key brings the active
   * cell back) without a focus ring on a cell the person never chose.
   */
  private keepFocusTruthful(): void {
    const focused = cellPosition(this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null);
    if (focused && (focused.row !== this.active.row || focused.column !== this.active.column)) {
      (this.activeCellElement() ?? this.renderRoot.querySelector<HTMLElement>('[part~="grid"]'))?.focus({ preventScroll: true });
    }
  }

  private activeCellElement(): HTMLElement | null {
    const { row, column } = this.active;
    return this.renderRoot.querySelector<HTMLElement>(`[aria-rowindex="${row + 2}"] [aria-colindex="${column + 1}"]`);
  }

  // ---- Columns and sorting ------------------------------------------------------------------------------------

  private setShownColumns(names: readonly string[]): void {
    this.shownColumns = [...names];
    this.active = { row: this.active.row, column: Math.min(this.active.column, names.length - 1) };
    this.anchor = this.active;
    this.dispatchEvent(new FrameColumnsChangeEvent({ shownColumns: this.shownColumns, columnWidths: this.columnWidths }));
  }

  private setColumnWidth(name: string, width: number, { notify }: { notify: boolean }): void {
    this.columnWidths = { ...this.columnWidths, [name]: clampColumnWidth(width) };
    if (notify) this.notifyColumnWidths();
  }

  private notifyColumnWidths(): void {
    this.dispatchEvent(new FrameColumnsChangeEvent({ shownColumns: this.shownNames(), columnWidths: this.columnWidths }));
  }

  private toggleColumn(name: string, shown: boolean): void {
    const current = this.shownNames();
    if (shown) {
      // A column shown again goes back to its place in the frame's order among the shown ones.
      const all = (this.effectiveSource?.columns ?? []).map((column) => column.name);
      this.setShownColumns(all.filter((candidate) => candidate === name || current.includes(candidate)));
    } else if (current.length > 1) {
      this.setShownColumns(current.filter((candidate) => candidate !== name));
    }
  }

  /** Ascending, then descending, then the frame's own order. Rows stay where they are on screen. */
  private cycleSort(name: string): void {
    if (!this.effectiveSource?.sortable) return;
    const next = this.orderBy === name ? `-${name}` : this.orderBy === `-${name}` ? null : name;
    this.orderBy = next;
    this.dispatchEvent(
      new FrameSortChangeEvent({
        orderBy: next,
        column: next === null ? null : name,
        direction: next === null ? null : next.startsWith('-') ? 'descending' : 'ascending',
      }),
    );
  }

  // ---- Handlers ------------------------------------------------------------------------------------------------

  private handleScroll = (): void => {
    const scroller = this.scroller;
    const now = performance.now();
    const previousTop = this.virtualTop;
    this.virtualTop = this.mapping.onScroll(scroller.scrollTop);
    this.horizontalScroll = scroller.scrollLeft;
    const moved = this.virtualTop - previousTop;
    if (moved !== 0) this.direction = Math.sign(moved);
    const continuous = now - this.lastScrollAt < CONTINUOUS_SCROLL_MS;
    this.lastScrollAt = now;
    this.scrolledThisFrame = true;
    const flying = continuous && Math.abs(moved) > this.bodyViewportHeight * FLING_VIEWPORTS;
    if ((flying || (this.scrollbarPressed && moved !== 0)) && !this.moving) {
      this.moving = true;
      requestAnimationFrame(this.checkSettled);
    }
  };

  /**
   * Runs once per frame while the viewport flies; the first frame without a scroll event since the previous
   * one means it stopped, and the rows where it stopped are fetched. Counting frames rather than milliseconds
   * holds on a slow machine, where every frame may take longer than any fixed delay.
   */
  private checkSettled = (): void => {
    if (this.scrolledThisFrame) {
      this.scrolledThisFrame = false;
      requestAnimationFrame(this.checkSettled);
    } else {
      this.moving = false;
    }
  };

  /** A press on the scroller itself (not on its content) is a press on its scrollbar: a drag may follow. */
  private handleScrollerPointerDown = (event: PointerEvent): void => {
    if (event.target === this.scroller) this.scrollbarPressed = true;
  };

  private handleWindowPointerUp = (): void => {
    this.scrollbarPressed = false;
  };

  private handleGridKeydown = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement;
    if (!target.matches('[role="gridcell"], [role="columnheader"], [role="grid"]')) return;
    const { row, column } = this.active;
    const lastRow = this.rowCount - 1;
    const lastColumn = this.shownNames().length - 1;
    const pageRows = Math.max(1, Math.floor(this.bodyViewportHeight / this.rowHeight) - 1);
    const control = event.ctrlKey || event.metaKey;
    const extend = event.shiftKey;
    let next: CellPosition | undefined;
    if (row === HEADER_ROW && event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      const name = this.shownNames()[column]!;
      const step = event.key === 'ArrowLeft' ? -1 : 1;
      if (event.shiftKey) {
        this.setShownColumns(moveColumn(this.shownNames(), name, column + step));
        this.setActive({ row, column: column + step }, { extend: false, focus: true });
        this.revealActive();
      } else {
        const width = this.columnLayout().placed[column]?.width ?? 0;
        this.setColumnWidth(name, width + step * RESIZE_STEP, { notify: true });
      }
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case 'ArrowDown':
        next = { row: Math.min(row + 1, lastRow), column };
        break;
      case 'ArrowUp':
        next = { row: Math.max(row - 1, HEADER_ROW), column };
        break;
      case 'ArrowRight':
        next = { row, column: Math.min(column + 1, lastColumn) };
        break;
      case 'ArrowLeft':
        next = { row, column: Math.max(column - 1, 0) };
        break;
      case 'PageDown':
        next = { row: Math.min(row + pageRows, lastRow), column };
        break;
      case 'PageUp':
        next = { row: Math.max(row - pageRows, row === HEADER_ROW ? HEADER_ROW : 0), column };
        break;
      case 'Home':
        next = control ? { row: 0, column: 0 } : { row, column: 0 };
        break;
      case 'End':
        next = control ? { row: lastRow, column: lastColumn } : { row, column: lastColumn };
        break;
      case 'Enter':
      case ' ':
        if (row === HEADER_ROW) this.cycleSort(this.shownNames()[column]!);
        else break;
        event.preventDefault();
        return;
      case 'a':
      case 'A':
        if (!control) return;
        this.anchor = { row: 0, column: 0 };
        this.active = { row: lastRow, column: lastColumn };
        event.preventDefault();
        return;
      case 'Escape':
        this.anchor = this.active;
        return;
      default:
        return;
    }
    if (!next) return;
    event.preventDefault();
    this.setActive(next, { extend, focus: true });
    this.revealActive();
  };

  private handleGridFocusIn = (event: FocusEvent): void => {
    const position = cellPosition(event.target as Element);
    if (position && (position.row !== this.active.row || position.column !== this.active.column)) {
      this.setActive(position, { extend: false, focus: false });
    }
  };

  private handleBodyPointerDown = (event: PointerEvent): void => {
    const position = cellPosition(event.target as Element);
    if (!position || event.button !== 0) return;
    this.setActive(position, { extend: event.shiftKey, focus: true });
    if (event.shiftKey) event.preventDefault();
  };

  private handleCopy = (event: ClipboardEvent): void => {
    event.preventDefault();
    const cached = this.cachedSelectionText();
    if (cached && event.clipboardData) {
      event.clipboardData.setData('text/plain', cached.text);
      this.copied(cached);
      return;
    }
    // Rows the cache lacks are read first; the clipboard API then takes the text once it is complete.
    void this.selectionAsText().then(async (copied) => {
      await navigator.clipboard?.writeText(copied.text).catch(() => undefined);
      this.copied(copied);
    });
  };

  /** Tells the page (an event) and the person (the live region: a copy shows nothing on screen) what was copied. */
  private copied(detail: FrameCopyDetail): void {
    this.announcement = this.countsText(this.text.copiedCells, { rowCount: detail.rowCount, columnCount: detail.columnCount });
    this.dispatchEvent(new FrameCopyEvent(detail));
  }

  private handleHeaderPointerDown = (event: PointerEvent, placed: PlacedColumn): void => {
    if (event.button !== 0) return;
    const handle = (event.target as HTMLElement).closest('[part~="resize-handle"]');
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    this.headerPress = {
      pointerId: event.pointerId,
      column: placed.column.name,
      startX: event.clientX,
      mode: handle ? 'resize' : 'press',
      startWidth: placed.width,
    };
    if (handle) event.preventDefault();
  };

  private handleHeaderPointerMove = (event: PointerEvent): void => {
    const press = this.headerPress;
    if (!press || press.pointerId !== event.pointerId) return;
    const dx = event.clientX - press.startX;
    if (press.mode === 'resize') {
      this.setColumnWidth(press.column, press.startWidth + dx, { notify: false });
      return;
    }
    if (press.mode === 'press' && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
    this.headerPress = { ...press, mode: 'reorder' };
    const x = event.clientX - this.scroller.getBoundingClientRect().left;
    this.reorderTarget = this.columnLayout().columnAt(x, this.horizontalScroll)?.index ?? null;
  };

  private handleHeaderPointerUp = (event: PointerEvent): void => {
    const press = this.headerPress;
    if (!press || press.pointerId !== event.pointerId) return;
    this.headerPress = undefined;
    if (press.mode === 'resize') {
      this.notifyColumnWidths();
    } else if (press.mode === 'reorder') {
      if (this.reorderTarget !== null) this.setShownColumns(moveColumn(this.shownNames(), press.column, this.reorderTarget));
      this.reorderTarget = null;
    } else {
      this.setActive({ row: HEADER_ROW, column: this.shownNames().indexOf(press.column) }, { extend: false, focus: true });
      this.cycleSort(press.column);
    }
  };

  /** Escape closes the column chooser or the export choices and gives focus back to their button. */
  private handlePopoverKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.openPanel) return;
    event.stopPropagation();
    this.openPanel = null;
    (event.currentTarget as HTMLElement).querySelector<HTMLElement>('button')?.focus();
  };

  /** Focus leaving a popover and its button closes the popover. */
  private handlePopoverFocusOut = (event: FocusEvent): void => {
    const anchor = event.currentTarget as HTMLElement;
    if (!anchor.contains(event.relatedTarget as Node | null)) this.openPanel = null;
  };

  private handleGoToRow = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('row') as HTMLInputElement;
    const row = Number(input.value);
    if (!Number.isFinite(row) || row < 1) return;
    this.scrollToRow(row - 1, { focus: true });
  };

  private handleFrameChosen(name: string): void {
    this.frameName = name;
    this.openedFromList = true;
    this.dispatchEvent(new FrameOpenEvent({ name }));
  }

  // ---- Rendering ------------------------------------------------------------------------------------------------


  override render(): TemplateResult {
    const source = this.effectiveSource;
    return html`
      ${this.renderToolbar(source)} ${this.renderListing(source)}
      <div
        part="scroller"
        ?hidden=${!source}
        @scroll=${this.handleScroll}
        @pointerdown=${this.handleScrollerPointerDown}
      >
        ${source ? this.renderCanvas(source) : nothing}
      </div>
      <div part="row-height-probe" aria-hidden="true"></div>
      ${source && source.rowCount === 0
        ? html`<slot name="empty"><p part="empty">${this.text.emptyFrame}</p></slot>`
        : nothing}
      <div part="announcer" class="visually-hidden" aria-live="polite">${this.announcement}</div>
      <span id="header-keys-hint" hidden>${this.text.headerKeysHint}</span>
    `;
  }

  private renderToolbar(source: DataFrameSource | null): TemplateResult | typeof nothing {
    if (!source && !this.openedFromList) return nothing;
    const text = this.text;
    return html`
      <div part="toolbar">
        ${this.openedFromList
          ? html`<button part="button" type="button" @click=${() => (this.frameName = '')}>${text.allFramesButton}</button>`
          : nothing}
        ${source
          ? html`
              <span part="summary">
                ${this.frameName ? html`<strong>${this.frameName}</strong> ` : nothing}
                ${this.countsText(text.rowsByColumns, { rowCount: source.rowCount, columnCount: source.columns.length })}
              </span>
              <form part="go-to-row" @submit=${this.handleGoToRow}>
                <label>
                  ${text.goToRowLabel}
                  <input part="go-to-row-input" name="row" type="number" min="1" max=${source.rowCount} inputmode="numeric" />
                </label>
                <button part="button" type="submit">${text.goToRowButton}</button>
              </form>
              ${this.renderColumnChooser(source)} ${this.renderExport()}
            `
          : nothing}
        <slot name="actions"></slot>
      </div>
      ${this.renderErrors(source)}
    `;
  }

  /**
   * A toolbar button with the panel it opens below it. The panel's content is built only while it is open: a
   * frame of hundreds of columns costs the first paint nothing for a chooser nobody opened.
   */
  private renderPopover(
    panelId: NonNullable<DataFrameTable['openPanel']>,
    buttonPart: string,
    label: string,
    panel: () => TemplateResult,
  ): TemplateResult {
    const open = this.openPanel === panelId;
    return html`
      <div class="popover-anchor" @keydown=${this.handlePopoverKeydown} @focusout=${this.handlePopoverFocusOut}>
        <button
          part="button ${buttonPart}"
          type="button"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${panelId}
          @click=${() => (this.openPanel = open ? null : panelId)}
        >
          ${label}
        </button>
        ${open ? panel() : nothing}
      </div>
    `;
  }

  private renderColumnChooser(source: DataFrameSource): TemplateResult {
    const text = this.text;
    return this.renderPopover('column-panel', 'columns-button', text.columnsButton, () => {
      const shown = this.shownNames();
      const hidden = source.columns.map((column) => column.name).filter((name) => !shown.includes(name));
      const labels = new Map(source.columns.map((column) => [column.name, column.label ?? column.name]));
      const moveButton = (label: string, name: string, to: number, template: string, arrow: string) => html`<button
        part="button"
        type="button"
        aria-label=${formatString(template, { column: label })}
        ?disabled=${to < 0 || to >= shown.length || !shown.includes(name)}
        @click=${() => this.setShownColumns(moveColumn(shown, name, to))}
      >
        ${arrow}
      </button>`;
      return html`<ul id="column-panel" part="column-panel" aria-label=${text.columnsButton}>
        ${[...shown, ...hidden].map((name) => {
          const position = shown.indexOf(name);
          const label = labels.get(name) ?? name;
          return html`<li part="column-option">
            <label>
              <input
                type="checkbox"
                .checked=${position >= 0}
                ?disabled=${position >= 0 && shown.length === 1}
                @change=${(event: Event) => this.toggleColumn(name, (event.target as HTMLInputElement).checked)}
              />
              ${label}
            </label>
            ${moveButton(label, name, position - 1, text.moveColumnEarlier, '↑')}
            ${moveButton(label, name, position + 1, text.moveColumnLater, '↓')}
          </li>`;
        })}
      </ul>`;
    });
  }

  private renderExport(): TemplateResult {
    const text = this.text;
    const progress = this.exportProgress;
    if (progress) {
      const label = this.countsText(text.exportProgress, progress);
      return html`
        <span part="export-progress" role="status">
          <progress max=${progress.rowCount} .value=${progress.rowsDone} aria-label=${label}></progress>
          ${label}
          <button part="button" type="button" @click=${() => this.cancelExport()}>${text.cancelExport}</button>
        </span>
      `;
    }
    const choice = (columns: 'all' | 'shown', label: string) =>
      html`<button part="button" type="button" @click=${() => void this.exportCsv({ columns }).catch(() => undefined)}>${label}</button>`;
    return this.renderPopover(
      'export-menu',
      'export-button',
      text.exportButton,
      () => html`<div id="export-menu" part="export-menu">
        ${choice('all', text.exportAllColumns)} ${choice('shown', text.exportShownColumns)}
      </div>`,
    );
  }

  private renderErrors(source: DataFrameSource | null): TemplateResult | typeof nothing {
    const text = this.text;
    if (this.listing.status === 'error' && !source) {
      return html`<div part="error" role="alert">
        ${formatString(text.frameFailed, { message: errorMessage(this.listing.error) })} ${this.renderRetryButton()}
      </div>`;
    }
    const visible = source ? this.rowWindow() : { first: 0, end: 0 };
    let failed = false;
    for (let index = visible.first; index < visible.end && !failed; index++) failed = this.blocks.hasFailed(index);
    const messages = [
      failed ? html`${text.rowsFailed} ${this.renderRetryButton()}` : nothing,
      this.exportFailed ? html`${text.exportFailed}` : nothing,
    ];
    return failed || this.exportFailed ? html`<div part="error" role="alert">${messages}</div>` : nothing;
  }

  private renderRetryButton(): TemplateResult {
    return html`<button part="button retry-button" type="button" @click=${() => this.retry()}>${this.text.retry}</button>`;
  }

  /** With a conversation but no open frame: its frames to choose from, or how their listing is going. */
  private renderListing(source: DataFrameSource | null): TemplateResult | typeof nothing {
    if (source || !this.client || !this.conversationId) return nothing;
    const text = this.text;
    const { status, frames } = this.listing;
    if (status === 'idle' || status === 'pending') {
      return html`<p part="empty" role="status">${this.frameName ? text.openingFrame : text.loadingFrames}</p>`;
    }
    // A failed listing is told (with its retry) by renderErrors.
    if (status === 'error') return nothing;
    if (frames.length === 0) return html`<p part="empty">${text.noFrames}</p>`;
    return html`
      <section part="frame-list" aria-label=${text.framesHeading}>
        <h2>${text.framesHeading}</h2>
        <ul>
          ${frames.map(
            (frame) => html`<li>
              <button part="frame-option" type="button" @click=${() => this.handleFrameChosen(frame.name)}>
                <strong>${frame.name}</strong>
                <span>${this.countsText(text.rowsByColumns, { rowCount: frame.rowCount, columnCount: frame.columnCount })}</span>
                ${frame.description ? html`<span>${frame.description}</span>` : nothing}
              </button>
            </li>`,
          )}
        </ul>
      </section>
    `;
  }

  private renderCanvas(source: DataFrameSource): TemplateResult {
    const layout = this.columnLayout();
    const [pinned, ...scrolling] = layout.visibleColumns(this.horizontalScroll, this.viewportWidth);
    const visible = this.rowWindow();
    const canvasHeight = this.rowHeight + this.mapping.physicalHeight;
    // Rows flow in the body, which is moved to put the first of them where it belongs: a scroll restyles one
    // element, however many rows are in view. The offset stays small even ten million rows down.
    const bodyOffset = (visible.first + 1) * this.rowHeight - this.virtualTop;
    const rows: TemplateResult[] = [];
    const tabStopRow = this.tabStopRow(visible);
    // The first render only sizes the canvas from an estimated viewport, to be measured right after: building
    // rows and header cells for that estimate would be work thrown away within the same frame.
    const measured = this.hasUpdated;
    // Element by position: the same elements show the next rows as the viewport moves (nothing is built or
    // moved while scrolling, only values change), and the DOM stays in row order for screen readers.
    for (let index = visible.first; measured && index < visible.end; index++) {
      rows.push(this.renderRow(index, pinned, scrolling, tabStopRow));
    }
    return html`
      <div part="canvas" style="width:${layout.totalWidth}px;height:${canvasHeight}px">
        <div
          part="grid"
          class=${this.active.row !== this.anchor.row || this.active.column !== this.anchor.column ? 'has-range' : ''}
          role="grid"
          tabindex="-1"
          aria-label=${this.frameName || this.text.tableLabel}
          aria-rowcount=${source.rowCount + 1}
          aria-colcount=${layout.placed.length}
          aria-multiselectable="true"
          style="width:${this.viewportWidth}px;height:${this.viewportHeight}px"
          @keydown=${this.handleGridKeydown}
          @focusin=${this.handleGridFocusIn}
          @copy=${this.handleCopy}
        >
          ${measured ? this.renderHeader(pinned, scrolling, source) : nothing}
          <div
            role="rowgroup"
            part="body"
            class="body"
            style="transform:translateY(${bodyOffset}px)"
            @pointerdown=${this.handleBodyPointerDown}
          >
            ${rows}
          </div>
        </div>
      </div>
    `;
  }

  private renderHeader(
    pinned: PlacedColumn | undefined,
    scrolling: readonly PlacedColumn[],
    source: DataFrameSource,
  ): TemplateResult {
    const cell = (placed: PlacedColumn) => this.renderHeaderCell(placed, source);
    return html`
      <div part="header" class="header" role="row" aria-rowindex="1">
        ${pinned ? cell(pinned) : nothing}
        <div part="row-cells" class="scrolling-cells" style="transform:translateX(${-this.horizontalScroll}px)">
          ${scrolling.map(cell)}
        </div>
      </div>
    `;
  }

  private renderHeaderCell(placed: PlacedColumn, source: DataFrameSource): TemplateResult {
    const name = placed.column.name;
    const label = placed.column.label ?? name;
    const sort = this.orderBy === name ? 'ascending' : this.orderBy === `-${name}` ? 'descending' : 'none';
    const active = this.active.row === HEADER_ROW && this.active.column === placed.index;
    return html`<div
      role="columnheader"
      part=${cellParts('header-cell', placed)}
      class="cell ${cellParts('header-cell', placed)}${this.reorderTarget === placed.index ? ' drop-target' : ''}"
      aria-colindex=${placed.index + 1}
      aria-sort=${sort}
      aria-describedby="header-keys-hint"
      tabindex=${active ? 0 : -1}
      style="left:${placed.index === 0 ? 0 : placed.left}px;width:${placed.width}px"
      @pointerdown=${(event: PointerEvent) => this.handleHeaderPointerDown(event, placed)}
      @pointermove=${this.handleHeaderPointerMove}
      @pointerup=${this.handleHeaderPointerUp}
      @pointercancel=${this.handleHeaderPointerUp}
    >
      <span part="header-label">${label}</span>
      ${sort !== 'none' && source.sortable
        ? html`<span part="sort-indicator" aria-hidden="true">${sort === 'ascending' ? '▲' : '▼'}</span>`
        : nothing}
      <span part="resize-handle" aria-hidden="true" title=${formatString(this.text.resizeColumn, { column: label })}></span>
    </div>`;
  }

  private renderRow(
    index: number,
    pinned: PlacedColumn | undefined,
    scrolling: readonly PlacedColumn[],
    tabStopRow: number,
  ): TemplateResult {
    const slot = this.blocks.slot(index);
    const state = slot.kind === 'row' ? (slot.provisional ? 'provisional' : '') : slot.kind === 'loading' ? 'placeholder' : 'failed';
    const cell = (placed: PlacedColumn) => this.renderCell(index, placed, slot, tabStopRow);
    return html`<div
      role="row"
      part=${state ? `row row-${state}` : 'row'}
      class="row${index % 2 === 1 ? ' odd' : ''}${state ? ` ${state}` : ''}"
      aria-rowindex=${index + 2}
      aria-busy=${slot.kind === 'row' && !slot.provisional ? 'false' : 'true'}
    >
      ${pinned ? cell(pinned) : nothing}
      <div part="row-cells" class="scrolling-cells" style="transform:translateX(${-this.horizontalScroll}px)">
        ${scrolling.map(cell)}
      </div>
    </div>`;
  }

  /**
   * One template for loading and loaded cells alike, so a cell keeps its element (and keyboard focus) when its
   * row arrives.
   */
  private renderCell(index: number, placed: PlacedColumn, slot: RowSlot, tabStopRow: number): TemplateResult {
    const tabStop = index === tabStopRow && placed.index === this.active.column;
    const formatted = slot.kind === 'row' ? this.formatCell(slot.row[placed.column.name], placed.column) : undefined;
    const long = formatted !== undefined && formatted.text.length * AVERAGE_CHAR_PX > placed.width;
    // The element's own stylesheet matches these as classes, which is faster than matching parts.
    const parts = formatted?.missing ? `${cellParts('cell', placed)} cell-null` : cellParts('cell', placed);
    const placeholderLabel = slot.kind === 'loading' ? this.text.loadingRows : this.text.rowsFailed;
    return html`<div
      role="gridcell"
      part=${parts}
      class=${parts}
      aria-colindex=${placed.index + 1}
      aria-selected=${this.isSelected(index, placed.index) ? 'true' : 'false'}
      aria-label=${formatted ? nothing : placeholderLabel}
      tabindex=${tabStop ? 0 : -1}
      title=${ifDefined(long ? formatted.text : undefined)}
      style="left:${placed.index === 0 ? 0 : placed.left}px;width:${placed.width}px"
    >${formatted ? formatted.text : html`<span part="placeholder" class="loading-bar"></span>`}</div>`;
  }

  /**
   * The row whose cell in the active column has tabindex 0: the active row, or, when the person scrolled it out
   * of the DOM, the first row on screen, so Tab always lands in the grid.
   */
  private tabStopRow(visible: RowWindow): number {
    const row = this.active.row;
    if (row === HEADER_ROW || (row >= visible.first && row < visible.end)) return row;
    return Math.min(this.rowCount - 1, Math.ceil(this.virtualTop / this.rowHeight));
  }

  /** `template` with its `{name}` placeholders filled by the numbers in `counts`, grouped the locale's way. */
  private countsText(template: string, counts: Readonly<Record<string, number>>): string {
    const formatter = ValueFormatter.for(this.locale);
    const values: Record<string, string> = {};
    for (const [name, count] of Object.entries(counts)) values[name] = formatter.count(count);
    return formatString(template, values);
  }

  private formatCell(value: CellValue, column: FrameColumn): FormattedCell {
    return ValueFormatter.for(this.locale).format(value, column.type, this.text);
  }
}

/** Parts for hosts to style a cell by: `cell` or `header-cell`, plus `cell-pinned` and `cell-number`. */
function cellParts(base: 'cell' | 'header-cell', placed: PlacedColumn): string {
  return `${base}${placed.index === 0 ? ' cell-pinned' : ''}${isNumericType(placed.column.type) ? ' cell-number' : ''}`;
}

/**
 * The cell (or column header) `element` is in, read from its ARIA indexes: the header row is `aria-rowindex`
 * 1 (row -1), body rows start at 2; columns at 1.
 */
function cellPosition(element: Element | null): CellPosition | undefined {
  const cell = element?.closest('[aria-colindex]');
  const row = cell?.closest('[aria-rowindex]');
  if (!cell || !row) return undefined;
  return { row: Number(row.getAttribute('aria-rowindex')) - 2, column: Number(cell.getAttribute('aria-colindex')) - 1 };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
