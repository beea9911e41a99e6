#!/usr/bin/env node
// `node bench/convo-chat/screenshots.mjs [Story ...]`: photographs each <convo-chat> story in light, dark and
// right-to-left, into .tmp/screenshots/convo-chat/. Starts a reference server on 127.0.0.1:8787 (the
// uploads story talks to it) unless one is already listening there.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleBenchPage, launchBenchBrowser, root, serveDirectory } from '../helpers.mjs';

const outDir = join(root, '.tmp/screenshots/convo-chat');
const STORIES = ['Empty', 'Streaming', 'ToolCall', 'Approval', 'ErrorState', 'Queue', 'Conversations', 'Uploads', 'Dark', 'RightToLeft'];
const VARIANTS = [
  { name: 'light', query: 'theme=light' },
  { name: 'dark', query: 'theme=dark' },
  { name: 'rtl', query: 'dir=rtl' },
];
/** How long each story runs before the photograph (streams and uploads are caught mid-way). */
const SETTLE_MS = { Streaming: 1800, Queue: 1500, Uploads: 40, ErrorState: 900 };

async function referenceServer() {
  const listening = await fetch('http://127.0.0.1:8787/api/environments/1/conversations/', { headers: { authorization: 'Bearer demo-token' } }).then(
    () => true,
    () => false,
  );
  if (listening) return { close: async () => undefined };
  const { startServer } = await import('../../demo/server/index.mjs');
  const dataDir = await mkdtemp(join(tmpdir(), 'convo-screens-'));
  // A slow upload link, so the photograph shows progress.
  const handle = await startServer({ port: 8787, dataDir, rate: 40 });
  return {
    close: async () => {
      await handle.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const only = process.argv.slice(2);
const pageDir = await bundleBenchPage('convo-chat', {
  page: 'gallery.page.ts',
  outName: 'convo-chat-gallery',
  minify: false,
  body: '<style>body{margin:0;padding:16px;font-family:system-ui}</style><div id="canvas"></div>',
});
await mkdir(outDir, { recursive: true });
const server = await serveDirectory(pageDir);
const reference = await referenceServer();
const browser = await launchBenchBrowser();
try {
  for (const story of STORIES.filter((name) => only.length === 0 || only.includes(name))) {
    for (const variant of VARIANTS) {
      const page = await browser.newPage({ viewport: { width: 820, height: 700 }, deviceScaleFactor: 1 });
      page.on('pageerror', (error) => console.error(`${story}/${variant.name}: ${error.message}`));
      await page.goto(`http://127.0.0.1:${server.address().port}/?story=${story}&${variant.query}`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForTimeout(SETTLE_MS[story] ?? 500);
      const file = join(outDir, `${story}-${variant.name}.png`);
      await page.locator('#canvas').screenshot({ path: file });
      console.log(`screenshot: ${file}`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.close();
  await reference.close();
}
