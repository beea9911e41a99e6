// `node bench/markdown/run.mjs`: the streaming-markdown benchmark of issue 4 in headless Chromium.
// Bundles page.ts (minified), serves it on loopback, runs the scenarios in a fresh page, prints every figure
// beside its target and the renderer's size. Exits 1 when a target is missed.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import http from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { findChromium, CHROMIUM_INSTALL_HINT } from '../../test/helpers/chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, '.tmp/bench/markdown');
const BROWSER_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The renderer minified and gzipped as an element that imports `StreamingMarkdown` ships it. */
async function rendererSize() {
  const result = await build({
    stdin: { contents: "export { StreamingMarkdown } from './src/markdown/index.js';", resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    tsconfig: join(root, 'tsconfig.json'),
    legalComments: 'none',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

async function bundlePage() {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'bench/markdown/page.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(outDir, 'page.js'),
    tsconfig: join(root, 'tsconfig.json'),
  });
  await writeFile(
    join(outDir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>markdown bench</title><body></body><script type="module" src="page.js"></script>',
  );
}

function serveDirectory(directory) {
  const types = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = path === '/' ? 'index.html' : path.slice(1);
    try {
      const body = await readFile(join(directory, file));
      res.writeHead(200, { 'content-type': types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function formatValue(figure) {
  if (figure.unit === 'x') return `${figure.value.toFixed(2)} x`;
  return `${figure.unit === 'ms' ? figure.value.toFixed(1) : figure.value.toFixed(1)}${figure.unit ? ` ${figure.unit}` : ''}`;
}

function formatTarget(figure) {
  if (!Number.isFinite(figure.target)) return '(info)';
  return `≤ ${figure.target}${figure.unit ? ` ${figure.unit}` : ''}`;
}

export async function runMarkdownBench() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_INSTALL_HINT);
  await bundlePage();
  const pages = await serveDirectory(outDir);
  const browser = await chromium.launch({ executablePath, headless: true, args: BROWSER_ARGS });
  const figures = [];
  let reply;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`http://127.0.0.1:${pages.address().port}/`);
    await page.waitForFunction(() => 'benchMarkdown' in window);
    reply = await page.evaluate(() => window.benchReplyStats());
    figures.push(...(await page.evaluate(() => window.benchMarkdown())));
    await page.close();
  } finally {
    await browser.close();
    pages.close();
  }
  const size = await rendererSize();
  figures.push({ name: 'size: StreamingMarkdown with its 7 grammars, min+gzip', value: size / 1000, unit: 'kB', target: 12 });
  return { reply, figures: figures.map((figure) => ({ ...figure, ok: !Number.isFinite(figure.target) || figure.value <= figure.target })) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { reply, figures } = await runMarkdownBench();
  console.log(`reply: ${reply.length} characters, ${reply.codeBlocks} code blocks, ${reply.tables} tables`);
  const width = Math.max(...figures.map((figure) => figure.name.length));
  console.log(`${'streaming markdown (median of 3 passes)'.padEnd(width)}  ${'measured'.padStart(10)}  ${'target'.padStart(10)}`);
  for (const figure of figures) {
    const verdict = Number.isFinite(figure.target) ? (figure.ok ? 'ok' : 'MISSED') : '';
    console.log(`${figure.name.padEnd(width)}  ${formatValue(figure).padStart(10)}  ${formatTarget(figure).padStart(10)}  ${verdict}`);
  }
  process.exitCode = figures.every((figure) => figure.ok) ? 0 : 1;
}
