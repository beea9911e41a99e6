/**
 * A small seeded generator (mulberry32): the same seed gives the same sequence on every machine, so the
 * scripted agent's replies, the seeded demo data and every randomized test can be replayed exactly.
 * A string seed is hashed first (FNV-1a); a number seeds the state directly.
 * @param {number | string} seed
 * @returns {() => number} uniformly distributed in [0, 1)
 */
export function seededRandom(seed) {
  let state = typeof seed === 'number' ? seed >>> 0 : fnv1a(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @param {string} text */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
