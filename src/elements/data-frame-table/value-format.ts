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
 * Formats values by column type for a locale. Building an `Intl` formatter costs far more than using one, and
 * a scrolling table formats thousands of cells a second, so formatters are built once per locale and reused.
 */
export class ValueFormatter {
  private readonly integer: Intl.NumberFormat;
  private readonly decimal: Intl.NumberFormat;
  private readonly date: Intl.DateTimeFormat;
  private readonly datetime: Intl.DateTimeFormat;

  private static readonly byLocale = new Map<string, ValueFormatter>();

  /** The shared formatter for `locale` (undefined: the page's). */
  static for(locale: string | undefined): ValueFormatter {
    const key = locale ?? '';
    let formatter = ValueFormatter.byLocale.get(key);
    if (!formatter) ValueFormatter.byLocale.set(key, (formatter = new ValueFormatter(locale)));
    return formatter;
  }

  private constructor(locale: string | undefined) {
    this.integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
    // Dates without a time are calendar days: formatting them in UTC keeps 2024-03-01 from becoming Feb 29.
    this.date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    this.datetime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  }

  format(value: CellValue, type: ColumnType | undefined, words: FormatWords): FormattedCell {
    if (value === null || value === undefined) return { text: words.nullValue, missing: true };
    switch (type) {
      case 'integer':
      case 'decimal':
        if (typeof value === 'number') {
          return { text: (Number.isInteger(value) ? this.integer : this.decimal).format(value), missing: false };
        }
        break;
      case 'date':
      case 'datetime': {
        const time = typeof value === 'string' || typeof value === 'number' ? Date.parse(String(value)) : NaN;
        if (!Number.isNaN(time)) {
          return { text: (type === 'date' ? this.date : this.datetime).format(time), missing: false };
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
