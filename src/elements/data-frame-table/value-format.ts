import type { CellValue, ColumnType } from './frame-source.js';

/** What a cell shows for a value: its text and whether it is a missing value (styled differently). */
export interface FormattedCell {
  readonly text: string;
  readonly missing: boolean;
}

export interface FormatWords {
  readonly nullValue: string;
  readonly trueValue: string;
  readonly falseValue: string;
}

/**
 * Formats values by column type for a locale. Building an `Intl` formatter costs far more than using one (the
 * first one on a page loads locale data: milliseconds), and a scrolling table formats thousands of cells a
 * second, so each formatter is built once per locale, and only when a value of its kind is first shown.
 */
export class ValueFormatter {
  private readonly formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

  private static readonly byLocale = new Map<string, ValueFormatter>();

  /** The shared formatter for `locale` (undefined: the page's). */
  static for(locale: string | undefined): ValueFormatter {
    const key = locale ?? '';
    let formatter = ValueFormatter.byLocale.get(key);
    if (!formatter) ValueFormatter.byLocale.set(key, (formatter = new ValueFormatter(locale)));
    return formatter;
  }

  private constructor(private readonly locale: string | undefined) {}

  /** A whole number, such as a row count, with the locale's grouping. */
  count(value: number): string {
    return this.formatter('integer').format(value);
  }

  private formatter(kind: 'integer' | 'decimal' | 'date' | 'datetime'): Intl.NumberFormat | Intl.DateTimeFormat {
    let formatter = this.formatters.get(kind);
    if (!formatter) {
      formatter =
        kind === 'integer' || kind === 'decimal'
          ? new Intl.NumberFormat(this.locale, { maximumFractionDigits: kind === 'integer' ? 0 : 4 })
          : // Dates without a time are calendar days: formatting them in UTC keeps 2024-03-01 from becoming Feb 29.
            new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', ...(kind === 'date' ? { timeZone: 'UTC' } : { timeStyle: 'short' }) });
      this.formatters.set(kind, formatter);
    }
    return formatter;
  }

  format(value: CellValue, type: ColumnType | undefined, words: FormatWords): FormattedCell {
    if (value === null || value === undefined) return { text: words.nullValue, missing: true };
    switch (type) {
      case 'integer':
      case 'decimal':
        if (typeof value === 'number') {
          return { text: this.formatter(Number.isInteger(value) ? 'integer' : 'decimal').format(value), missing: false };
        }
        break;
      case 'date':
      case 'datetime': {
        const time = typeof value === 'string' || typeof value === 'number' ? Date.parse(String(value)) : NaN;
        if (!Number.isNaN(time)) {
          return { text: this.formatter(type).format(time), missing: false };
        }
        break;
      }
      case 'boolean':
        if (typeof value === 'boolean') return { text: value ? words.trueValue : words.falseValue, missing: false };
        break;
    }
    return { text: plainText(value), missing: false };
  }
}

/** The value as plain text, unformatted: what copy and export write, so spreadsheets can read it back. */
export function plainText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Numbers line up on the right (with tabular figures); everything else reads from the left. */
export function isNumericType(type: ColumnType | undefined): boolean {
  return type === 'integer' || type === 'decimal';
}
