/**
 * What the outbox does after a failed attempt, as pure functions of the error, the entry and a random
 * source: wait for the network, retry after a backoff (or the server's Retry-After), or stop and show the
 * person why. Backoff is the client's own (`decideRetry`: exponential, full jitter, Retry-After honoured).
 */
import { isConvoError, type AnyConvoError } from '../api/errors.js';
import { DEFAULT_RETRY_POLICY, UNPROCESSED_STATUSES, decideRetry, type RetryPolicy } from '../api/retry.js';
import type { OutboxFailure } from './outbox-entry.js';

export interface OutboxRetryOptions {
  /** Backoff ceiling of the first retry after a retryable status; doubles per failure (default 1 s). */
  baseDelayMs?: number;
  /** Ceiling of that backoff (default 30 s). */
  maxDelayMs?: number;
  /** The longest Retry-After waited out; a longer one fails the message with the wait in its reason (default 15 min). */
  maxRetryAfterMs?: number;
  /** "Try later" answers in a row before the message is marked failed (default 8). Network failures and 409 (busy) never count. */
  maxStatusFailures?: number;
  /** Probing while the network looks down: first ceiling and cap (default 500 ms, 4 s). */
  offlineBaseDelayMs?: number;
  offlineMaxDelayMs?: number;
  /** An attempt (check and send until the server accepts) that takes longer is abandoned as lost (default 30 s). */
  attemptTimeoutMs?: number;
  /** How long a sent entry stays visible to every tab before it is pruned (default 60 s). */
  sentRetentionMs?: number;
}

export type OutboxRetrySettings = Readonly<Required<OutboxRetryOptions>>;

export const DEFAULT_OUTBOX_RETRY: OutboxRetrySettings = Object.freeze({
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 15 * 60_000,
  maxStatusFailures: 8,
  offlineBaseDelayMs: 500,
  offlineMaxDelayMs: 4000,
  attemptTimeoutMs: 30_000,
  sentRetentionMs: 60_000,
});

export function resolveOutboxRetry(options: OutboxRetryOptions = {}): OutboxRetrySettings {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return Object.freeze({ ...DEFAULT_OUTBOX_RETRY, ...defined });
}

/** The conversation is running a reply; the server takes the message once it ends. */
export const BUSY_STATUS = 409;

/** Statuses that mean "not now" rather than "never": the server will take the same message later. */
const RETRY_LATER_STATUSES: readonly number[] = Object.freeze([408, 409, 429, 502, 503, 504]);

/**
 * - `offline`: no answer (network, timeout): wait for the network, probing after `delayMs`;
 * - `retry`: the server said "later": try again after `delayMs`;
 * - `refused`: stop; the person sees `failure` and decides.
 * `uncertain` says whether the server may hold the message now (checked before any further send).
 */
export interface AttemptOutcome {
  readonly kind: 'offline' | 'retry' | 'refused';
  /** Until the next attempt (`offline`, `retry`). */
  readonly delayMs: number;
  readonly uncertain: boolean;
  /** What went wrong, for the person (also while it waits). */
  readonly failure: OutboxFailure;
}

/** `check`: asking the server whether it already has the message; `send`: sending it. */
export type AttemptStage = 'check' | 'send';

function backoffPolicy(settings: OutboxRetrySettings, offline: boolean): RetryPolicy {
  return {
    ...DEFAULT_RETRY_POLICY,
    maxAttempts: Number.POSITIVE_INFINITY,
    baseDelayMs: offline ? settings.offlineBaseDelayMs : settings.baseDelayMs,
    maxDelayMs: offline ? settings.offlineMaxDelayMs : settings.maxDelayMs,
    maxRetryAfterMs: settings.maxRetryAfterMs,
    retryStatuses: RETRY_LATER_STATUSES,
  };
}

/**
 * Whether a failed request may still have reached the server. A 4xx, and the statuses by which a server says
 * it did not act, prove it did not; no answer, a 5xx from the server or a gateway prove nothing. A failed
 * check leaves the message exactly as uncertain as it was.
 */
function stillUncertain(error: AnyConvoError | undefined, stage: AttemptStage, wasUncertain: boolean): boolean {
  if (stage === 'check') return wasUncertain;
  if (error?.kind !== 'api') return true;
  return error.status >= 500 && !UNPROCESSED_STATUSES.includes(error.status);
}

function failureOf(error: unknown, code?: string, message?: string): OutboxFailure {
  if (isConvoError(error)) {
    const known = error as AnyConvoError;
    const status = known.kind === 'api' ? known.status : undefined;
    const ownCode = 'code' in known && typeof known.code === 'string' ? known.code : known.kind;
    return { status, code: code ?? ownCode, message: message ?? known.message };
  }
  return { status: undefined, code: code ?? 'failed', message: message ?? (error instanceof Error ? error.message : String(error)) };
}

/**
 * Decides what follows a failed attempt. `failures` counts the failed attempts so far, this one included
 * (the backoff exponent).
 */
export function decideAfterFailure(
  error: unknown,
  context: { stage: AttemptStage; failures: number; wasUncertain: boolean; statusFailures: number },
  settings: OutboxRetrySettings,
  random: () => number,
): AttemptOutcome {
  const known = isConvoError(error) ? (error as AnyConvoError) : undefined;
  const uncertain = stillUncertain(known, context.stage, context.wasUncertain);
  if (known && (known.kind === 'network' || known.kind === 'timeout' || known.kind === 'abort')) {
    const decision = decideRetry(backoffPolicy(settings, true), { attempt: context.failures, error: known, replay: 'any' }, random);
    return { kind: 'offline', delayMs: decision.retry ? decision.delayMs : settings.offlineMaxDelayMs, uncertain, failure: failureOf(known) };
  }
  if (known?.kind === 'api' && RETRY_LATER_STATUSES.includes(known.status)) {
    // A busy conversation (409, also a full server queue) frees up when its run ends, however long that
    // takes: it never gives up.
    if (known.status !== BUSY_STATUS && context.statusFailures >= settings.maxStatusFailures) {
      return { kind: 'refused', delayMs: 0, failure: failureOf(known, 'gave_up', `${known.message} (gave up after ${context.statusFailures} tries)`), uncertain };
    }
    const decision = decideRetry(backoffPolicy(settings, false), { attempt: context.failures, error: known, replay: 'any' }, random);
    if (decision.retry) return { kind: 'retry', delayMs: decision.delayMs, uncertain, failure: failureOf(known) };
  }
  return { kind: 'refused', delayMs: 0, failure: failureOf(error), uncertain };
}
