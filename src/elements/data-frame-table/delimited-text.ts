import type { FrameRow } from './frame-source.js';
import { plainText } from './value-format.js';

export type Delimiter = '\t' | ',';

/**
 * Rows as delimited text (TSV for the clipboard, CSV for downloads), quoting like spreadsheets do: a field
 * holding the delimiter, a quote or a line break is wrapped in quotes with its quotes doubled.
 */
export function toDelimitedLines(
  rows: readonly FrameRow[],
  columns: readonly string[],
  delimiter: Delimiter,
): string {
  let text = '';
  for (const row of rows) text += columns.map((name) => quoteField(plainText(row[name]), delimiter)).join(delimiter) + '\r\n';
  return text;
}

export function delimitedHeader(columns: readonly string[], delimiter: Delimiter): string {
  return columns.map((name) => quoteField(name, delimiter)).join(delimiter) + '\r\n';
}

function quoteField(field: string, delimiter: Delimiter): string {
  return field.includes(delimiter) || /["\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
