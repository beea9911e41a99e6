// `node bench/markdown/run.mjs`: the streaming-markdown benchmark of issue 4 in headless Chromium.
// Bundles page.ts (minified), serves it on loopback, runs the scenarios in a fresh page, prints every figure
// beside its target and the renderer's size. Exits 1 when a target is missed.
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOutDir, bundleBenchPage, launchBenchBrowser, minGzipSize, root, serveDirectory } from '../helpers.mjs';

function formatValue(figure) {
  if (figure.unit === 'x') return `${figure.value.toFixed(2)} x`;
  return `${figure.unit === 'ms' ? figure.value.toFixed(1) : figure.value.toFixed(1)}${figure.unit ? ` ${figure.unit}` : ''}`;
}

function formatTarget(figure) {
  if (!Number.isFinite(figure.target)) return '(info)';
  return `≤ ${figure.target}${figure.unit ? ` ${figure.unit}` : ''}`;
}

export async function runMarkdownBench() {
  const outDir = await bundleBenchPage('markdown');
  const pages = await serveDirectory(outDir);
  const browser = await launchBenchBrowser();
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
  // The renderer as an element that imports StreamingMarkdown ships it: what loads at once, and apart the
  // grammars it imports on first use (an entry file, not source text, so the bundle is split as a page's is).
  const sizeEntry = join(benchOutDir('markdown'), 'size-entry.ts');
  await writeFile(sizeEntry, "export { StreamingMarkdown } from '../../../src/markdown/streaming-markdown.js';\n");
  const size = await minGzipSize(relative(root, sizeEntry), { splitting: true });
  figures.push(
    { name: 'size: StreamingMarkdown (highlighter; grammars load on first use), min+gzip', value: size.initial / 1000, unit: 'kB', target: 12 },
    { name: `size: the seven built-in grammars, on first use (${size.lazyChunks} chunks)`, value: size.lazy / 1000, unit: 'kB', target: Infinity },
  );
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
