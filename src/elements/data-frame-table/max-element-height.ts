/**
 * The largest height this browser gives an element, found by growing a probe until the browser stops honouring
 * the height it is asked for. Browsers differ (Chromium about 33.5 million pixels, Firefox and Safari less) and
 * change between versions, so it is measured rather than assumed.
 */

/** Firefox reports a cap it then does not paint up to; staying at half of what is measured keeps clear of it. */
const SAFETY_FACTOR = 0.5;
/** Start and stop of the probe: past 2^31 the height no longer fits browsers' fixed-point layout units anyway. */
const PROBE_START_PX = 1_000_000;
const PROBE_LIMIT_PX = 2 ** 31;

let measured: number | undefined;

/** Measures once per page (the answer does not change) and returns the usable maximum height in CSS pixels. */
export function maxElementHeight(doc: Document = document): number {
  if (measured !== undefined) return measured;
  // The probe sits in a strictly contained box, so each forced layout touches only the probe, however big
  // the host page is.
  const box = doc.createElement('div');
  box.style.cssText = 'position:absolute;top:0;left:0;width:1px;height:1px;overflow:hidden;visibility:hidden;contain:strict;';
  const probe = doc.createElement('div');
  probe.style.width = '1px';
  box.append(probe);
  doc.body.append(box);
  let honoured = 0;
  try {
    for (let asked = PROBE_START_PX; asked <= PROBE_LIMIT_PX; asked *= 2) {
      probe.style.height = `${asked}px`;
      const got = probe.getBoundingClientRect().height;
      if (got < asked) {
        honoured = Math.max(honoured, got);
        break;
      }
      honoured = got;
    }
  } finally {
    box.remove();
  }
  measured = Math.floor(honoured * SAFETY_FACTOR);
  return measured;
}
