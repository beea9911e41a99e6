/**
 * Timing helpers the benchmark pages share: a new task without timer clamping (as a network chunk
 * arrives), the next animation frame, a plain sleep, and a long-task recorder.
 */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

/** Resolves in a new task, as a network chunk would arrive (no timer clamping). */
export const nextTask = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

export const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records long tasks (≥ 50 ms, as the browser reports them) from now until `stop()`. */
export function observeLongTasks() {
  const durations: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  return {
    stop() {
      for (const entry of observer.takeRecords()) durations.push(entry.duration);
      observer.disconnect();
      return {
        longest: Math.max(0, ...durations),
        totalBlocking: durations.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
      };
    },
  };
}
