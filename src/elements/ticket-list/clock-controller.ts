import type { ReactiveController, ReactiveControllerHost } from "lit";

/**
 * A coarse clock for "5 min ago" and "due in 2 hr": the host repaints every `periodMs` (default 30 s, half the
 * smallest unit shown) while connected, and reads `now` instead of calling `Date.now()` in render.
 */
export class ClockController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly periodMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  now = Date.now();

  constructor(host: ReactiveControllerHost, periodMs = 30_000) {
    this.host = host;
    this.periodMs = periodMs;
    host.addController(this);
  }

  hostConnected(): void {
    this.now = Date.now();
    this.timer = setInterval(() => {
      this.now = Date.now();
      this.host.requestUpdate();
    }, this.periodMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }
}
