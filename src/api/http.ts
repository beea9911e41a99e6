/**
 * The one place that talks HTTP: builds URLs below the configured base, authorizes, applies the per-attempt
 * timeout, turns every failure into a typed `ConvoError`, and retries what is safe to retry.
 */
import {
  ConvoAbortError,
  ConvoNetworkError,
  ConvoProtocolError,
  ConvoTimeoutError,
  createApiError,
  isConvoError,
  type AnyConvoError,
} from './errors.js';
import { decideRetry, replaySafety, resolveRetryPolicy, type RetryPolicy, type RetryPolicyOptions } from './retry.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestSpec {
  method: HttpMethod;
  /** A path below the base URL (`conversations/`), or an absolute URL taken from a `next` link. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (multipart uploads). */
  body?: FormData | Blob;
  accept?: string;
  /** Makes a write safe to retry; reads need none. */
  idempotencyKey?: string;
  /** A create the server will not de-duplicate by itself: replayed only when it provably was not acted on. */
  creates?: boolean;
  signal?: AbortSignal | undefined;
  /** For event streams: the timeout covers only the wait for the response headers, not the long body. */
  streaming?: boolean;
  /** Overrides the client's per-attempt timeout for this request; 0 waits as long as it takes. */
  timeoutMs?: number;
}

/** Time as the transport sees it; tests inject a fake one. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with `ConvoAbortError` when `signal` fires first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new ConvoAbortError(signal.reason));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(new ConvoAbortError(signal?.reason));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

export interface TransportOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /**
   * Called before every attempt, so a refreshed token is picked up by retries; after a 401 the request is
   * tried once more with what it answers then.
   */
  getToken?: TokenSource | undefined;
  /** A `fetch` to use instead of the global one (a proxying or instrumented one). */
  fetch?: typeof fetch | undefined;
  /** Retry settings; `false` sends every request once. */
  retry?: RetryPolicyOptions | false | undefined;
  /** Per attempt; 0 disables (default 30 s). For event streams it covers the wait for the headers. */
  timeoutMs?: number | undefined;
  /**
   * An event stream that brings no byte (not even a keepalive comment, sent every 15 s) for this long is
   * treated as a dropped connection (default 45 s; 0 disables).
   */
  streamIdleTimeoutMs?: number | undefined;
  /** Time for backoff waits (tests pass a fake one). */
  clock?: Clock | undefined;
  /** Jitter source in [0, 1) (tests pass a seeded one). */
  random?: (() => number) | undefined;
}

/** What a single attempt needs to do its I/O: the URL, headers and a signal that fires on abort or timeout. */
export interface PreparedAttempt {
  url: URL;
  headers: Record<string, string>;
  signal: AbortSignal;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ConvoAbortError(signal.reason);
}

export class HttpTransport {
  readonly baseUrl: URL;
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly streamIdleTimeoutMs: number;
  private readonly token: string | undefined;
  private readonly getToken: TokenSource | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly random: () => number;

