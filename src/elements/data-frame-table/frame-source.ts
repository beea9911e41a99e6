/**
 * Where the table's rows come from. The element only ever talks to a `DataFrameSource`: rows in memory
 * (`LocalFrameSource`, also used for the `columns` / `rows` properties), rows computed on demand (a generator
 * for tens of millions of rows), or slices from the agent server (`ClientFrameSource`).
 */

/** A value as the server's JSON slices carry it. Anything else (nested JSON) is shown as JSON text. */
export type CellValue = string | number | boolean | null | undefined | object;

/** One row, keyed by column name; a slice carries only the columns it was asked for. */
export type FrameRow = Readonly<Record<string, CellValue>>;

/** How a column's values are formatted and aligned. Inferred from values when a column does not say. */
export type ColumnType = 'text' | 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean';

export interface FrameColumn {
  readonly name: string;
  readonly type?: ColumnType;
  /** Header text, when it should differ from the name. */
  readonly label?: string;
}

export interface RowQuery {
  /** Columns to return (the shown ones, in any order). */
  readonly columns: readonly string[];
  /** `name` ascending, `-name` descending, null for the frame's own order (the server's `order_by`). */
  readonly orderBy: string | null;
  readonly signal?: AbortSignal;
}

export interface DataFrameSource {
  readonly columns: readonly FrameColumn[];
  readonly rowCount: number;
  /** False when rows cannot be ordered (a huge generated frame); the headers then offer no sort. */
  readonly sortable: boolean;
  /** Rows known up front in the frame's own order (a listing's samples), painted before the first slice. */
  readonly sampleRows?: readonly FrameRow[];
  /**
   * Rows `[offset, offset + limit)` in `orderBy` order. A source holding rows in memory answers synchronously,
   * so local tables paint in the same frame; remote ones answer with a promise and honour `signal`.
   */
  getRows(offset: number, limit: number, query: RowQuery): Promise<readonly FrameRow[]> | readonly FrameRow[];
}

/** Above this many rows a local source does not sort: ordering would freeze the page for seconds. */
const LOCAL_SORT_LIMIT = 1_000_000;

/** Rows in memory or computed by index, with the same paging and ordering contract as the server. */
export class LocalFrameSource implements DataFrameSource {
  readonly columns: readonly FrameColumn[];
  readonly rowCount: number;
  readonly sortable: boolean;
  private readonly rowAt: (index: number) => FrameRow;
  /** The last ordering computed: row indexes in `orderBy` order. Re-sorting on every page would be wasteful. */
  private ordering: { orderBy: string; indexes: Uint32Array } | undefined;

  /** Rows as objects keyed by column name, or as arrays in `columns` order. */
  static fromRows(
    columns: readonly (FrameColumn | string)[],
    rows: readonly (FrameRow | readonly CellValue[])[],
  ): LocalFrameSource {
    const names = columns.map((column) => (typeof column === 'string' ? column : column.name));
    const rowAt = (index: number): FrameRow => {
      const row = rows[index]!;
      return Array.isArray(row) ? arrayRowToObject(names, row) : (row as FrameRow);
    };
    const described = columns.map((column) => (typeof column === 'string' ? { name: column } : column));
    return new LocalFrameSource(inferMissingTypes(described, rowAt, rows.length), rows.length, rowAt);
  }

  constructor(columns: readonly FrameColumn[], rowCount: number, rowAt: (index: number) => FrameRow) {
    this.columns = columns;
    this.rowCount = rowCount;
    this.rowAt = rowAt;
    this.sortable = rowCount <= LOCAL_SORT_LIMIT;
  }

  getRows(offset: number, limit: number, { columns, orderBy }: RowQuery): readonly FrameRow[] {
    const end = Math.min(this.rowCount, offset + limit);
    const indexes = orderBy && this.sortable ? this.orderedIndexes(orderBy) : undefined;
    const rows: FrameRow[] = [];
    for (let position = Math.max(0, offset); position < end; position++) {
      rows.push(pick(this.rowAt(indexes ? indexes[position]! : position), columns));
    }
    return rows;
  }

  private orderedIndexes(orderBy: string): Uint32Array {
    if (this.ordering?.orderBy === orderBy) return this.ordering.indexes;
    const descending = orderBy.startsWith('-');
    const name = descending ? orderBy.slice(1) : orderBy;
    const keys = Array.from({ length: this.rowCount }, (_, index) => this.rowAt(index)[name]);
    const indexes = Uint32Array.from({ length: this.rowCount }, (_, index) => index);
    indexes.sort((a, b) => compareCells(keys[a], keys[b], descending) || a - b);
    this.ordering = { orderBy, indexes };
    return indexes;
  }
}

const collator = new Intl.Collator(undefined, { numeric: true });

