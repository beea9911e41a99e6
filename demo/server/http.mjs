// The HTTP layer every module of the reference server shares: routing, body parsing, CORS, bearer auth, rate
// limits, Idempotency-Key replay, error bodies in each dialect's shape, paging and the SSE writer. Handlers get
// all of it through `ctx`, so each resource module only states what its endpoints do.

import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

/** @typedef {'posthog' | 'agents'} Dialect */
/** @typedef {'create' | 'other'} LimitClass */

/**
 * @typedef {object} Context
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {string} method
 * @property {URL} url
 * @property {Record<string, string>} params
 * @property {URLSearchParams} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {() => Promise<any>} readJson
 * @property {() => Promise<FormData>} readFormData
 * @property {import('./store.mjs').Store} store
 * @property {ServerOptions} options
 * @property {Dialect} dialect
 * @property {boolean} replayingStream true when an Idempotency-Key replays a streaming POST: answer as a re-attach
 * @property {(status: number, body?: unknown, headers?: Record<string, string>) => void} send
 * @property {() => SseWriter} sse
 */

/**
 * @typedef {object} ServerOptions
 * @property {number} port
 * @property {string} token
 * @property {string} dataDir
 * @property {number} rate reply deltas per second; 0 = as fast as possible
 * @property {number} seed
 * @property {{create: number, createPerDay: number, other: number}} rateLimits
 * @property {boolean} log
 * @property {number} keepaliveMs silence (PostHog) or interval (agents) before a stream comment
 * @property {number} [maxUploadBytes] cap on one agents file upload request's body (default 20 MB): 413 above it
 * @property {boolean} [aiDataProcessingApproved] false makes every ticket's suggest_reply answer 403, as an
 *   organisation that has not approved AI data processing does (default true)
 */

/** The real servers' path prefixes; only project/environment `1`, tenant `demo` and agent `demo-agent` exist. */
export const POSTHOG_PROJECT_ID = '1';
export const AGENTS_TENANT = 'demo';
export const AGENTS_AGENT_ID = 'demo-agent';
export const AGENTS_BASE = `/tenants/${AGENTS_TENANT}/api/v2/agents/${AGENTS_AGENT_ID}`;

const POSTHOG_SCOPE = /^\/api\/(?:projects|environments)\/([^/]+)(?:\/|$)/;
const AGENTS_SCOPE = /^\/tenants\/([^/]+)\/api\/v2\/agents\/([^/]+)(?:\/|$)/;

const JSON_BODY_LIMIT = 2 * 1024 * 1024;
const FORM_BODY_LIMIT = 64 * 1024 * 1024;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Both PostHog prefixes for one path below the project, e.g. `posthogPaths('conversations/')`. PostHog serves
 * every conversations route under `/api/projects/:projectId/` and `/api/environments/:projectId/`.
 * @param {string} suffix path below the project, without a leading slash
 */
export function posthogPaths(suffix) {
  return [`/api/projects/:projectId/${suffix}`, `/api/environments/:projectId/${suffix}`];
}

/** @param {string} suffix path below the agent, without a leading slash */
export function agentsPath(suffix) {
  return `/tenants/:tenant/api/v2/agents/:agentId/${suffix}`;
}

/** An answer that is not a success; `body` is already in the dialect's shape. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {unknown} body
   * @param {Record<string, string>} [headers]
   */
  constructor(status, body, headers = {}) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/**
 * PostHog's (DRF's) usual error body.
 * @param {number} status
 * @param {{type: string, code: string, detail: string, attr?: string | null}} fields
 * @param {Record<string, string>} [headers]
 */
export function posthogError(status, { type, code, detail, attr = null }, headers = {}) {
  return new HttpError(status, { type, code, detail, attr }, headers);
}

/**
 * The plain bodies several PostHog actions answer with instead: `{error}` or `{detail}`.
 * @param {number} status
 * @param {Record<string, unknown>} body
 */
export function plainError(status, body) {
  return new HttpError(status, body);
}

/**
 * The agents server's error envelope.
 * @param {number} status
 * @param {string} code bad_request, unauthorized, forbidden, not_found, conflict, unprocessable_entity, too_many_requests, internal_error
 * @param {string} message
 * @param {Record<string, string>} [headers]
 */
