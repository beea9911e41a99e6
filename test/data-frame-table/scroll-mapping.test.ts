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
