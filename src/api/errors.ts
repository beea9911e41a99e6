/**
 * Every failure the client reports is a `ConvoError`; `kind` tells the cases apart without `instanceof`
 * (which breaks when two copies of the package end up on one page).
 *
 * - `api`: the server answered with an error status (`ConvoApiError`, whatever body shape it used);
 * - `network`: no answer at all (connection refused, reset, dropped mid-body, CORS);
 * - `timeout`: no answer within `timeoutMs`;
 * - `abort`: the caller's `AbortSignal` fired;
 * - `unsupported`: the configured dialect has no such operation (tickets on the agents dialect);
 * - `protocol`: the server answered something the client cannot read (bad JSON, a malformed stream frame);
 * - `run`: the agent's run failed and the server said so inside a stream.
 */
export type ConvoErrorKind = 'api' | 'network' | 'timeout' | 'abort' | 'unsupported' | 'protocol' | 'run';

export abstract class ConvoError extends Error {
  abstract readonly kind: ConvoErrorKind;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

const ERROR_KINDS: ReadonlySet<string> = new Set<ConvoErrorKind>(['api', 'network', 'timeout', 'abort', 'unsupported', 'protocol', 'run']);

/** True for any client error, also one thrown by another copy of this package on the same page. */
export function isConvoError(value: unknown): value is ConvoError {
  if (value instanceof ConvoError) return true;
  return value instanceof Error && ERROR_KINDS.has(String((value as Partial<ConvoError>).kind));
}

export interface ConvoApiErrorInit {
  status: number;
  code: string;
  message: string;
  field?: string | undefined;
  retryAfterMs?: number | undefined;
  /** PostHog's `type` / `error_type` (`validation_error`, `throttled_error`, ...). */
  errorType?: string | undefined;
  /** The agents server's `error_id`, worth quoting to its operators. */
  errorId?: string | undefined;
  /** The body as received: parsed JSON when it was JSON, else the text. */
  body: unknown;
}

/** The server answered with an error status. One class for every error body shape either dialect uses. */
export class ConvoApiError extends ConvoError {
  readonly kind = 'api' as const;
  readonly status: number;
  /** A stable machine-readable code: the body's own code when it has one, else derived from the status. */
  readonly code: string;
  /** The request field the server blamed (PostHog `attr`; nested names are joined by `__`). */
  readonly field: string | undefined;
  /** How long the server asked us to wait (from `Retry-After`), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  readonly errorType: string | undefined;
  readonly errorId: string | undefined;
  readonly body: unknown;

  constructor(init: ConvoApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.retryAfterMs = init.retryAfterMs;
    this.errorType = init.errorType;
    this.errorId = init.errorId;
    this.body = init.body;
  }
}

/** No HTTP answer: the connection failed or dropped. The request may or may not have reached the server. */
export class ConvoNetworkError extends ConvoError {
  readonly kind = 'network' as const;
}

export class ConvoTimeoutError extends ConvoError {
  readonly kind = 'timeout' as const;
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

export class ConvoAbortError extends ConvoError {
  readonly kind = 'abort' as const;

  constructor(reason?: unknown) {
    super('The operation was aborted', { cause: reason });
  }
}

export class ConvoUnsupportedError extends ConvoError {
  readonly kind = 'unsupported' as const;
  readonly dialect: string;
  readonly operation: string;

  constructor(dialect: string, operation: string) {
    super(`${operation} is not available in the ${dialect} dialect`);
    this.dialect = dialect;
    this.operation = operation;
  }
}

/** The server's answer could not be understood. `code` is `malformed_json`, `malformed_frame`, `malformed_page` or `unknown_event`. */
export class ConvoProtocolError extends ConvoError {
  readonly kind = 'protocol' as const;
  readonly code: string;
  /** The offending text (truncated), for logs. */
  readonly raw: string;

