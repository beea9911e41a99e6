#!/usr/bin/env node
// `npm run serve`: the reference server alone. Flags override env (CONVO_PORT, CONVO_TOKEN), which override defaults.

import { parseArgs } from 'node:util';
import { startServer } from './index.mjs';

const USAGE = `Usage: node demo/server/main.mjs [options]
  --port N               port on 127.0.0.1 (default 8787, env CONVO_PORT; 0 picks a free port)
  --token T              bearer token clients must send (default demo-token, env CONVO_TOKEN)
  --data-dir DIR         where state is kept (default .convo-data)
  --rate N               reply deltas per second (default 40; 0 = as fast as possible)
  --seed N               seed for demo data and replies (default 1)
  --rate-limit-create N  conversation create/open requests per minute (default 10)
  --rate-limit N         other requests per minute (default 480)
  --max-upload-bytes N   largest agents file upload request (default 20 MB; 413 above it)
  --no-ai                suggest_reply answers 403 everywhere (AI data processing not approved)
  --log                  log every request
  --help`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    token: { type: 'string' },
    'data-dir': { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string' },
    'rate-limit-create': { type: 'string' },
    'rate-limit': { type: 'string' },
    'max-upload-bytes': { type: 'string' },
    'no-ai': { type: 'boolean' },
    log: { type: 'boolean' },
    help: { type: 'boolean' },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

/**
 * @param {string} name
 * @param {string | undefined} raw
 */
function count(name, raw) {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number, got ${JSON.stringify(raw)}\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const port = count('port', values.port ?? process.env.CONVO_PORT);
const server = await startServer({
  port,
  token: values.token ?? (process.env.CONVO_TOKEN || undefined),
  dataDir: values['data-dir'],
  rate: count('rate', values.rate),
  seed: count('seed', values.seed),
  rateLimits: { create: count('rate-limit-create', values['rate-limit-create']), other: count('rate-limit', values['rate-limit']) },
  log: values.log,
}).catch((/** @type {NodeJS.ErrnoException} */ error) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.error(`Port ${port ?? 8787} on 127.0.0.1 is in use: pass another --port (0 picks a free one).`);
  process.exit(1);
});
console.log(`convo reference server: ${server.url}`);

let stopping = false;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
