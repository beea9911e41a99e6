/**
 * Whether what the person typed survives a reload: `durable` while IndexedDB takes our writes, `memory-only`
 * (with the reason) while it does not. The outbox keeps working either way; the element reads this state to
 * tell the person that unsent messages would not survive a reload, and the state turns back to `durable` by
 * itself when storage recovers.
 */

/**
 * Why storage is not in use:
 * - `unavailable`: no IndexedDB, or opening it throws (private modes, disabled storage, an open that never
 *   answers);
 * - `blocked`: another tab keeps an older version of the database open, so our upgrade waits for it;
 * - `version-changed`: a newer version of this code upgraded the database; this page cannot use it until it
 *   reloads;
 * - `quota-exceeded`: the origin is out of space (also when the browser reports it as an `AbortError`);
 * - `failed`: any other storage error.
 */
export type StorageFailureReason = 'unavailable' | 'blocked' | 'version-changed' | 'quota-exceeded' | 'failed';

export type StorageHealth =
  | { readonly state: 'durable' }
  | { readonly state: 'memory-only'; readonly reason: StorageFailureReason; readonly detail: string };

export type StorageHealthListener = (health: StorageHealth) => void;

const DURABLE: StorageHealth = Object.freeze({ state: 'durable' });

/** An observable `StorageHealth`; listeners hear only real changes. */
export class StorageHealthMonitor {
  private health: StorageHealth = DURABLE;
  private readonly listeners = new Set<StorageHealthListener>();

  get current(): StorageHealth {
    return this.health;
  }

  get durable(): boolean {
    return this.health.state === 'durable';
  }

  /** Calls `listener` on every change; answers the unsubscribe function. */
  subscribe(listener: StorageHealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  markDurable(): void {
    this.set(DURABLE);
  }

  markMemoryOnly(error: unknown): void {
    this.set(Object.freeze({ state: 'memory-only', reason: storageFailureReason(error), detail: describe(error) }));
  }

  private set(next: StorageHealth): void {
    const previous = this.health;
    if (previous.state === next.state && (next.state === 'durable' || (previous.state === 'memory-only' && previous.reason === next.reason))) return;
    this.health = next;
    for (const listener of [...this.listeners]) listener(next);
  }
}

/** A storage failure whose reason is already known (no IndexedDB, a blocked upgrade, a newer schema). */
export class StorageFailure extends Error {
  readonly reason: StorageFailureReason;

  constructor(reason: StorageFailureReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageFailure';
    this.reason = reason;
  }
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
}

function errorMessage(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : String(error);
}

function describe(error: unknown): string {
  const name = errorName(error);
  const message = errorMessage(error);
  return name && !message.startsWith(name) ? `${name}: ${message}` : message;
}

/**
 * Browsers report a full quota as `QuotaExceededError`, but a transaction aborted by it may surface as an
 * `AbortError` whose message names the quota (Chromium, Firefox), and old Firefox used its own name.
 */
export function isQuotaError(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  if (name === 'AbortError' && /quota|disk space|storage (is )?full/i.test(errorMessage(error))) return true;
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  return cause !== undefined && cause !== error && isQuotaError(cause);
}

/** Safari hands out connections that are already closing; one fresh connection is worth a try. */
export function isClosingConnectionError(error: unknown): boolean {
  return errorName(error) === 'InvalidStateError' && /clos/i.test(errorMessage(error));
}

export function storageFailureReason(error: unknown): StorageFailureReason {
  if (error instanceof StorageFailure) return error.reason;
  if (isQuotaError(error)) return 'quota-exceeded';
  if (errorName(error) === 'VersionError') return 'version-changed';
  if (errorName(error) === 'SecurityError' || errorName(error) === 'InvalidStateError') return 'unavailable';
  return 'failed';
}