/** Orders like the server: nulls last in either direction, numbers by value, text by the page's collation. */
export function compareCells(a: CellValue, b: CellValue, descending = false): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  let order: number;
  if (typeof a === 'number' && typeof b === 'number') order = a - b;
  else if (typeof a === 'boolean' && typeof b === 'boolean') order = Number(a) - Number(b);
  else order = collator.compare(String(a), String(b));
  return descending ? -order : order;
}

function pick(row: FrameRow, columns: readonly string[]): FrameRow {
  const picked: Record<string, CellValue> = {};
  for (const name of columns) picked[name] = row[name] ?? null;
  return picked;
}

export function arrayRowToObject(names: readonly string[], values: readonly CellValue[]): FrameRow {
  const row: Record<string, CellValue> = {};
  names.forEach((name, index) => (row[name] = values[index] ?? null));
  return row;
}

/** Gives every column without a declared type the type its first non-null values suggest. */
export function inferMissingTypes(
  columns: readonly FrameColumn[],
  rowAt: (index: number) => FrameRow,
  rowCount: number,
): FrameColumn[] {
  const sample = Array.from({ length: Math.min(rowCount, 200) }, (_, index) => rowAt(index));
  return columns.map((column) =>
    column.type ? column : { ...column, type: inferColumnType(sample.map((row) => row[column.name])) },
  );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function inferColumnType(values: readonly CellValue[]): ColumnType {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.length === 0) return 'text';
  if (present.every((value) => typeof value === 'boolean')) return 'boolean';
  if (present.every((value) => typeof value === 'number')) {
    return present.every((value) => Number.isInteger(value)) ? 'integer' : 'decimal';
  }
  if (present.every((value) => typeof value === 'string' && ISO_DATE.test(value))) return 'date';
  if (present.every((value) => typeof value === 'string' && ISO_DATETIME.test(value))) return 'datetime';
  return 'text';
}

const REGIONS = ['North', 'South', 'East', 'West', 'Central'];
const PRODUCTS = ['Widget', 'Gadget', 'Gizmo', 'Doohickey', 'Sprocket', 'Flange', 'Grommet'];
const DAY_MS = 86_400_000;
/** 2020-01-01T00:00:00Z, written out: a Date.UTC call here would be kept in every bundle of the table. */
const FIRST_DAY_MS = 1_577_836_800_000;

/**
 * A deterministic frame of `rowCount` rows computed from the row index, for local tables of any size (10
 * million rows cost no memory): typed columns of every kind, with nulls, like the reference server's frames.
 */
export function generatedFrameSource(rowCount: number, columnCount = 9): LocalFrameSource {
  const base: { column: FrameColumn; value: (i: number) => CellValue }[] = [
    { column: { name: 'order_id', type: 'integer' }, value: (i) => i + 1 },
    { column: { name: 'region', type: 'text' }, value: (i) => REGIONS[hash(i, 1) % REGIONS.length]! },
    { column: { name: 'product', type: 'text' }, value: (i) => PRODUCTS[hash(i, 2) % PRODUCTS.length]! },
    { column: { name: 'quantity', type: 'integer' }, value: (i) => 1 + (hash(i, 3) % 500) },
    { column: { name: 'unit_price', type: 'decimal' }, value: (i) => (hash(i, 4) % 100_000) / 100 },
    {
      column: { name: 'order_date', type: 'date' },
      value: (i) => new Date(FIRST_DAY_MS + (hash(i, 5) % 2000) * DAY_MS).toISOString().slice(0, 10),
    },
    { column: { name: 'shipped', type: 'boolean' }, value: (i) => hash(i, 6) % 3 !== 0 },
    { column: { name: 'discount', type: 'decimal' }, value: (i) => (hash(i, 7) % 5 === 0 ? null : (hash(i, 7) % 30) / 100) },
    {
      column: { name: 'note', type: 'text' },
      value: (i) =>
        hash(i, 8) % 4 === 0
          ? null
          : `Order ${i + 1} for the ${REGIONS[hash(i, 1) % REGIONS.length]} region, packed with care and shipped by the usual carrier`,
    },
  ];
  const extra = Array.from({ length: Math.max(0, columnCount - base.length) }, (_, k) => ({
    column: { name: `metric_${k + 1}`, type: 'decimal' as const },
    value: (i: number) => (hash(i, 100 + k) % 1_000_000) / 1000,
  }));
  const generators = [...base, ...extra].slice(0, columnCount);
  return new LocalFrameSource(
    generators.map((g) => g.column),
    rowCount,
    (index) => {
      const row: Record<string, CellValue> = {};
      for (const g of generators) row[g.column.name] = g.value(index);
      return row;
    },
  );
}

/** A cheap integer hash, so generated values look random yet are the same for the same row every time. */
function hash(index: number, salt: number): number {
  let x = (index + 1) * 0x9e3779b1 + salt * 0x85ebca6b;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
