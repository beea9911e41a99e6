// The script-tag embed after `npm run build`: one file without the chart library, which is its sidecar
// `convo-embed-chart.js` (Vega bundled in), loaded beside the embed when the first chart arrives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const dist = new URL('../../dist/', import.meta.url);
const embed = await readFile(new URL('convo-embed.js', dist), 'utf8');
const sidecarUrl = new URL('convo-embed-chart.js', dist);
const sidecar = await readFile(sidecarUrl, 'utf8');

/** Messages only Vega's code holds (its loader, the Vega-Lite compiler, vega-embed): minifying keeps strings. */
const VEGA_MARKERS = ['Sanitize failure, invalid URI', 'Invalid specification', 'vega-embed'];

test('the embed does not carry the chart library, and imports its sidecar by a path relative to itself', () => {
  for (const marker of VEGA_MARKERS) assert.ok(!embed.includes(marker), `dist/convo-embed.js contains Vega ("${marker}")`);
  assert.match(embed, /import\(["']\.\/convo-embed-chart\.js["']\)/);
  // The embed reads its own address to find the sidecar.
  assert.match(embed, /document\.currentScript/);
  const kB = gzipSync(embed, { level: 9 }).length / 1024;
  assert.ok(kB < 150, `the embed is ${kB.toFixed(1)} kB gzip: did a large dependency get inlined?`);
});

test('the sidecar is an ES module with Vega inside that draws charts', async () => {
  for (const marker of VEGA_MARKERS) assert.ok(sidecar.includes(marker), `dist/convo-embed-chart.js lacks "${marker}"`);
  assert.doesNotMatch(sidecar, /^import\s|[;}]import\s*[{*\w]/m, 'the sidecar imports other modules; it must stand alone beside the embed');
  const library = await import(sidecarUrl.href);
  assert.equal(typeof library.drawChart, 'function');
});