  constructor(options: TransportOptions) {
    const base = new URL(options.baseUrl);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.baseUrl = base;
    this.token = options.token;
    this.getToken = options.getToken;
    // Bound so that `window.fetch` is never called with the transport as `this` ("Illegal invocation").
    const fetchImpl = options.fetch ?? globalThis.fetch;
    this.fetchImpl = (input, init) => fetchImpl(input, init);
    this.policy = resolveRetryPolicy(options.retry);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.streamIdleTimeoutMs = options.streamIdleTimeoutMs ?? 45_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /**
   * A path below the base URL, or an absolute URL from a server's `next` link. A link's path and query are
   * re-based onto the configured origin: the token is never sent to another host, and a server behind a
   * TLS-terminating proxy that writes `http://` links still pages correctly.
   */
  url(path: string, query?: Record<string, QueryValue>): URL {
    let url: URL;
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
      const link = new URL(path);
      url = new URL(link.pathname + link.search, this.baseUrl.origin);
    } else {
      url = new URL(path.replace(/^\//, ''), this.baseUrl);
    }
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url;
  }

  /** The configured `fetch`, for the rare caller that must do its own I/O inside `withRetries`. */
  fetch(input: URL, init: RequestInit): Promise<Response> {
    return this.fetchImpl(input, init);
  }

  async authorizationHeaders(): Promise<Record<string, string>> {
    const token = this.getToken ? await this.getToken() : this.token;
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  /** Sends a request (retrying when safe) and answers the successful response, body unread. */
  send(spec: RequestSpec): Promise<Response> {
    return this.withRetries(spec, (attempt) => this.fetchOnce(spec, attempt, (response) => Promise.resolve(response)));
  }

  /** Sends a request and parses its JSON body; an empty body (204) answers `undefined`. */
  json<T>(spec: RequestSpec): Promise<T> {
    return this.withRetries(spec, (attempt) => this.fetchOnce(spec, attempt, readJson<T>));
  }

  /**
   * Sends a request whose answer has no body worth reading (204, or a body the caller does not need). A
   * DELETE retried after a failure that may have reached the server, and then answered 404, did its job
   * on the earlier attempt: that is success, not an error.
   */
  async discard(spec: RequestSpec): Promise<void> {
    let earlierAttemptMayHaveActed = false;
    await this.withRetries(spec, async (attempt) => {
      try {
        await this.fetchOnce(spec, attempt, (response) => response.arrayBuffer());
      } catch (error) {
        const failure = error as AnyConvoError;
        if (spec.method === 'DELETE' && earlierAttemptMayHaveActed && failure.kind === 'api' && failure.status === 404) return;
        earlierAttemptMayHaveActed ||= failure.kind === 'network' || failure.kind === 'timeout' || (failure.kind === 'api' && (failure.status === 502 || failure.status === 504));
        throw failure;
      }
    });
  }

  blob(spec: RequestSpec): Promise<Blob> {
    return this.withRetries(spec, (attempt) => this.fetchOnce(spec, attempt, (response) => response.blob()));
  }

  /**
   * Runs `attemptOnce` until it succeeds or the policy says stop. A request is replayed only when that
   * cannot create a second effect (see `replaySafety`). A 401 is tried once more when a `getToken` can
   * supply a fresh token: the server refused before acting, so this is safe for any request.
   */
  async withRetries<T>(
    spec: Pick<RequestSpec, 'method' | 'idempotencyKey' | 'creates' | 'signal'>,
    attemptOnce: (attempt: PreparedAttemptFactory, attemptNumber: number) => Promise<T>,
  ): Promise<T> {
    const replay = replaySafety(this.policy, spec);
    let retriedWithFreshToken = false;
    for (let attempt = 1; ; attempt += 1) {
      throwIfAborted(spec.signal);
      try {
        return await attemptOnce(this.attemptFactory(spec.signal), attempt);
      } catch (caught) {
        const error = caught as AnyConvoError;
        if (error.kind === 'api' && error.status === 401 && this.getToken && !retriedWithFreshToken) {
          retriedWithFreshToken = true;
          continue;
        }
        const decision = decideRetry(this.policy, { attempt, error, replay }, this.random);
        if (!decision.retry) throw error;
        await this.clock.sleep(decision.delayMs, spec.signal);
      }
    }
  }

  /**
   * Wires one attempt's signal to the caller's signal and to the timeout. `translate` maps whatever the I/O
   * threw to the right `ConvoError`; `release` stops the timer (and, unless the body is still streaming,
   * unhooks the caller's signal).
   */
  private attemptFactory(callerSignal: AbortSignal | undefined): PreparedAttemptFactory {
    return {
      start: (timeoutMs: number = this.timeoutMs) => {
        const controller = new AbortController();
        let timedOut = false;
        const onCallerAbort = () => controller.abort(callerSignal?.reason);
        callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
        const timer =
          timeoutMs > 0
            ? setTimeout(() => {
                timedOut = true;
                controller.abort(new ConvoTimeoutError(timeoutMs));
              }, timeoutMs)
            : undefined;
        return {
          signal: controller.signal,
          translate: (error: unknown): AnyConvoError => {
            if (callerSignal?.aborted) return new ConvoAbortError(callerSignal.reason);
            if (timedOut) return new ConvoTimeoutError(timeoutMs);
            if (isConvoError(error)) return error as AnyConvoError;
            return new ConvoNetworkError(error instanceof Error ? error.message : String(error), { cause: error });
          },
          stopTimer: () => clearTimeout(timer),
          release: () => {
            clearTimeout(timer);
            callerSignal?.removeEventListener('abort', onCallerAbort);
          },
        };
      },
      prepare: async (spec: RequestSpec, signal: AbortSignal): Promise<PreparedAttempt> => {
        const headers: Record<string, string> = {
          Accept: spec.accept ?? 'application/json',
          ...(await this.authorizationHeaders()),
        };
        if (spec.json !== undefined) headers['Content-Type'] = 'application/json';
        if (spec.idempotencyKey !== undefined) headers['Idempotency-Key'] = spec.idempotencyKey;
        return { url: this.url(spec.path, spec.query), headers, signal };
      },
    };
  }

  /** One attempt of `spec`, for callers of `withRetries` that decide per attempt what to send. */
  async fetchOnce<T>(spec: RequestSpec, factory: PreparedAttemptFactory, consume: (response: Response) => Promise<T>): Promise<T> {
    const attempt = factory.start(spec.timeoutMs);
    let keepCallerLink = false;
    try {
      const prepared = await factory.prepare(spec, attempt.signal);
      // An abort while the token was being fetched: do not start the request at all.
      if (attempt.signal.aborted) throw attempt.signal.reason;
      const response = await this.fetchImpl(prepared.url, {
        method: spec.method,
        headers: prepared.headers,
        body: spec.json !== undefined ? JSON.stringify(spec.json) : spec.body,
        signal: prepared.signal,
      });
      if (!response.ok) throw createApiError(response.status, response.statusText, response.headers, await response.text(), this.clock.now());
      if (spec.streaming) {
        // The body may run for minutes: the timeout only guarded the headers, the caller's abort still must
        // reach it. The stream reader unhooks it when the body ends (`releaseStreamingResponse`).
        attempt.stopTimer();
        keepCallerLink = true;
        streamingLinks.set(response, attempt.release);
      }
      return await consume(response);
    } catch (error) {
      keepCallerLink = false;
      throw attempt.translate(error);
    } finally {
      if (!keepCallerLink) attempt.release();
    }
  }
}

/** Streaming responses whose caller's signal is still hooked to the request, with what unhooks it. */
const streamingLinks = new WeakMap<Response, () => void>();

/** Unhooks a finished event stream from the caller's signal, so a long-lived signal does not collect listeners. */
export function releaseStreamingResponse(response: Response): void {
  streamingLinks.get(response)?.();
  streamingLinks.delete(response);
}

/** Hands each attempt a fresh signal (caller abort + timeout) and its prepared URL and headers. */
export interface PreparedAttemptFactory {
  /** `timeoutMs` defaults to the client's; 0 means none. */
  start(timeoutMs?: number): AttemptHandle;
  prepare(spec: RequestSpec, signal: AbortSignal): Promise<PreparedAttempt>;
}

export interface AttemptHandle {
  readonly signal: AbortSignal;
  translate(error: unknown): AnyConvoError;
  stopTimer(): void;
  release(): void;
}

/** Parses a JSON body; an empty body is `undefined`, anything unreadable a `ConvoProtocolError`. */
export function parseJsonBody<T>(text: string, source: string): T {
  if (text.trim() === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ConvoProtocolError('malformed_json', `Expected JSON from ${source || 'the server'}`, text);
  }
}

async function readJson<T>(response: Response): Promise<T> {
  return parseJsonBody<T>(await response.text(), response.url);
}
