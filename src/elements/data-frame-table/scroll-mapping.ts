/**
 * Maps the scroller's physical scroll offset onto the virtual offset of a frame whose rows would be taller than
 * the browser lets an element be (about 33.5 million CSS pixels in Chromium, far less in Firefox).
 *
 * Pure proportional compression makes every wheel notch skip rows once the frame is tall enough; a plain 1:1
 * mapping stops at the height cap. The hybrid used here keeps small movements 1:1 (wheel, touch, arrow keys:
 * the person sees rows move one by one), lands big movements (a scrollbar drag, a jump) proportionally, and
 * re-anchors at the two edges so the first and the last row are always reachable.
 */

export interface ScrollGeometry {
  /** Height all rows would need at full size: row count × row height, in CSS pixels. */
  readonly contentHeight: number;
  /** Largest height the scroller's content may have, measured in the running browser. */
  readonly maxPhysicalHeight: number;
  /** Height of the area rows are painted in. */
  readonly viewportHeight: number;
}

/** A movement larger than this many viewports is a jump (mapped proportionally), smaller ones move 1:1. */
const JUMP_IN_VIEWPORTS = 3;
/** Sub-pixel noise the browser adds when it rounds a scrollTop we assigned. */
const ROUNDING_SLACK_PX = 1;

export class HybridScrollMapping {
  private geometry: ScrollGeometry = { contentHeight: 0, maxPhysicalHeight: 1, viewportHeight: 0 };
  private currentVirtualTop = 0;
  private lastPhysicalTop = 0;
  /** The scrollTop we assigned ourselves; its echo in the next scroll event must not move the virtual offset. */
  private assignedPhysicalTop: number | null = null;

  constructor(geometry?: ScrollGeometry) {
    if (geometry) this.setGeometry(geometry);
  }

  /** Height to give the scroller's content: the real height, or the cap when the frame is taller. */
  get physicalHeight(): number {
    return Math.min(this.geometry.contentHeight, this.geometry.maxPhysicalHeight);
  }

  /** True when rows are taller than the browser allows and the hybrid mapping is in effect. */
  get compressed(): boolean {
    return this.geometry.contentHeight > this.geometry.maxPhysicalHeight;
  }

  /** The offset, in full-size pixels, of the top of the viewport within all rows. */
  get virtualTop(): number {
    return this.currentVirtualTop;
  }

  private get physicalRange(): number {
    return Math.max(0, this.physicalHeight - this.geometry.viewportHeight);
  }

  private get virtualRange(): number {
    return Math.max(0, this.geometry.contentHeight - this.geometry.viewportHeight);
  }

  /**
   * Takes new sizes (row count, viewport or row height changed) and keeps the virtual offset where it was as far
   * as it still fits. A view scrolled to the very end (give or take the browser's rounding of scrollTop) stays at
   * the end: kept at its old offset, a viewport that shrank would push the last row below its bottom edge while
   * the scrollbar still shows the end. Returns the physical offset the scroller should now have.
   */
  setGeometry(geometry: ScrollGeometry): number {
    const atEnd = this.currentVirtualTop > 0 && this.currentVirtualTop >= this.virtualRange - ROUNDING_SLACK_PX;
    this.geometry = {
      contentHeight: Math.max(0, geometry.contentHeight),
      maxPhysicalHeight: Math.max(1, geometry.maxPhysicalHeight),
      viewportHeight: Math.max(0, geometry.viewportHeight),
    };
    return this.scrollToVirtual(atEnd ? this.virtualRange : this.currentVirtualTop);
  }

  /** Reads a scroll event's physical offset and returns the virtual offset to paint. */
  onScroll(physicalTop: number): number {
    const top = clamp(physicalTop, 0, this.physicalRange);
    if (this.assignedPhysicalTop !== null && Math.abs(top - this.assignedPhysicalTop) <= ROUNDING_SLACK_PX) {
      this.assignedPhysicalTop = null;
      this.lastPhysicalTop = top;
      return this.currentVirtualTop;
    }
    this.assignedPhysicalTop = null;
    const delta = top - this.lastPhysicalTop;
    this.lastPhysicalTop = top;
    if (!this.compressed) {
      this.currentVirtualTop = top;
    } else if (top <= 0) {
      this.currentVirtualTop = 0;
    } else if (top >= this.physicalRange - ROUNDING_SLACK_PX) {
      this.currentVirtualTop = this.virtualRange;
    } else if (Math.abs(delta) > this.geometry.viewportHeight * JUMP_IN_VIEWPORTS) {
      this.currentVirtualTop = this.proportionalVirtualTop(top);
    } else {
      this.currentVirtualTop = clamp(this.currentVirtualTop + delta, 0, this.virtualRange);
    }
    return this.currentVirtualTop;
  }

  /**
   * Moves the virtual offset to `virtualTop` (keyboard, "go to row N") and returns the physical offset to assign
   * to the scroller. The scroll event that assignment causes is recognised and leaves the virtual offset alone.
   */
  scrollToVirtual(virtualTop: number): number {
    this.currentVirtualTop = clamp(virtualTop, 0, this.virtualRange);
    const physicalTop = this.compressed ? this.proportionalPhysicalTop(this.currentVirtualTop) : this.currentVirtualTop;
    this.lastPhysicalTop = physicalTop;
    this.assignedPhysicalTop = physicalTop;
    return physicalTop;
  }

  private proportionalVirtualTop(physicalTop: number): number {
    return this.physicalRange === 0 ? 0 : (physicalTop / this.physicalRange) * this.virtualRange;
  }

  /**
   * The physical offset matching a virtual one. Rows short of the very end never map onto the last physical
   * pixel, which would re-anchor them to the end when the person next scrolls.
   */
  private proportionalPhysicalTop(virtualTop: number): number {
    if (this.virtualRange === 0) return 0;
    if (virtualTop >= this.virtualRange) return this.physicalRange;
    const top = (virtualTop / this.virtualRange) * this.physicalRange;
    return Math.min(top, this.physicalRange - ROUNDING_SLACK_PX * 2);
  }
}

export interface RowWindow {
  /** Index of the first row to render (inclusive). */
  readonly first: number;
  /** Index after the last row to render (exclusive). */
  readonly end: number;
}

/** The rows that intersect the viewport at `virtualTop`, widened by `overscan` rows on each side. */
export function visibleRowWindow(
  virtualTop: number,
  viewportHeight: number,
  rowHeight: number,
  rowCount: number,
  overscan = 0,
): RowWindow {
  if (rowCount <= 0 || rowHeight <= 0) return { first: 0, end: 0 };
  const first = clamp(Math.floor(virtualTop / rowHeight) - overscan, 0, rowCount - 1);
  const end = clamp(Math.ceil((virtualTop + viewportHeight) / rowHeight) + overscan, first + 1, rowCount);
  return { first, end };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}
