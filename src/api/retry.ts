/**
 * When to try a request again, and how long to wait first. Pure: the caller supplies the attempt count, the
 * error and a random source, so the policy is tested with a seeded random and no timers.
 */
import { TRANSIENT_STATUSES, type AnyConvoError } from './errors.js';

export interface RetryPolicyOptions {
  /** Tries in total, the first included (default 4; 1 disables retries). */
  maxAttempts?: number;
  /** The backoff ceiling of the first retry; doubles with each further try (default 300 ms). */
  baseDelayMs?: number;
  /** Ceiling of the exponential backoff (default 10 s). */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` the client waits out by itself (default 60 s). A longer one is not retried:
   * the error reaches the caller with `retryAfterMs` so the person can be told how long to wait.
   */
  maxRetryAfterMs?: number;
  /** Statuses worth another try (default 408, 429, 502, 503, 504). */
  retryStatuses?: readonly number[];
  /** Retry when no answer came back (default true). */
  retryNetworkErrors?: boolean;
  /** Retry after a per-attempt timeout (default true). */
  retryTimeouts?: boolean;
  /**
   * Whether the server de-duplicates writes by `Idempotency-Key` (default false: the reference server does,
   * PostHog and the agents server do not). When true, a create is replayed after any transient failure;
   * when false, only after an answer that proves the server did not act on it (408, 429, 503).
   */
  trustIdempotencyKeys?: boolean;
}

export type RetryPolicy = Readonly<Required<RetryPolicyOptions>>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  retryStatuses: TRANSIENT_STATUSES,
  retryNetworkErrors: true,
  retryTimeouts: true,
  trustIdempotencyKeys: false,
});

/** Answers by which a server says it did not act on a request: replaying it cannot create a second effect. */
export const UNPROCESSED_STATUSES: readonly number[] = Object.freeze([408, 429, 503]);

/** `false` turns retries off; missing fields take the defaults. */
export function resolveRetryPolicy(options?: RetryPolicyOptions | false): RetryPolicy {
  if (options === false) return { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 };
  const merged = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(options ?? {}) };
  return Object.freeze({ ...merged, maxAttempts: Math.max(1, Math.floor(merged.maxAttempts)) });
}

function stripUndefined(options: RetryPolicyOptions): RetryPolicyOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as RetryPolicyOptions;
}

export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly delayMs: number };

/**
 * When a request may be sent again: `any` time (reads; writes that carry an idempotency key and do not
 * create, or that the server de-duplicates); only when the server proves it did not act (`unprocessed`:
 * creates); `never` (writes without a key).
 */
export type ReplaySafety = 'any' | 'unprocessed' | 'never';

export interface ReplaySubject {
  method: string;
  idempotencyKey?: string | undefined;
  /** A create the server will not de-duplicate by itself (see `trustIdempotencyKeys`). */
  creates?: boolean | undefined;
}

export function replaySafety(policy: RetryPolicy, request: ReplaySubject): ReplaySafety {
  if (request.method === 'GET' || request.method === 'HEAD') return 'any';
  if (request.idempotencyKey === undefined) return 'never';
  return request.creates && !policy.trustIdempotencyKeys ? 'unprocessed' : 'any';
}

export interface RetryContext {
  /** Attempts already made, the failed one included (1 after the first failure). */
  attempt: number;
  error: AnyConvoError;
  replay: ReplaySafety;
}

/** Whether the error is of a kind the policy retries at all (ignoring attempts and safety). */
export function isTransient(policy: RetryPolicy, error: AnyConvoError): boolean {
  switch (error.kind) {
    case 'network':
      return policy.retryNetworkErrors;
    case 'timeout':
      return policy.retryTimeouts;
    case 'api':
      return policy.retryStatuses.includes(error.status);
    default:
      return false;
  }
}

/**
 * Exponential backoff with full jitter (a uniform wait between 0 and the capped exponential ceiling), or the
 * server's `Retry-After` when it gave one and it is within `maxRetryAfterMs`.
 */
export function decideRetry(policy: RetryPolicy, context: RetryContext, random: () => number): RetryDecision {
  const { attempt, error, replay } = context;
  if (replay === 'never' || attempt >= policy.maxAttempts || !isTransient(policy, error)) return { retry: false };
  if (replay === 'unprocessed' && !(error.kind === 'api' && UNPROCESSED_STATUSES.includes(error.status))) return { retry: false };
  const retryAfterMs = error.kind === 'api' ? error.retryAfterMs : undefined;
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return { retry: false };
    return { retry: true, delayMs: retryAfterMs };
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.floor(random() * ceiling) };
}
