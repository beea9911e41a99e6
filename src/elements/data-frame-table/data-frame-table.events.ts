/**
 * The events `<data-frame-table>` fires: one class each, bubbling and composed so a host page hears them from
 * outside the shadow root, with a typed `detail`.
 */

export type SortDirection = 'ascending' | 'descending';

export interface FrameSortChangeDetail {
  /** The server's `order_by`: `name`, `-name`, or null for the frame's own order. */
  readonly orderBy: string | null;
  readonly column: string | null;
  readonly direction: SortDirection | null;
}

/** The person sorted by a column, reversed the sort, or turned it off. */
export class FrameSortChangeEvent extends Event {
  static readonly eventName = 'frame-sort-change';
  readonly detail: FrameSortChangeDetail;
  constructor(detail: FrameSortChangeDetail) {
    super(FrameSortChangeEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface FrameColumnsChangeDetail {
  /** Shown columns, in their order on screen. */
  readonly shownColumns: readonly string[];
  /** Widths in CSS pixels of the columns the person resized. */
  readonly columnWidths: Readonly<Record<string, number>>;
}

/** The person showed, hid, moved or resized a column. */
export class FrameColumnsChangeEvent extends Event {
  static readonly eventName = 'frame-columns-change';
  readonly detail: FrameColumnsChangeDetail;
  constructor(detail: FrameColumnsChangeDetail) {
    super(FrameColumnsChangeEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface FrameRowFocusDetail {
  /** Zero-based position of the row in the current order. */
  readonly rowIndex: number;
  readonly column: string;
}

/** Keyboard focus or a click moved to another cell of the body. */
export class FrameRowFocusEvent extends Event {
  static readonly eventName = 'frame-row-focus';
  readonly detail: FrameRowFocusDetail;
  constructor(detail: FrameRowFocusDetail) {
    super(FrameRowFocusEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface FrameCopyDetail {
  /** The copied cells as tab-separated text, one line per row. */
  readonly text: string;
  readonly rowCount: number;
  readonly columnCount: number;
}

/** The selected cells were copied to the clipboard. */
export class FrameCopyEvent extends Event {
  static readonly eventName = 'frame-copy';
  readonly detail: FrameCopyDetail;
  constructor(detail: FrameCopyDetail) {
    super(FrameCopyEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface FrameExportProgressDetail {
  readonly rowsDone: number;
  readonly rowCount: number;
}

/** Another page of an export arrived. */
export class FrameExportProgressEvent extends Event {
  static readonly eventName = 'frame-export-progress';
  readonly detail: FrameExportProgressDetail;
  constructor(detail: FrameExportProgressDetail) {
    super(FrameExportProgressEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface FrameExportDetail {
  readonly blob: Blob;
  readonly fileName: string;
  readonly rowCount: number;
  readonly columns: readonly string[];
}

/** An export finished. Cancel it (`preventDefault()`) to keep the file instead of letting the browser save it. */
export class FrameExportEvent extends Event {
  static readonly eventName = 'frame-export';
  readonly detail: FrameExportDetail;
  constructor(detail: FrameExportDetail) {
    super(FrameExportEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

export interface FrameLoadErrorDetail {
  readonly error: unknown;
  /** First row of the block that failed, or -1 when the frame itself could not be opened. */
  readonly firstRow: number;
}

/** A slice (or the frame listing) failed; the table shows a retry button. */
export class FrameLoadErrorEvent extends Event {
  static readonly eventName = 'frame-load-error';
  readonly detail: FrameLoadErrorDetail;
  constructor(detail: FrameLoadErrorDetail) {
    super(FrameLoadErrorEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface FrameOpenDetail {
  readonly name: string;
}

/** The person opened a frame from the conversation's list. */
export class FrameOpenEvent extends Event {
  static readonly eventName = 'frame-open';
  readonly detail: FrameOpenDetail;
  constructor(detail: FrameOpenDetail) {
    super(FrameOpenEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
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
