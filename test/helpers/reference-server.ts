/**
 * Browser-side handles on the real servers a test needs. They run in the test runner's Node process
 * (see test-servers-plugin.mjs), each on its own free loopback port with its own data directory.
 */
import { executeServerCommand } from '@web/test-runner-commands';

export interface ReferenceServerOptions {
  /** Reply deltas per second; 0 (the default in tests) streams as fast as possible. */
  rate?: number;
  token?: string;
  seed?: number;
  /** Per-minute rate limits, e.g. `{ create: 2 }` to provoke a 429 quickly. */
  rateLimits?: { create?: number; createPerDay?: number; other?: number };
}

export interface ReferenceServer {
  /** Origin of the server; the PostHog dialect lives under `/api/...`. */
  readonly url: string;
  readonly token: string;
  /** Base URL of the agents dialect (`{url}/tenants/demo/api/v2`). */
  readonly agentsBaseUrl: string;
  /** Kills the server (every open stream drops) and starts it again on the same port with the same data. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface ServerDescription {
  id: string;
  url: string;
  token: string;
  agentsBaseUrl: string;
}

async function command<T>(name: string, payload: object): Promise<T> {
  const answer = await executeServerCommand<T, object>(name, payload);
  if (answer === undefined || answer === null) throw new Error(`test server command ${name} gave no answer`);
  return answer;
}

export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const description = await command<ServerDescription>('reference-server:start', options);
  return {
    url: description.url,
    token: description.token,
    agentsBaseUrl: description.agentsBaseUrl,
    async restart(downMs = 0) {
      await command('reference-server:restart', { id: description.id, downMs });
    },
    async stop() {
      await command('stop', { id: description.id });
    },
  };
}

export interface CutProxy {
  readonly url: string;
  /** Cut every following event-stream response after `bytes` body bytes; `null` stops cutting. */
  setCut(bytes: number | null): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A proxy in front of `targetUrl` that drops streamed responses after `cutAfterBytes` body bytes. With
 * `gatewayCors`, while the target is down it answers like a gateway that handles CORS itself: the page reads
 * its 502 as a status rather than a failed fetch.
 */
export async function startCutProxy(targetUrl: string, cutAfterBytes: number | null, { gatewayCors = false } = {}): Promise<CutProxy> {
  const { id, url } = await command<{ id: string; url: string }>('cut-proxy:start', {
    target: targetUrl,
    cutAfterBytes,
    gatewayCors,
  });
  return {
    url,
    async setCut(bytes) {
      await command('cut-proxy:set', { id, cutAfterBytes: bytes });
    },
    async stop() {
      await command('stop', { id });
    },
  };
}
