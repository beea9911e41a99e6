/**
 * Which transcript rows belong in the DOM: those near the viewport, with spacers standing in for the rest.
 * Heights are measured as rows render and estimated (the average of those measured) until then. Computing
 * a window walks the heights once; at 2,000 rows that is microseconds, so no prefix-sum index is kept.
 */
export interface RowWindow {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Height the spacer above the rows stands for. */
  before: number;
  /** Height the spacer below the rows stands for. */
  after: number;
}

export interface Viewport {
  scrollTop: number;
  height: number;
  /** Pinned to the newest row: the window is computed from the end. */
  atBottom: boolean;
}

const DEFAULT_ESTIMATE = 96;

export class VirtualWindow {
  private readonly heights = new Map<string, number>();
  private measuredTotal = 0;

  /** Rows rendered beyond each edge of the viewport, in pixels. */
  constructor(private readonly overscan = 800) {}

  /** The height used for rows not measured yet. */
  get estimate(): number {
    return this.heights.size === 0 ? DEFAULT_ESTIMATE : this.measuredTotal / this.heights.size;
  }

  heightOf(key: string): number {
    return this.heights.get(key) ?? this.estimate;
  }

  /** Records a rendered row's height; answers the change (0 when it was already known). */
  measure(key: string, height: number): number {
    const previous = this.heights.get(key);
    if (previous === height) return 0;
    this.heights.set(key, height);
    this.measuredTotal += height - (previous ?? 0);
    return height - (previous ?? this.estimate);
  }

  /** Forgets rows no longer in the transcript (another conversation opened). */
  retain(keys: readonly string[]): void {
    const keep = new Set(keys);
    for (const [key, height] of this.heights) {
      if (!keep.has(key)) {
        this.heights.delete(key);
        this.measuredTotal -= height;
      }
    }
  }

  compute(keys: readonly string[], viewport: Viewport): RowWindow {
    const count = keys.length;
    if (count === 0) return { start: 0, end: 0, before: 0, after: 0 };
    const estimate = this.estimate;
    const heights = keys.map((key) => this.heights.get(key) ?? estimate);
    const total = heights.reduce((sum, height) => sum + height, 0);
    const top = viewport.atBottom ? Math.max(0, total - viewport.height) : Math.max(0, viewport.scrollTop);
    const low = top - this.overscan;
    const high = top + viewport.height + this.overscan;
    let offset = 0;
    let start = 0;
    while (start < count - 1 && offset + heights[start]! < low) {
      offset += heights[start]!;
      start += 1;
    }
    const before = offset;
    let end = start;
    while (end < count && offset < high) {
      offset += heights[end]!;
      end += 1;
    }
    return { start, end, before, after: total - offset };
  }
}
