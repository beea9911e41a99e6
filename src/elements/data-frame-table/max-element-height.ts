/**
 * The largest height this browser gives an element, found by asking a probe for far more than any browser
 * lays out and reading back what it got: browsers clamp a height they cannot represent (Chromium at about 33.5
 * million pixels, Firefox at about 17.9 million) and differ between versions, so it is measured, not assumed.
 */

/** Firefox reports a cap it then does not paint up to; staying at half of what is measured keeps clear of it. */
const SAFETY_FACTOR = 0.5;
/** Past 2^31 the height no longer fits browsers' fixed-point layout units anyway. */
const PROBE_PX = 2 ** 31;

let measured: number | undefined;

/** Measures once per page (the answer does not change) and returns the usable maximum height in CSS pixels. */
export function maxElementHeight(doc: Document = document): number {
  if (measured !== undefined) return measured;
  // The probe sits in a strictly contained box, so the one forced layout touches only the probe, however big
  // the host page is.
  const box = doc.createElement('div');
  box.style.cssText = 'position:absolute;top:0;left:0;width:1px;height:1px;overflow:hidden;visibility:hidden;contain:strict';
  const probe = doc.createElement('div');
  probe.style.cssText = `width:1px;height:${PROBE_PX}px`;
  box.append(probe);
  doc.body.append(box);
  measured = Math.floor(Math.min(probe.getBoundingClientRect().height, PROBE_PX) * SAFETY_FACTOR);
  box.remove();
  return measured;
}
