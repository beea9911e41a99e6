// A @web/test-runner plugin that lets browser tests start, restart and stop real reference servers and cut
// proxies on free loopback ports (through `executeServerCommand`). Every server gets its own temporary data
// directory, and everything still running is stopped when the test run ends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCutProxy } from './cut-proxy.mjs';

const AGENTS_PREFIX = '/tenants/demo/api/v2';

export function testServersPlugin() {
  /** @type {Map<string, { kind: 'server' | 'proxy', handle: any, options?: any, dataDir?: string }>} */
  const running = new Map();
  let nextId = 1;

  async function startReferenceServer(options, dataDir, port = 0) {
    const { startServer } = await import('../../demo/server/index.mjs');
    return startServer({ rate: 0, ...options, port, dataDir });
  }

  function describeServer(id, handle, dataDir) {
    return { id, url: handle.url, token: handle.token, agentsBaseUrl: handle.url + AGENTS_PREFIX, dataDir };
  }

  const commands = {
    async 'reference-server:start'(payload = {}) {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'convo-test-'));
      const handle = await startReferenceServer(payload, dataDir);
      const id = `server-${nextId++}`;
      running.set(id, { kind: 'server', handle, options: payload, dataDir });
      return describeServer(id, handle, dataDir);
    },
    /** Stops the server (every open stream dies) and starts it again on the same port and data. */
    async 'reference-server:restart'({ id, downMs = 0 }) {
      const entry = running.get(id);
      if (!entry) throw new Error(`no running server ${id}`);
      const port = new URL(entry.handle.url).port;
      await entry.handle.close();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      entry.handle = await startReferenceServer(entry.options, entry.dataDir, Number(port));
      return describeServer(id, entry.handle, entry.dataDir);
    },
    async 'cut-proxy:start'({ target, cutAfterBytes = null, cutOnlyStreams = true, gatewayCors = false }) {
      const handle = await startCutProxy({ target, cutAfterBytes, cutOnlyStreams, gatewayCors });
      const id = `proxy-${nextId++}`;
      running.set(id, { kind: 'proxy', handle });
      return { id, url: handle.url };
    },
    async 'cut-proxy:set'({ id, cutAfterBytes }) {
      running.get(id)?.handle.setCut(cutAfterBytes);
      return { cuts: running.get(id)?.handle.cutCount() ?? 0 };
    },
    async stop({ id }) {
      await stopOne(id);
      return true;
    },
  };

  async function stopOne(id) {
    const entry = running.get(id);
    if (!entry) return;
    running.delete(id);
    await entry.handle.close();
    if (entry.dataDir) await rm(entry.dataDir, { recursive: true, force: true });
  }

  return {
    name: 'convo-test-servers',
    async executeCommand({ command, payload }) {
      const run = commands[command];
      return run ? run(payload) : undefined;
    },
    async serverStop() {
      await Promise.all([...running.keys()].map(stopOne));
    },
  };
}