export function agentsError(status, code, message, headers = {}) {
  return new HttpError(status, { error: { error_id: randomUUID(), code, message } }, headers);
}

/** A required-field or bad-value error naming the field, in the dialect's shape. */
export function validationError(/** @type {Dialect} */ dialect, /** @type {string} */ attr, /** @type {string} */ detail, code = 'invalid_input') {
  return dialect === 'agents'
    ? agentsError(400, 'bad_request', `${attr}: ${detail}`)
    : posthogError(400, { type: 'validation_error', code, detail, attr });
}

/** @param {Dialect} dialect */
export function notFound(dialect, message = 'Not found.') {
  return dialect === 'agents'
    ? agentsError(404, 'not_found', message)
    : posthogError(404, { type: 'invalid_request', code: 'not_found', detail: message });
}

/**
 * A PostHog page: `{count, next, previous, results}` with absolute `next`/`previous` URLs, as DRF's
 * LimitOffsetPagination builds them from the request URL.
 * @template T
 * @param {Context} ctx
 * @param {T[]} items every item, already filtered and ordered
 * @param {{defaultLimit?: number, maxLimit?: number}} [paging]
 */
export function paginatePosthog(ctx, items, { defaultLimit = 100, maxLimit } = {}) {
  const limit = clampLimit(ctx.query.get('limit'), defaultLimit, maxLimit);
  const offset = nonNegativeInt(ctx.query.get('offset'), 0);
  const pageUrl = (/** @type {number} */ pageOffset) => {
    const url = new URL(ctx.url);
    url.searchParams.set('limit', String(limit));
    if (pageOffset > 0) url.searchParams.set('offset', String(pageOffset));
    else url.searchParams.delete('offset');
    return url.toString();
  };
  return {
    count: items.length,
    next: offset + limit < items.length ? pageUrl(offset + limit) : null,
    previous: offset > 0 ? pageUrl(Math.max(0, offset - limit)) : null,
    results: items.slice(offset, offset + limit),
  };
}

/**
 * An agents page: `{data, next, has_more}`; `next` is an opaque token the caller passes back as `?next=`.
 * @template T
 * @param {Context} ctx
 * @param {T[]} items
 * @param {{defaultLimit?: number}} [paging]
 */
export function paginateAgents(ctx, items, { defaultLimit = 50 } = {}) {
  const limit = clampLimit(ctx.query.get('limit'), defaultLimit, 1000);
  let offset = 0;
  const token = ctx.query.get('next');
  if (token) {
    const decoded = decodePageToken(token);
    if (decoded === null) throw agentsError(400, 'bad_request', 'next: invalid pagination token');
    offset = decoded;
  }
  const end = offset + limit;
  const hasMore = end < items.length;
  return { data: items.slice(offset, end), next: hasMore ? encodePageToken(end) : null, has_more: hasMore };
}

