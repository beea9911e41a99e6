import type { ColumnType, FrameColumn } from './frame-source.js';

export const MIN_COLUMN_WIDTH = 48;
export const MAX_COLUMN_WIDTH = 1200;

const DEFAULT_WIDTH_BY_TYPE: Record<ColumnType, number> = {
  integer: 112,
  decimal: 120,
  date: 128,
  datetime: 176,
  boolean: 88,
  text: 200,
};

export function defaultColumnWidth(column: FrameColumn): number {
  return DEFAULT_WIDTH_BY_TYPE[column.type ?? 'text'];
}

export function clampColumnWidth(width: number): number {
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, width)));
}

/** A shown column with its place on the horizontal axis. */
export interface PlacedColumn {
  readonly column: FrameColumn;
  /** Position among the shown columns (0 is the sticky first column). */
  readonly index: number;
  readonly left: number;
  readonly width: number;
}

/**
 * The shown columns laid out left to right. The first column stays put while the rest scroll sideways under
 * it, so only the columns that intersect the viewport need DOM.
 */
export class ColumnLayout {
  readonly placed: readonly PlacedColumn[];
  readonly totalWidth: number;

  constructor(columns: readonly FrameColumn[], widths: Readonly<Record<string, number>>) {
    let left = 0;
    this.placed = columns.map((column, index) => {
      const width = widths[column.name] ?? defaultColumnWidth(column);
      const placed = { column, index, left, width };
      left += width;
      return placed;
    });
    this.totalWidth = left;
  }

  /**
   * The columns to render at horizontal offset `scrollLeft` in a viewport `viewportWidth` wide: the sticky
   * first column, then every other column that is at least partly visible beside it.
   */
  visibleColumns(scrollLeft: number, viewportWidth: number): PlacedColumn[] {
    const [first, ...rest] = this.placed;
    if (!first) return [];
    const visibleFrom = scrollLeft + first.width;
    const visibleTo = scrollLeft + viewportWidth;
    // Columns are sorted by `left`: find the first one ending after the sticky column's edge.
    let low = 0;
    let high = rest.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const candidate = rest[middle]!;
      if (candidate.left + candidate.width <= visibleFrom) low = middle + 1;
      else high = middle;
    }
    const shown = [first];
    for (let i = low; i < rest.length && rest[i]!.left < visibleTo; i++) shown.push(rest[i]!);
    return shown;
  }

  /**
   * The `scrollLeft` that brings column `index` fully into view (beside the sticky first column), or the current
   * one if it is already visible.
   */
  scrollLeftToReveal(index: number, scrollLeft: number, viewportWidth: number): number {
    const placed = this.placed[index];
    const first = this.placed[0];
    if (!placed || !first || index === 0) return scrollLeft;
    if (placed.left - scrollLeft < first.width) return placed.left - first.width;
    if (placed.left + placed.width - scrollLeft > viewportWidth) {
      return Math.min(placed.left - first.width, placed.left + placed.width - viewportWidth);
    }
    return scrollLeft;
  }

  /** The shown column under viewport x coordinate `x` at `scrollLeft`. */
  columnAt(x: number, scrollLeft: number): PlacedColumn | undefined {
    const first = this.placed[0];
    if (first && x < first.width) return first;
    const contentX = x + scrollLeft;
    return this.placed.find((placed) => placed.index > 0 && contentX >= placed.left && contentX < placed.left + placed.width);
  }
}

/** `names` with `name` moved to position `to` (clamped), for keyboard and drag reordering alike. */
export function moveColumn(names: readonly string[], name: string, to: number): string[] {
  const from = names.indexOf(name);
  if (from < 0) return [...names];
  const target = Math.min(names.length - 1, Math.max(0, to));
  const moved = names.filter((other) => other !== name);
  moved.splice(target, 0, name);
  return moved;
}
