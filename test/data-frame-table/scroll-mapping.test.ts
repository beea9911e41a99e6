import { expect } from '@open-wc/testing';
import { HybridScrollMapping, visibleRowWindow } from '../../src/elements/data-frame-table/scroll-mapping.js';

const ROW = 28;
const VIEWPORT = 560;
const CAP = 16_000_000;

describe('HybridScrollMapping', () => {
  it('maps 1:1 when the rows fit under the height cap', () => {
    const mapping = new HybridScrollMapping({ contentHeight: 100_000 * ROW, maxPhysicalHeight: CAP, viewportHeight: VIEWPORT });
    expect(mapping.compressed).to.equal(false);
    expect(mapping.physicalHeight).to.equal(100_000 * ROW);
    expect(mapping.onScroll(12_345)).to.equal(12_345);
    expect(mapping.onScroll(2_000_000)).to.equal(2_000_000);
  });

  describe('past the height cap (10,000,000 rows)', () => {
    const geometry = { contentHeight: 10_000_000 * ROW, maxPhysicalHeight: CAP, viewportHeight: VIEWPORT };
    const physicalRange = CAP - VIEWPORT;
    const virtualRange = geometry.contentHeight - VIEWPORT;

    it('caps the physical height', () => {
      const mapping = new HybridScrollMapping(geometry);
      expect(mapping.compressed).to.equal(true);
      expect(mapping.physicalHeight).to.equal(CAP);
    });

    it('moves row by row for small deltas, even far down the frame', () => {
      const mapping = new HybridScrollMapping(geometry);
      const landed = mapping.onScroll(physicalRange / 2);
      expect(landed).to.be.closeTo(virtualRange / 2, 1);
      expect(mapping.onScroll(physicalRange / 2 + ROW)).to.be.closeTo(landed + ROW, 1e-6);
      expect(mapping.onScroll(physicalRange / 2 + ROW * 4)).to.be.closeTo(landed + ROW * 4, 1e-6);
      expect(mapping.onScroll(physicalRange / 2 + ROW * 2)).to.be.closeTo(landed + ROW * 2, 1e-6);
    });

    it('lands big jumps proportionally', () => {
      const mapping = new HybridScrollMapping(geometry);
      expect(mapping.onScroll(physicalRange * 0.25)).to.be.closeTo(virtualRange * 0.25, 1);
      expect(mapping.onScroll(physicalRange * 0.75)).to.be.closeTo(virtualRange * 0.75, 1);
    });

    it('re-anchors at both edges so the first and last rows are reachable', () => {
      const mapping = new HybridScrollMapping(geometry);
      mapping.onScroll(physicalRange * 0.5);
      // Wheel down to the physical end: small steps, yet the end is the frame's end.
      let top = physicalRange * 0.5;
      for (let i = 0; i < 10; i++) mapping.onScroll((top += 100));
      expect(mapping.onScroll(physicalRange)).to.equal(virtualRange);
      const lastRow = visibleRowWindow(mapping.virtualTop, VIEWPORT, ROW, 10_000_000);
      expect(lastRow.end).to.equal(10_000_000);
      expect(mapping.onScroll(0)).to.equal(0);
    });

    it('goes to any virtual offset and ignores the echo of its own scrollTop', () => {
      const mapping = new HybridScrollMapping(geometry);
      const target = 9_999_000 * ROW;
      const physical = mapping.scrollToVirtual(target);
      expect(physical).to.be.lessThan(physicalRange);
      expect(mapping.onScroll(Math.round(physical))).to.equal(target);
      // The next wheel notch moves from there, 1:1.
      expect(mapping.onScroll(Math.round(physical) + 100)).to.be.closeTo(target + 100, 1e-6);
    });

    it('clamps offsets beyond the end', () => {
      const mapping = new HybridScrollMapping(geometry);
      expect(mapping.scrollToVirtual(Number.MAX_SAFE_INTEGER)).to.equal(physicalRange);
      expect(mapping.virtualTop).to.equal(virtualRange);
    });

    it('keeps its place when the geometry changes', () => {
      const mapping = new HybridScrollMapping(geometry);
      mapping.scrollToVirtual(5_000_000 * ROW);
      mapping.setGeometry({ ...geometry, viewportHeight: 300 });
      expect(mapping.virtualTop).to.equal(5_000_000 * ROW);
    });

    it('stays anchored at the end when the viewport shrinks or grows there', () => {
      const mapping = new HybridScrollMapping(geometry);
      mapping.scrollToVirtual(Number.MAX_SAFE_INTEGER);
      const shorter = VIEWPORT - 37;
      expect(mapping.setGeometry({ ...geometry, viewportHeight: shorter })).to.equal(CAP - shorter);
      expect(mapping.virtualTop).to.equal(geometry.contentHeight - shorter);
      expect(visibleRowWindow(mapping.virtualTop, shorter, ROW, 10_000_000).end).to.equal(10_000_000);
      mapping.setGeometry({ ...geometry, viewportHeight: VIEWPORT + 100 });
      expect(mapping.virtualTop).to.equal(geometry.contentHeight - VIEWPORT - 100);
    });

    it('stays anchored at the end reached by scrolling the scroller to its maximum', () => {
      const mapping = new HybridScrollMapping(geometry);
      mapping.onScroll(physicalRange);
      const shorter = VIEWPORT - 37;
      expect(mapping.setGeometry({ ...geometry, viewportHeight: shorter })).to.equal(CAP - shorter);
      expect(mapping.virtualTop).to.equal(geometry.contentHeight - shorter);
    });
  });

  describe('at the end of a frame that fits under the cap', () => {
    const geometry = { contentHeight: 100 * ROW, maxPhysicalHeight: CAP, viewportHeight: VIEWPORT };

    it('keeps the last row in view when the viewport shrinks there', () => {
      const mapping = new HybridScrollMapping(geometry);
      mapping.onScroll(geometry.contentHeight - VIEWPORT);
      const shorter = VIEWPORT - 37;
      const bottom = geometry.contentHeight - shorter;
      expect(mapping.setGeometry({ ...geometry, viewportHeight: shorter })).to.equal(bottom);
      expect(mapping.virtualTop).to.equal(bottom);
      expect(mapping.virtualTop + shorter).to.equal(100 * ROW);
    });

    it('counts a scrollTop the browser rounded short of the end as the end', () => {
      const mapping = new HybridScrollMapping(geometry);
      mapping.onScroll(geometry.contentHeight - VIEWPORT - 0.5);
      mapping.setGeometry({ ...geometry, viewportHeight: VIEWPORT - 37 });
      expect(mapping.virtualTop).to.equal(geometry.contentHeight - VIEWPORT + 37);
    });

    it('stays at the top when the viewport shrinks there, even if every row fitted before', () => {
      const mapping = new HybridScrollMapping({ ...geometry, contentHeight: 10 * ROW });
      expect(mapping.setGeometry({ ...geometry, contentHeight: 10 * ROW, viewportHeight: 5 * ROW })).to.equal(0);
      expect(mapping.virtualTop).to.equal(0);
    });

    it('keeps a place short of the end when the viewport shrinks', () => {
      const mapping = new HybridScrollMapping(geometry);
      mapping.onScroll(geometry.contentHeight - VIEWPORT - ROW);
      mapping.setGeometry({ ...geometry, viewportHeight: VIEWPORT - 37 });
      expect(mapping.virtualTop).to.equal(geometry.contentHeight - VIEWPORT - ROW);
    });
  });
});

describe('visibleRowWindow', () => {
  it('covers the viewport with overscan, within the frame', () => {
    expect(visibleRowWindow(0, VIEWPORT, ROW, 1000, 2)).to.deep.equal({ first: 0, end: 22 });
    expect(visibleRowWindow(ROW * 100 + 5, VIEWPORT, ROW, 1000, 2)).to.deep.equal({ first: 98, end: 123 });
    expect(visibleRowWindow(ROW * 990, VIEWPORT, ROW, 1000, 2)).to.deep.equal({ first: 988, end: 1000 });
  });

  it('is empty for an empty frame', () => {
    expect(visibleRowWindow(0, VIEWPORT, ROW, 0)).to.deep.equal({ first: 0, end: 0 });
  });
});
