// What every benchmark runner shares: bundling its page (production Lit, minified), serving it on loopback,
// launching the system Chromium, and measuring a bundle's size the way bench/size reports it.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
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

/** Where rollup writes what the package ships; stale until `rollup -c` runs after a source change. */
const distDir = join(root, 'dist');

/** Newest modification time of the files below `directory` (0 when there are none). */
async function newestChange(directory) {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  const times = await Promise.all(entries.filter((entry) => entry.isFile()).map(async (entry) => (await stat(join(entry.parentPath, entry.name))).mtimeMs));
  return Math.max(0, ...times);
}

let buildChecked;
/**
 * Runs `rollup -c` when dist/ is missing or older than the sources or the build's configuration, so a size
 * is always that of what the package ships (template literals minified by the build, TypeScript as rollup
 * emits it), never of a stale build.
 */
export function ensureBuilt() {
  buildChecked ??= (async () => {
    const built = await stat(join(distDir, 'index.js')).then((file) => file.mtimeMs, () => 0);
    const sources = Math.max(await newestChange(join(root, 'src')), ...(await Promise.all(['rollup.config.mjs', 'scripts/minify-template-literals.mjs'].map(async (file) => (await stat(join(root, file))).mtimeMs))));
    if (built >= sources) return;
    console.log('(building dist/ with rollup -c: the sources changed since the last build)');
    await new Promise((resolve, reject) => {
      spawn(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'], { cwd: root, stdio: 'inherit' }).on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`rollup -c exited ${code}`)),
      );
    });
  })();
  return buildChecked;
}

/**
 * Makes esbuild read each source module as the module the build made of it (`src/a/b.ts` → `dist/a/b.js`),
 * so an entry in src/, or a file that imports from src/, is measured as an app bundling the package would.
 * A module the build has no file for is read from src/ (rollup folds a barrel that only re-exports, such as
 * src/markdown/index.ts, into its importers); its own imports still come from dist/.
 */
const fromBuiltPackage = {
  name: 'from-built-package',
  setup(build) {
    const sourceRoot = join(root, 'src') + sep;
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!args.path.startsWith(sourceRoot)) return undefined;
      const built = join(distDir, args.path.slice(sourceRoot.length).replace(/\.ts$/, '.js'));
      const contents = await readFile(built, 'utf8').catch(() => undefined);
      return contents === undefined ? undefined : { contents, loader: 'js', resolveDir: dirname(built) };
    });
  },
};

/**
 * Bytes a page downloads for `entry` (a file, or `{ contents }` source resolved from the repo root), bundled
 * as an app's bundler would from the package's built dist/ (the build runs first when stale), minified and
 * gzipped at level 9. With `splitting`, lazily imported chunks are counted apart (`lazyParts`: each chunk's name
 * and bytes). Each of `sessions` names the lazily imported modules a typical session loads (`client-outbox`,
 * …): its `sessionBytes` is the initial load plus those chunks and everything they import.
 * @returns {Promise<{ initial: number, lazy: number, lazyChunks: number, lazyParts: Array<{ name: string, bytes: number }>, sessionBytes: number[] }>}
 */
export async function minGzipSize(entry, { splitting = false, sessions = [] } = {}) {
  await ensureBuilt();
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
    absWorkingDir: root,
    plugins: [fromBuiltPackage],
  });
  // What loads at once: the entry chunk and every chunk it reaches through static imports; the rest loads
  // only when an import() runs.
  const outputs = result.metafile.outputs;
  const byPath = new Map(result.outputFiles.map((file) => [file.path, file]));
  const pathOf = (output) => [...byPath.keys()].find((path) => path.endsWith(output));
  // Every import() target is an entry point of its own in the metafile: pick the one asked for.
  const entryPoint = typeof entry === 'string' ? entry : '<stdin>';
  const entryOutput = Object.keys(outputs).find((output) => outputs[output].entryPoint === entryPoint);
  /** Adds `output` and every chunk it imports statically to `loaded`. */
  const visit = (output, loaded) => {
    if (loaded.has(output)) return;
    loaded.add(output);
    for (const imported of outputs[output].imports) if (imported.kind === 'import-statement') visit(imported.path, loaded);
  };
  const initial = new Set();
  visit(entryOutput, initial);
  const gzip = (output) => gzipSync(byPath.get(pathOf(output)).contents, { level: 9 }).length;
  const scripts = Object.keys(outputs).filter((output) => output.endsWith('.js'));
  const lazy = scripts.filter((output) => !initial.has(output));
  // A lazy chunk is named after the module an import() loads; chunks shared between those are 'shared'.
  const chunkName = (output) => basename(outputs[output].entryPoint ?? 'shared').replace(/\.[jt]s$/, '');
  const lazyParts = lazy.map((output) => ({ name: chunkName(output), bytes: gzip(output) }));
  const total = (loaded) => [...loaded].reduce((sum, output) => sum + gzip(output), 0);
  const sessionTotal = (modules) => {
    const loaded = new Set(initial);
    for (const name of modules) {
      const output = lazy.find((candidate) => outputs[candidate].entryPoint !== undefined && chunkName(candidate) === name);
      if (output === undefined) throw new Error(`No chunk is loaded on first use for '${name}'`);
      visit(output, loaded);
    }
    return total(loaded);
  };
  return {
    initial: total(initial),
    sessionBytes: sessions.map(sessionTotal),
    lazy: lazyParts.reduce((sum, part) => sum + part.bytes, 0),
    lazyChunks: lazy.length,
    lazyParts,
  };
}