  constructor(code: string, message: string, raw: string) {
    super(message);
    this.code = code;
    this.raw = truncate(raw, 500);
  }
}

/** The agent's run failed (PostHog `generation_error`, agents `agent_error`). */
export class ConvoRunError extends ConvoError {
  readonly kind = 'run' as const;
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Every concrete client error; narrowing on `kind` gives the subclass. */
export type AnyConvoError =
  | ConvoApiError
  | ConvoNetworkError
  | ConvoTimeoutError
  | ConvoAbortError
  | ConvoUnsupportedError
  | ConvoProtocolError
  | ConvoRunError;

/** Statuses by which a server, or the gateway before it, says "not now": worth another try later. */
export const TRANSIENT_STATUSES: readonly number[] = Object.freeze([408, 429, 502, 503, 504]);

/**
 * Whether a failure is one of a moment: no answer, a timeout, or a transient status (a gateway's 502 while
 * the server behind it restarts). The retry policy's defaults and the chat's re-reads share it.
 */
export function isTransientFailure(error: unknown): boolean {
  if (!isConvoError(error)) return false;
  const known = error as AnyConvoError;
  return known.kind === 'network' || known.kind === 'timeout' || (known.kind === 'api' && TRANSIENT_STATUSES.includes(known.status));
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  402: 'payment_required',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'server_error' : `http_${status}`);
}

/** Identifier-like strings (`queue_full`) are codes; prose (`Conversation not found`) is a message. */
const CODE_PATTERN = /^[a-z][a-z0-9_.-]*$/;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * `Retry-After` is either delay-seconds or an HTTP date. Answers milliseconds from `nowMs`, never negative;
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

interface BodyFields {
  code?: string | undefined;
  message?: string | undefined;
  field?: string | undefined;
  errorType?: string | undefined;
  errorId?: string | undefined;
}

/** Reads whichever error shape the body has (see API.md: "Errors"). */
function readErrorBody(body: unknown): BodyFields {
  if (!isRecord(body)) return {};
  const nested = body['error'];
  // Agents: {"error": {"error_id", "code", "message"}}
  if (isRecord(nested)) {
    return { code: asString(nested['code']), message: asString(nested['message']), errorId: asString(nested['error_id']) };
  }
  const detail = asString(body['detail']);
  // PostHog plain {"error": "..."}, sometimes with a detail: {"error": "queue_full", "detail": "..."}
  const plainError = asString(nested);
  if (plainError !== undefined) {
    const isCode = CODE_PATTERN.test(plainError);
    return { code: isCode ? plainError : asString(body['code']), message: detail ?? plainError };
  }
  // PostHog {type, code, detail, attr} and {detail, error_type?} and bare {detail}
  const errorType = asString(body['type']) ?? asString(body['error_type']);
  if (detail !== undefined || errorType !== undefined) {
    return {
      code: asString(body['code']) ?? asString(body['error_type']),
      message: detail,
      field: asString(body['attr']),
      errorType,
    };
  }
  // DRF's default validation shape, {"field": ["message", ...]}, when a view skips PostHog's handler.
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value) && typeof value[0] === 'string') {
      return { code: 'invalid_input', message: value[0], field: key === 'non_field_errors' ? undefined : key };
    }
  }
  return { code: asString(body['code']), message: asString(body['message']) };
}

/** Builds the `ConvoApiError` for a non-2xx answer from its status, headers and body text. */
export function createApiError(status: number, statusText: string, headers: Headers, bodyText: string, nowMs: number): ConvoApiError {
  let body: unknown = bodyText;
  const contentType = headers.get('content-type') ?? '';
  if (contentType.includes('json') || /^\s*[[{]/.test(bodyText)) {
    try {
      body = JSON.parse(bodyText);
    } catch {
      body = bodyText;
    }
  }
  const fields = readErrorBody(body);
  const textMessage = typeof body === 'string' && body.trim() !== '' && !contentType.includes('html') ? truncate(body.trim(), 300) : undefined;
  return new ConvoApiError({
    status,
    code: fields.code ?? codeForStatus(status),
    message: fields.message ?? textMessage ?? (statusText || `HTTP ${status}`),
    field: fields.field,
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), nowMs),
    errorType: fields.errorType,
    errorId: fields.errorId,
    body,
  });
}
