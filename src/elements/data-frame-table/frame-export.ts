import type { DataFrameSource } from './frame-source.js';
import { delimitedHeader, toDelimitedLines } from './delimited-text.js';

export interface FrameExportOptions {
  /** Columns to write, in this order. */
  readonly columns: readonly string[];
  readonly orderBy: string | null;
  /** Rows per request: large enough to keep the request count low, small enough to report progress often. */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (rowsDone: number, rowCount: number) => void;
}

/**
 * The whole frame as CSV, read from the source page by page (not just the rows the table happens to hold),
 * with progress after each page. Aborting the signal stops between pages and rejects with its reason.
 *
 * Each page's text becomes a Blob of its own at once, and the result is a Blob over those: the browser keeps
 * blob data outside the page's heap (Chromium moves large blobs to disk), so a ten-million-row export never
 * holds more than one page as a JavaScript string. What caps an export is then the browser's own limit on blob
 * storage, not the page's memory.
 */
export async function exportFrameAsCsv(source: DataFrameSource, options: FrameExportOptions): Promise<Blob> {
  const { columns, orderBy, pageSize = 10_000, signal, onProgress } = options;
  const parts: Blob[] = [new Blob([delimitedHeader(columns, ',')])];
  onProgress?.(0, source.rowCount);
  for (let offset = 0; offset < source.rowCount; offset += pageSize) {
    signal?.throwIfAborted();
    const limit = Math.min(pageSize, source.rowCount - offset);
    const rows = await source.getRows(offset, limit, { columns, orderBy, signal });
    parts.push(new Blob([toDelimitedLines(rows, columns, ',')]));
    onProgress?.(offset + rows.length, source.rowCount);
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** Saves a blob as a file the way a download link would. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The browser has read the URL once the click's task ends; revoking later frees the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
