#!/usr/bin/env node
// `node bench/convo-chat/run.mjs`: the <convo-chat> benchmark of issue 4 in headless Chromium, through the whole
// element (client, transcript model, markdown). Bundles page.ts minified, serves it on loopback, prints every
// figure beside its target, and exits 1 when a target is missed.
import { bundleBenchPage, launchBenchBrowser, serveDirectory } from '../helpers.mjs';

function number(value, unit) {
  return unit === 'x' ? value.toFixed(2) : String(Math.round(value * 10) / 10);
}

function format(figure) {
  const runs = figure.runs ? ` (runs: ${figure.runs.map((run) => number(run, figure.unit)).join(', ')})` : '';
  const value = `${number(figure.value, figure.unit)}${figure.unit ? ` ${figure.unit}` : ''}${runs}`;
  if (figure.target === null) return { value, target: '(info)', ok: true };
  const ok = figure.value <= figure.target;
  return { value, target: `≤ ${figure.target}${figure.unit && figure.unit !== 'x' ? ` ${figure.unit}` : figure.unit === 'x' ? ' x' : ''}`, ok };
}

const server = await serveDirectory(await bundleBenchPage('convo-chat'));
const browser = await launchBenchBrowser();
let missed = 0;
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => typeof window.benchConvoChat === 'function');
  // Infinity does not survive the trip out of the page: targets-less figures come back as null.
  const figures = await page.evaluate(async () => (await window.benchConvoChat()).map((figure) => ({ ...figure, target: Number.isFinite(figure.target) ? figure.target : null })));
  for (const figure of figures) {
    const { value, target, ok } = format(figure);
    if (!ok) missed += 1;
    console.log(`convo-chat: ${figure.name}: ${value}  target ${target}  ${ok ? 'ok' : 'MISSED'}`);
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(missed === 0 ? 0 : 1);
