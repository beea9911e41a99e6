import type { ReactiveController, ReactiveControllerHost } from "lit";

/** The server caches `unread_count` for 30 s: asking sooner can only return the same number. */
export const UNREAD_CACHE_MS = 30_000;

export interface UnreadCountControllerOptions {
  /** Reads the total; the signal fires when the host goes away. */
  fetchCount: (signal: AbortSignal) => Promise<number>;
  /** Time between polls while the page is visible (at least the server's cache time; default 60 s). */
  intervalMs?: number;
  onError?: (error: unknown) => void;
  /** The server's total moved (new messages arrived, or others read some): the host's rows may be stale. */
  onServerChange?: (count: number, previous: number) => void;
}

/**
 * The inbox's total unread badge: polls politely while the page is visible, stops while it is hidden, and asks
 * again when the person comes back (focus, tab shown), but never twice within the server's 30 s cache.
 *
 * Opening a ticket lowers the total at once (`markRead`). Reading a ticket invalidates the server's cache, so
 * the correction lasts until an answer asked for after the server confirmed the read, and no longer: it is
 * never subtracted from a number that already reflects it.
 */
export class UnreadCountController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: UnreadCountControllerOptions;
  private readonly intervalMs: number;
  private serverCount: number | null = null;
  /** `confirmedAt` is when the server confirmed the read (`Infinity` until then). */
  private corrections: { amount: number; confirmedAt: number }[] = [];
  private lastFetchAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | undefined;
  private connected = false;
  private started = false;

  constructor(
    host: ReactiveControllerHost,
    options: UnreadCountControllerOptions,
  ) {
    this.host = host;
    this.options = options;
    this.intervalMs = Math.max(UNREAD_CACHE_MS, options.intervalMs ?? 60_000);
    host.addController(this);
  }

  /** The total to show; `null` until the first answer. */
  get count(): number | null {
    if (this.serverCount === null) return null;
    return Math.max(
      0,
      this.serverCount -
        this.corrections.reduce(
          (sum, correction) => sum + correction.amount,
          0,
        ),
    );
  }

  hostConnected(): void {
    this.connected = true;
    window.addEventListener("focus", this.handleReturn);
    document.addEventListener("visibilitychange", this.handleReturn);
    if (this.started) void this.refresh();
  }

  /**
   * Starts polling (and asks now): the host calls it once it has a client, which may arrive after the host
   * connected (from a context provider).
   */
  start(): void {
    this.started = true;
    void this.refresh(true);
  }

  hostDisconnected(): void {
    this.connected = false;
    window.removeEventListener("focus", this.handleReturn);
    document.removeEventListener("visibilitychange", this.handleReturn);
    clearTimeout(this.timer);
    this.controller?.abort();
    this.controller = undefined;
  }

  /**
   * `amount` unread messages are being read here (a ticket was opened). Call `confirm` once the server answered
   * the read, `cancel` if it failed.
   */
  markRead(amount: number): { confirm(): void; cancel(): void } {
    const correction = { amount: Math.max(0, amount), confirmedAt: Infinity };
    this.corrections.push(correction);
    this.host.requestUpdate();
    return {
      confirm: () => {
        correction.confirmedAt = Date.now();
      },
      cancel: () => {
        this.corrections = this.corrections.filter(
          (candidate) => candidate !== correction,
        );
        this.host.requestUpdate();
      },
    };
  }

  /** Asks the server now unless an answer younger than the server's cache exists (or `force`). */
  async refresh(force = false): Promise<void> {
    if (!this.connected || !this.started || this.controller) return;
    if (!force && Date.now() - this.lastFetchAt < UNREAD_CACHE_MS)
      return this.schedule();
    clearTimeout(this.timer);
    const controller = new AbortController();
    this.controller = controller;
    const startedAt = Date.now();
    this.lastFetchAt = startedAt;
    try {
      const count = await this.options.fetchCount(controller.signal);
      if (controller.signal.aborted) return;
      const previous = this.serverCount;
      this.serverCount = count;
      this.corrections = this.corrections.filter(
        (correction) => correction.confirmedAt >= startedAt,
      );
      this.host.requestUpdate();
      if (previous !== null && previous !== count)
        this.options.onServerChange?.(count, previous);
    } catch (error) {
      if (!controller.signal.aborted) this.options.onError?.(error);
    } finally {
      if (this.controller === controller) this.controller = undefined;
      if (this.connected) this.schedule();
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (document.visibilityState === "hidden") return;
    const wait = Math.max(0, this.lastFetchAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => void this.refresh(), wait);
  }

  private readonly handleReturn = (): void => {
    if (document.visibilityState === "hidden") {
      clearTimeout(this.timer);
      return;
    }
    void this.refresh();
  };
}
