#!/usr/bin/env node
// `node bench/convo-chat/run.mjs`: the <convo-chat> benchmark of issue 4 in headless Chromium, through the whole
// element (client, transcript model, markdown). Bundles page.ts minified, serves it on loopback, prints every
// figure beside its target, and exits 1 when a target is missed.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import http from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, CHROMIUM_INSTALL_HINT } from '../../test/helpers/chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, '.tmp/bench/convo-chat');
const BROWSER_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

async function bundlePage() {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'bench/convo-chat/page.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(outDir, 'page.js'),
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  await writeFile(join(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>convo-chat bench</title><body></body><script type="module" src="page.js"></script>');
}

function serve(directory) {
  const server = http.createServer(async (req, res) => {
    const file = new URL(req.url, 'http://x').pathname.slice(1) || 'index.html';
    try {
      const body = await readFile(join(directory, file));
      res.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : 'text/javascript' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function format(figure) {
  const value = figure.unit === 'x' ? `${figure.value.toFixed(2)} x` : `${Math.round(figure.value * 10) / 10}${figure.unit ? ` ${figure.unit}` : ''}`;
  if (figure.target === null) return { value, target: '(info)', ok: true };
  const ok = figure.value <= figure.target;
  return { value, target: `≤ ${figure.target}${figure.unit && figure.unit !== 'x' ? ` ${figure.unit}` : figure.unit === 'x' ? ' x' : ''}`, ok };
}

const executablePath = findChromium();
if (!executablePath) {
  console.error(CHROMIUM_INSTALL_HINT);
  process.exit(1);
}
await bundlePage();
const server = await serve(outDir);
const browser = await chromium.launch({ executablePath, args: BROWSER_ARGS });
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
