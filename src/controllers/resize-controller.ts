import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * One ResizeObserver for a host, live while the host is connected. Elements that left the DOM are dropped
 * on their next report (a removed element reports a zero size, which is not a measurement).
 */
export class ResizeController implements ReactiveController {
  private observer: ResizeObserver | undefined;
  private readonly observed = new Set<Element>();

  constructor(
    host: ReactiveControllerHost,
    private readonly onResize: (entries: ResizeObserverEntry[]) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver((entries) => {
      const live = entries.filter((entry) => {
        if (entry.target.isConnected) return true;
        this.observer?.unobserve(entry.target);
        this.observed.delete(entry.target);
        return false;
      });
      if (live.length > 0) this.onResize(live);
    });
    for (const element of this.observed) this.observer.observe(element);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  /** Starts watching `element` unless it is watched already. */
  observe(element: Element): void {
    if (this.observed.has(element)) return;
    this.observed.add(element);
    this.observer?.observe(element);
  }
}
