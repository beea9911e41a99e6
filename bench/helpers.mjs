// What every benchmark runner shares: bundling its page (production Lit, minified), serving it on loopback,
// launching the system Chromium, and measuring a bundle's size the way bench/size reports it.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import http from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { findChromium, CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT } from '../test/helpers/chromium.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Where an area's bundled page, screenshots and other output go (`.tmp/bench/<area>`). */
export const benchOutDir = (area) => join(root, '.tmp/bench', area);

/**
 * Bundles `bench/<area>/<page>` (default `page.ts`) into `.tmp/bench/<outName>` with an index.html beside it
 * (`body` is its markup before the script); returns the folder to serve.
 */
export async function bundleBenchPage(area, { page = 'page.ts', outName = area, minify = true, body = '' } = {}) {
  const outDir = benchOutDir(outName);
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'bench', area, page)],
    bundle: true,
    minify,
    format: 'esm',
    target: 'es2022',
    outfile: join(outDir, 'page.js'),
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  await writeFile(
    join(outDir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>${outName} bench</title><body>${body}</body><script type="module" src="page.js"></script>`,
  );
  return outDir;
}

/** A static loopback server for one folder; resolves to the listening `http.Server`. */
export function serveDirectory(directory) {
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

/** The system Chromium, headless; exits with the install hint when there is none. */
export async function launchBenchBrowser() {
  const executablePath = findChromium();
  if (!executablePath) {
    console.error(CHROMIUM_INSTALL_HINT);
    process.exit(1);
  }
  return chromium.launch({ executablePath, headless: true, args: ['--headless=new', ...CHROMIUM_ARGS] });
}

/**
 * Bytes of the bundle a page downloads for `entry` (a file, or `{ contents }` source resolved from the repo
 * root), minified and gzipped at level 9. With `splitting`, lazily imported chunks are counted apart.
 * @returns {Promise<{ initial: number, lazy: number, lazyChunks: number }>}
 */
export async function minGzipSize(entry, { splitting = false } = {}) {
  const source =
    typeof entry === 'string'
      ? { entryPoints: [join(root, entry)] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: 'ts' } };
  const result = await build({
    ...source,
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: splitting && typeof entry === 'string',
    outdir: join(root, '.tmp/size'),
    write: false,
    target: 'es2022',
    legalComments: 'none',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'error',
    metafile: true,
  });
  // What loads at once: the entry chunk and every chunk it reaches through static imports; the rest loads
  // only when an import() runs.
  const outputs = result.metafile.outputs;
  const byPath = new Map(result.outputFiles.map((file) => [file.path, file]));
  const pathOf = (output) => [...byPath.keys()].find((path) => path.endsWith(output));
  const entryOutput = Object.keys(outputs).find((output) => outputs[output].entryPoint);
  const initial = new Set();
  const visit = (output) => {
    if (initial.has(output)) return;
    initial.add(output);
    for (const imported of outputs[output].imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entryOutput);
  const gzip = (output) => gzipSync(byPath.get(pathOf(output)).contents, { level: 9 }).length;
  const scripts = Object.keys(outputs).filter((output) => output.endsWith('.js'));
  const lazy = scripts.filter((output) => !initial.has(output));
  return {
    initial: [...initial].reduce((sum, output) => sum + gzip(output), 0),
    lazy: lazy.reduce((sum, output) => sum + gzip(output), 0),
    lazyChunks: lazy.length,
  };
}
