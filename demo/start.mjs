#!/usr/bin/env node
// `npm start` (after the build): the reference server and the demo pages, side by side on loopback.
// The pages load the script-tag bundle (dist/convo-embed.js) exactly as a customer site would, and talk to
// the reference server across origins, as they would to a real deployment.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server/index.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apiPort = Number(process.env.CONVO_PORT ?? 8787);
const demoPort = Number(process.env.CONVO_DEMO_PORT ?? 8788);

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Only these folders are served: the pages themselves and the built bundle. */
const SERVED = { '/dist/': path.join(root, 'dist'), '/': path.join(root, 'demo/pages') };

async function listen(server, port) {
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  } catch (error) {
    if (error.code !== 'EADDRINUSE') throw error;
    console.warn(`port ${port} is taken; using a free one`);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  return server.address().port;
}

let api;
try {
  api = await startServer({ port: apiPort, token: process.env.CONVO_TOKEN || undefined });
} catch (error) {
  if (error.code !== 'EADDRINUSE') throw error;
  console.warn(`port ${apiPort} is taken; starting the reference server on a free one`);
  api = await startServer({ port: 0, token: process.env.CONVO_TOKEN || undefined });
}

const demo = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/config.js') {
    res.writeHead(200, { 'content-type': CONTENT_TYPES['.js'], 'cache-control': 'no-store' });
    res.end(`window.CONVO_DEMO = ${JSON.stringify({ apiUrl: api.url, token: api.token })};\n`);
    return;
  }
  const [prefix, folder] = Object.entries(SERVED).find(([candidate]) => url.pathname.startsWith(candidate));
  const relative = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
  const file = path.resolve(folder, relative);
  if (!file.startsWith(folder + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
});
const port = await listen(demo, demoPort);

console.log(`convo reference server: ${api.url}`);
console.log(`token: ${api.token}`);
console.log(`demo: http://127.0.0.1:${port}/`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    demo.close();
    await api.close();
    process.exit(0);
  });
}
