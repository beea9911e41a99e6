// Starts the reference server: one store, one router, and every resource module registered on it. Each module
// exports a `register…(router, app)` function (sync or async; awaited here): it adds its routes and, when
// `app.store.isFresh`, seeds its demo data deterministically from `app.options.seed`.

import http from 'node:http';
import { Router } from './http.mjs';
import { Store } from './store.mjs';
import { registerPosthogConversations } from './posthog-conversations.mjs';
import { registerAgentsConversations } from './agents-conversations.mjs';
import { registerTickets } from './tickets.mjs';
import { registerComments } from './comments.mjs';
import { registerInboxSeed } from './ticket-seed.mjs';
import { registerViews } from './views.mjs';
import { registerProfileConfigs } from './profile-configs.mjs';
import { registerAgentsFiles } from './agents-files.mjs';
import { registerDataFrames } from './data-frames.mjs';

/**
 * What every module's register() receives.
 * @typedef {object} App
 * @property {Store} store
 * @property {import('./http.mjs').ServerOptions} options
 * @property {(listener: () => void) => void} onClose runs when the server closes (stop timers, end runs)
 */

/** @type {import('./http.mjs').ServerOptions} */
const DEFAULTS = {
  port: 8787,
  token: 'demo-token',
  dataDir: '.convo-data',
  rate: 40,
  seed: 1,
  rateLimits: { create: 10, createPerDay: 100, other: 480 },
  log: false,
  keepaliveMs: 15_000,
};

/**
 * @param {Partial<Omit<import('./http.mjs').ServerOptions, 'rateLimits'>> & {rateLimits?: Partial<import('./http.mjs').ServerOptions['rateLimits']>}} [overrides]
 * @returns {Promise<{url: string, port: number, token: string, close(): Promise<void>}>}
 */
export async function startServer(overrides = {}) {
  /** @type {import('./http.mjs').ServerOptions} */
  const options = { ...DEFAULTS, ...withoutUndefined(overrides), rateLimits: { ...DEFAULTS.rateLimits, ...withoutUndefined(overrides.rateLimits ?? {}) } };
  const store = Store.open(options.dataDir);
  const router = new Router({ store, options });
  /** @type {(() => void)[]} */
  const closeListeners = [];
  /** @type {App} */
  const app = { store, options, onClose: (listener) => closeListeners.push(listener) };

  await registerPosthogConversations(router, app);
  await registerAgentsConversations(router, app);
  registerTickets(router, app);
  registerComments(router, app);
  registerInboxSeed(router, app);
  registerViews(router, app);
  registerProfileConfigs(router, app);
  registerAgentsFiles(router, app);
  registerDataFrames(router, app);

  if (store.isFresh) store.markSeeded();

  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    router.handle(req, res).catch((error) => {
      // handle() answers every error itself; reaching here means even that failed (the socket is gone).
      console.error('reference server: could not answer', error);
      res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://127.0.0.1:${address.port}`;

  /** @type {Promise<void> | null} */
  let closing = null;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise((resolve) => server.close(() => resolve(undefined)));
      for (const listener of closeListeners) listener();
      router.endAllStreams();
      for (const socket of sockets) socket.destroy();
      await stopped;
      store.close();
    })();
    return closing;
  };
  return { url, port: address.port, token: options.token, close };
}

/**
 * @template {object} T
 * @param {T} value
 * @returns {Partial<T>}
 */
function withoutUndefined(value) {
  return /** @type {Partial<T>} */ (Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));
}