/** @param {number} offset */
function encodePageToken(offset) {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** @param {string} token */
function decodePageToken(token) {
  try {
    const { o } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return Number.isInteger(o) && o >= 0 ? o : null;
  } catch {
    return null;
  }
}

/** @param {string | null} raw @param {number} fallback @param {number | undefined} max */
function clampLimit(raw, fallback, max) {
  const value = nonNegativeInt(raw, fallback) || fallback;
  return max ? Math.min(value, max) : value;
}

/** @param {string | null} raw @param {number} fallback */
function nonNegativeInt(raw, fallback) {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  return Number(raw);
}

/**
 * One `text/event-stream` answer. PostHog frames end lines in LF and send `: keepalive` after 15 s of silence;
 * the agents server ends lines in CRLF and sends `: ping` every 15 s. Neither sends `id:` or `retry:`.
 */
export class SseWriter {
  /**
   * @param {import('node:http').ServerResponse} res
   * @param {{dialect: Dialect, keepaliveMs: number, beforeWrite: () => void}} settings
   */
  constructor(res, { dialect, keepaliveMs, beforeWrite }) {
    this.res = res;
    this.newline = dialect === 'agents' ? '\r\n' : '\n';
    this.keepaliveComment = dialect === 'agents' ? 'ping' : 'keepalive';
    this.resetsOnWrite = dialect === 'posthog';
    this.keepaliveMs = keepaliveMs;
    this.beforeWrite = beforeWrite;
    /** @type {Set<() => void>} */
    this.closeListeners = new Set();
    this.isClosed = false;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    res.flushHeaders();
    /** @type {NodeJS.Timeout | undefined} */
    this.keepaliveTimer = undefined;
    this.armKeepalive();
    res.on('close', () => this.markClosed());
  }

  /** True once the client went away or the stream was ended. */
  get closed() {
    return this.isClosed;
  }

  /**
   * Writes one frame. Returns false when the client is gone (the caller's run carries on regardless).
   * @param {string} name
   * @param {unknown} data
   */
  event(name, data) {
    const nl = this.newline;
    return this.write(`event: ${name}${nl}data: ${JSON.stringify(data)}${nl}${nl}`);
  }

  /** @param {string} text */
  comment(text) {
    return this.write(`: ${text}${this.newline}${this.newline}`);
  }

  /** @param {() => void} listener called once when the client disconnects or the stream ends */
  onClose(listener) {
    if (this.isClosed) listener();
    else this.closeListeners.add(listener);
  }

  end() {
    if (!this.isClosed) this.res.end();
    this.markClosed();
  }

  /** @param {string} frame */
  write(frame) {
    if (this.isClosed) return false;
    // Anything a frame reveals must already be durable (the store journals before answering).
    this.beforeWrite();
    this.res.write(frame);
    if (this.resetsOnWrite) this.armKeepalive();
    return true;
  }

  armKeepalive() {
    clearTimeout(this.keepaliveTimer);
    if (this.isClosed || !(this.keepaliveMs > 0)) return;
    const tick = () => {
      if (this.isClosed) return;
      this.res.write(`: ${this.keepaliveComment}${this.newline}${this.newline}`);
      this.keepaliveTimer = setTimeout(tick, this.keepaliveMs);
      this.keepaliveTimer.unref();
    };
    this.keepaliveTimer = setTimeout(tick, this.keepaliveMs);
    this.keepaliveTimer.unref();
  }

  markClosed() {
    if (this.isClosed) return;
    this.isClosed = true;
    clearTimeout(this.keepaliveTimer);
    for (const listener of this.closeListeners) listener();
    this.closeListeners.clear();
  }
}

/**
 * DRF's SimpleRateThrottle: a sliding window of request times; the wait it reports spreads the remaining window
 * over the requests still available, and the answer's Retry-After is that wait rounded up.
 */
class SlidingWindowThrottle {
  /** @param {number} limit @param {number} windowMs */
  constructor(limit, windowMs) {
    this.limit = limit;
    this.windowMs = windowMs;
    /** @type {number[]} newest first */
    this.history = [];
  }

  /** @param {number} now @returns {number} seconds to wait, 0 when allowed */
  waitSeconds(now) {
    while (this.history.length && this.history[this.history.length - 1] <= now - this.windowMs) this.history.pop();
    if (this.history.length < this.limit) return 0;
    const remaining = this.windowMs - (now - this.history[this.history.length - 1]);
    const available = this.limit - this.history.length + 1;
    return Math.max(1, Math.ceil(remaining / Math.max(1, available) / 1000));
  }

  /** @param {number} now */
  record(now) {
    this.history.unshift(now);
  }
}

/**
 * @typedef {object} Route
 * @property {string} method
 * @property {string[]} segments
 * @property {(ctx: Context) => Promise<void>} handler
 * @property {Dialect} dialect
 * @property {LimitClass} limit
 */

export class Router {
  /**
   * @param {{store: import('./store.mjs').Store, options: ServerOptions}} app
   */
  constructor({ store, options }) {
    this.store = store;
    this.options = options;
    /** @type {Route[]} */
    this.routes = [];
    /** @type {Set<SseWriter>} */
    this.openStreams = new Set();
    const minute = 60_000;
    this.throttles = {
      create: [new SlidingWindowThrottle(options.rateLimits.create, minute), new SlidingWindowThrottle(options.rateLimits.createPerDay, 24 * 60 * minute)],
      other: [new SlidingWindowThrottle(options.rateLimits.other, minute)],
    };
    /** @type {Map<string, Promise<void>>} idempotency keys whose first request is still being answered */
    this.inFlightKeys = new Map();
    this.idempotency = store.collection('idempotency-keys');
    this.forgetExpiredIdempotencyKeys();
  }

  /**
   * @param {string} method
   * @param {string | string[]} pattern '/api/projects/:projectId/conversations/:id/'; ':name' matches one segment
   * @param {(ctx: Context) => Promise<void>} handler
   * @param {{dialect?: Dialect, limit?: LimitClass}} [settings] dialect defaults from the path prefix
   */
  add(method, pattern, handler, { dialect, limit = 'other' } = {}) {
    for (const one of Array.isArray(pattern) ? pattern : [pattern]) {
      this.routes.push({
        method: method.toUpperCase(),
        segments: one.split('/').slice(1),
        handler,
        dialect: dialect ?? dialectOfPath(one),
        limit,
      });
    }
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async handle(req, res) {
    const started = Date.now();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const method = (req.method ?? 'GET').toUpperCase();
    applyCors(req, res);
    if (this.options.log) {
      res.once('close', () => console.log(`${method} ${url.pathname}${url.search} ${res.statusCode} ${Date.now() - started}ms`));
    }
    let dialect = dialectOfPath(url.pathname);
    try {
      if (method === 'OPTIONS') {
        res.writeHead(204, { 'Content-Length': '0' });
        res.end();
        return;
      }
      const match = this.match(method, url.pathname);
      if (!match) throw notFound(dialect);
      if (match === 'method-not-allowed') {
        throw dialect === 'agents'
          ? agentsError(405, 'bad_request', `Method ${method} not allowed.`)
          : posthogError(405, { type: 'invalid_request', code: 'method_not_allowed', detail: `Method "${method}" not allowed.` });
      }
      const { route, params } = match;
      dialect = route.dialect;
      this.authenticate(req, dialect);
      this.checkScope(url.pathname, dialect);
      this.throttle(route.limit, dialect);
      const ctx = this.context(req, res, { method, url, params, dialect });
      await this.runWithIdempotency(ctx, route);
    } catch (error) {
      this.answerError(res, dialect, error);
    }
  }

  /** Ends every open stream so that close() is prompt even while replies are streaming. */
  endAllStreams() {
    for (const stream of this.openStreams) stream.end();
    this.openStreams.clear();
  }

  /**
   * @param {string} method
   * @param {string} path
   * @returns {{route: Route, params: Record<string, string>} | 'method-not-allowed' | null}
   */
  match(method, path) {
    const segments = path.split('/').slice(1);
    /** @type {{route: Route, params: Record<string, string>}[]} */
    let candidates = [];
    let bestLiterals = -1;
    for (const route of this.routes) {
      const params = matchSegments(route, segments);
      if (!params) continue;
      // A literal segment beats a parameter: `conversations/tickets/` is not the conversation called "tickets".
      const literals = route.segments.filter((segment) => !segment.startsWith(':')).length;
      if (literals > bestLiterals) {
        bestLiterals = literals;
        candidates = [];
      }
      if (literals === bestLiterals) candidates.push({ route, params });
    }
    if (candidates.length === 0) return null;
    return candidates.find((candidate) => candidate.route.method === method) ?? 'method-not-allowed';
  }

  /** @param {import('node:http').IncomingMessage} req @param {Dialect} dialect */
  authenticate(req, dialect) {
    const header = req.headers.authorization;
    const challenge = { 'WWW-Authenticate': 'Bearer realm="api"' };
    if (!header || !/^Bearer\s+\S/i.test(header)) {
      throw dialect === 'agents'
        ? agentsError(401, 'unauthorized', 'Missing bearer token.', challenge)
        : posthogError(401, { type: 'authentication_error', code: 'not_authenticated', detail: 'Authentication credentials were not provided.' }, challenge);
    }
    if (header.replace(/^Bearer\s+/i, '').trim() !== this.options.token) {
      throw dialect === 'agents'
        ? agentsError(401, 'unauthorized', 'Invalid API key.', challenge)
        : posthogError(401, { type: 'authentication_error', code: 'authentication_failed', detail: 'Personal API key found in request is invalid.' }, challenge);
    }
  }

  /** Only project/environment 1 and the demo tenant's demo agent exist. @param {string} path @param {Dialect} dialect */
  checkScope(path, dialect) {
    const posthog = POSTHOG_SCOPE.exec(path);
    if (posthog && posthog[1] !== POSTHOG_PROJECT_ID) throw notFound(dialect);
    const agents = AGENTS_SCOPE.exec(path);
    if (agents && agents[1] !== AGENTS_TENANT) throw notFound(dialect, `Tenant ${agents[1]} not found.`);
    if (agents && agents[2] !== AGENTS_AGENT_ID) throw notFound(dialect, `Agent ${agents[2]} not found.`);
  }

  /** @param {LimitClass} limit @param {Dialect} dialect */
  throttle(limit, dialect) {
    const now = Date.now();
    const throttles = this.throttles[limit];
    const wait = Math.max(...throttles.map((t) => t.waitSeconds(now)));
    if (wait > 0) {
      const headers = { 'Retry-After': String(wait) };
      throw dialect === 'agents'
        ? agentsError(429, 'too_many_requests', `Too many requests. Retry in ${wait} seconds.`, headers)
        : posthogError(429, { type: 'throttled_error', code: 'throttled', detail: `Request was throttled. Expected available in ${wait} seconds.` }, headers);
    }
    for (const t of throttles) t.record(now);
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {{method: string, url: URL, params: Record<string, string>, dialect: Dialect}} parts
   * @returns {Context}
   */
  context(req, res, { method, url, params, dialect }) {
    const store = this.store;
    let bodyTaken = false;
    const takeBody = () => {
      if (bodyTaken) throw new Error('The request body was already read.');
      bodyTaken = true;
    };
    /** @type {Context} */
    const ctx = {
      req,
      res,
      method,
      url,
      params,
      query: url.searchParams,
      headers: req.headers,
      store,
      options: this.options,
      dialect,
      replayingStream: false,
      readJson: async () => {
        takeBody();
        const raw = await readBody(req, JSON_BODY_LIMIT, dialect);
        if (raw.length === 0) return {};
        try {
          return JSON.parse(raw.toString('utf8'));
        } catch (error) {
          throw dialect === 'agents'
            ? agentsError(400, 'bad_request', 'Request body is not valid JSON.')
            : posthogError(400, { type: 'invalid_request', code: 'parse_error', detail: `JSON parse error - ${/** @type {Error} */ (error).message}` });
        }
      },
      readFormData: async () => {
        takeBody();
        const length = Number(req.headers['content-length'] ?? 0);
        if (length > FORM_BODY_LIMIT) throw payloadTooLarge(dialect);
        const request = new Request(url, {
          method,
          headers: /** @type {Record<string, string>} */ (req.headers),
          body: /** @type {any} */ (Readable.toWeb(req)),
          // @ts-expect-error Node's fetch needs duplex for a streamed body
          duplex: 'half',
        });
        try {
          return await request.formData();
        } catch {
          throw dialect === 'agents'
            ? agentsError(400, 'bad_request', 'Request body is not valid multipart/form-data.')
            : posthogError(400, { type: 'invalid_request', code: 'parse_error', detail: 'Multipart form parse error.' });
        }
      },
      send: (status, body, headers = {}) => {
        store.flushSync();
        if (body === undefined) {
          res.writeHead(status, headers);
          res.end();
          return;
        }
        const text = JSON.stringify(body);
        res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
        res.end(text);
      },
      sse: () => {
        const stream = new SseWriter(res, { dialect, keepaliveMs: this.options.keepaliveMs, beforeWrite: () => store.flushSync() });
        this.openStreams.add(stream);
        stream.onClose(() => this.openStreams.delete(stream));
        return stream;
      },
    };
    return ctx;
  }

  /**
   * Same Idempotency-Key on the same method and path: replay the first answer instead of acting again. A
   * streaming POST is remembered as soon as its stream opens; its replay is answered like a re-attach, so a
   * retried send never starts a second run.
   * @param {Context} ctx
   * @param {Route} route
   */
  async runWithIdempotency(ctx, route) {
    const key = ctx.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '' || !['POST', 'PATCH', 'DELETE'].includes(ctx.method)) {
      await route.handler(ctx);
      return;
    }
    const recordId = `${ctx.method} ${ctx.url.pathname} ${key}`;
    let stored = this.idempotency.get(recordId);
    const pending = this.inFlightKeys.get(recordId);
    if (!stored && pending) {
      // The first request with this key is still being answered: wait for its answer, then replay it. (A stream
      // is remembered as soon as it opens, so a retry never waits for a whole run.)
      await pending;
      stored = this.idempotency.get(recordId);
    }
    if (stored?.stream) {
      ctx.replayingStream = true;
      await route.handler(ctx);
      return;
    }
    if (stored) {
      ctx.send(stored.status, stored.body ?? undefined, { ...stored.headers, 'Idempotent-Replayed': 'true' });
      return;
    }
    const remember = (/** @type {object} */ record) => this.idempotency.set(recordId, { ...record, at: Date.now() });
    const originalSend = ctx.send;
    ctx.send = (status, body, headers = {}) => {
      // Answers that were never acted on (busy, throttled) may be retried with the same key.
      if (status < 500 && status !== 409 && status !== 429) remember({ status, body: body ?? null, headers });
      originalSend(status, body, headers);
    };
    const originalSse = ctx.sse;
    ctx.sse = () => {
      remember({ stream: true });
      return originalSse();
    };
    const run = route.handler(ctx).catch((error) => {
      if (error instanceof HttpError && error.status < 500 && error.status !== 409 && error.status !== 429) {
        remember({ status: error.status, body: error.body, headers: error.headers });
      }
      throw error;
    });
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.inFlightKeys.set(recordId, settled);
    try {
      await run;
    } finally {
      this.inFlightKeys.delete(recordId);
    }
  }

  forgetExpiredIdempotencyKeys() {
    const oldest = Date.now() - IDEMPOTENCY_TTL_MS;
    for (const [id, record] of this.idempotency.entries()) {
      if (record.at < oldest) this.idempotency.delete(id);
    }
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {Dialect} dialect
   * @param {unknown} error
   */
  answerError(res, dialect, error) {
    if (clientWentAway(res, error)) {
      // The client aborted (an upload cancelled mid-body, a page closed): an ordinary disconnect, nobody to answer.
      res.destroy();
      return;
    }
    if (!(error instanceof HttpError)) {
      console.error('reference server: unexpected error', error);
      error =
        dialect === 'agents'
          ? agentsError(500, 'internal_error', 'Internal server error.')
          : posthogError(500, { type: 'server_error', code: 'error', detail: 'A server error occurred.' });
    }
    const httpError = /** @type {HttpError} */ (error);
    if (res.headersSent) {
      // A stream already started: the run's own error event was the answer; just close.
      res.end();
      return;
    }
    this.store.flushSync();
    const text = JSON.stringify(httpError.body);
    res.writeHead(httpError.status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...httpError.headers });
    res.end(text);
  }
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} error
 */
function clientWentAway(res, error) {
  const code = /** @type {{code?: unknown}} */ (error)?.code;
  return res.destroyed || res.socket?.destroyed === true || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/** @param {string} path @returns {Dialect} */
function dialectOfPath(path) {
  return path.startsWith('/tenants/') ? 'agents' : 'posthog';
}

/**
 * PostHog's routers accept a path with or without its trailing slash; the agents server matches exactly.
 * @param {Route} route
 * @param {string[]} segments
 */
function matchSegments(route, segments) {
  let candidate = segments;
  if (route.dialect === 'posthog') {
    const wantsSlash = route.segments[route.segments.length - 1] === '';
    const hasSlash = segments[segments.length - 1] === '';
    if (wantsSlash && !hasSlash) candidate = [...segments, ''];
  }
  if (candidate.length !== route.segments.length) return null;
  /** @type {Record<string, string>} */
  const params = {};
  for (let i = 0; i < candidate.length; i++) {
    const expected = route.segments[i];
    const actual = candidate[i];
    if (expected.startsWith(':')) {
      if (actual === '') return null;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
function applyCors(req, res) {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, Accept');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  res.setHeader('Access-Control-Max-Age', '600');
}

/** @param {Dialect} dialect */
function payloadTooLarge(dialect) {
  return dialect === 'agents'
    ? agentsError(413, 'bad_request', 'Request body too large.')
    : posthogError(413, { type: 'invalid_request', code: 'request_too_large', detail: 'Request body too large.' });
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @param {Dialect} dialect
 * @returns {Promise<Buffer>}
 */
async function readBody(req, limit, dialect) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw payloadTooLarge(dialect);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
