/**
 * The events `<data-frame-table>` fires: one class each, bubbling and composed so a host page hears them from
 * outside the shadow root, with a typed `detail`.
 */

export type SortDirection = 'ascending' | 'descending';

/** What every `frame-` event shares: it bubbles out of the shadow root and carries a typed `detail`. */
abstract class FrameEvent<Detail> extends Event {
  readonly detail: Detail;
  constructor(type: string, detail: Detail, cancelable = false) {
    super(type, { bubbles: true, composed: true, cancelable });
    this.detail = detail;
  }
}

export interface FrameSortChangeDetail {
  /** The server's `order_by`: `name`, `-name`, or null for the frame's own order. */
  readonly orderBy: string | null;
  readonly column: string | null;
  readonly direction: SortDirection | null;
}

/** The person sorted by a column, reversed the sort, or turned it off. */
export class FrameSortChangeEvent extends FrameEvent<FrameSortChangeDetail> {
  static readonly eventName = 'frame-sort-change';
  constructor(detail: FrameSortChangeDetail) {
    super(FrameSortChangeEvent.eventName, detail);
  }
}

export interface FrameColumnsChangeDetail {
  /** Shown columns, in their order on screen. */
  readonly shownColumns: readonly string[];
  /** Widths in CSS pixels of the columns the person resized. */
  readonly columnWidths: Readonly<Record<string, number>>;
}

/** The person showed, hid, moved or resized a column. */
export class FrameColumnsChangeEvent extends FrameEvent<FrameColumnsChangeDetail> {
  static readonly eventName = 'frame-columns-change';
  constructor(detail: FrameColumnsChangeDetail) {
    super(FrameColumnsChangeEvent.eventName, detail);
  }
}

export interface FrameRowFocusDetail {
  /** Zero-based position of the row in the current order. */
  readonly rowIndex: number;
  readonly column: string;
}

/** Keyboard focus or a click moved to another cell of the body. */
export class FrameRowFocusEvent extends FrameEvent<FrameRowFocusDetail> {
  static readonly eventName = 'frame-row-focus';
  constructor(detail: FrameRowFocusDetail) {
    super(FrameRowFocusEvent.eventName, detail);
  }
}

export interface FrameCopyDetail {
  /** The copied cells as tab-separated text, one line per row. */
  readonly text: string;
  readonly rowCount: number;
  readonly columnCount: number;
}

/** The selected cells were copied to the clipboard. */
export class FrameCopyEvent extends FrameEvent<FrameCopyDetail> {
  static readonly eventName = 'frame-copy';
  constructor(detail: FrameCopyDetail) {
    super(FrameCopyEvent.eventName, detail);
  }
}

export interface FrameExportProgressDetail {
  readonly rowsDone: number;
  readonly rowCount: number;
}

/** Another page of an export arrived. */
export class FrameExportProgressEvent extends FrameEvent<FrameExportProgressDetail> {
  static readonly eventName = 'frame-export-progress';
  constructor(detail: FrameExportProgressDetail) {
    super(FrameExportProgressEvent.eventName, detail);
  }
}

export interface FrameExportDetail {
  readonly blob: Blob;
  readonly fileName: string;
  readonly rowCount: number;
  readonly columns: readonly string[];
}

/** An export finished. Cancel it (`preventDefault()`) to keep the file instead of letting the browser save it. */
export class FrameExportEvent extends FrameEvent<FrameExportDetail> {
  static readonly eventName = 'frame-export';
  constructor(detail: FrameExportDetail) {
    super(FrameExportEvent.eventName, detail, true);
  }
}

export interface FrameLoadErrorDetail {
  readonly error: unknown;
  /** First row of the block that failed, or -1 when the frame itself could not be opened. */
  readonly firstRow: number;
}

/** A slice (or the frame listing) failed; the table shows a retry button. */
export class FrameLoadErrorEvent extends FrameEvent<FrameLoadErrorDetail> {
  static readonly eventName = 'frame-load-error';
  constructor(detail: FrameLoadErrorDetail) {
    super(FrameLoadErrorEvent.eventName, detail);
  }
}

export interface FrameOpenDetail {
  readonly name: string;
}

/** The person opened a frame from the conversation's list. */
export class FrameOpenEvent extends FrameEvent<FrameOpenDetail> {
  static readonly eventName = 'frame-open';
  constructor(detail: FrameOpenDetail) {
    super(FrameOpenEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'frame-sort-change': FrameSortChangeEvent;
    'frame-columns-change': FrameColumnsChangeEvent;
    'frame-row-focus': FrameRowFocusEvent;
    'frame-copy': FrameCopyEvent;
    'frame-export-progress': FrameExportProgressEvent;
    'frame-export': FrameExportEvent;
    'frame-load-error': FrameLoadErrorEvent;
    'frame-open': FrameOpenEvent;
  }
}
