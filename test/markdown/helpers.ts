import { StreamingMarkdown, type StreamingMarkdownOptions } from '../../src/markdown/index.js';

/** A scheduler that never fires by itself: tests decide when frames happen by calling `flush()`. */
export const manualScheduler = () => () => {};

/** A scheduler whose frames queue up until the test runs them, one at a time, as the browser would. */
export function createFrameQueue() {
  const frames: (() => void)[] = [];
  return {
    scheduler: (callback: () => void) => {
      frames.push(callback);
      return () => void frames.splice(frames.indexOf(callback), 1);
    },
    get pending() {
      return frames.length;
    },
    runNext() {
      frames.shift()?.();
    },
    runAll() {
      while (frames.length > 0) frames.shift()!();
    },
  };
}

export function createRenderer(options: StreamingMarkdownOptions = {}) {
  const container = document.createElement('div');
  const renderer = new StreamingMarkdown(container, { scheduler: manualScheduler, ...options });
  return { container, renderer };
}

/** Renders a complete document in one go and returns the container. */
export function renderAll(text: string, options: StreamingMarkdownOptions = {}): HTMLDivElement {
  const { container, renderer } = createRenderer(options);
  renderer.append(text);
  renderer.finish();
  renderer.flush();
  return container;
}

/** Same document, fed in the given pieces with a frame after each. */
export function renderPieces(pieces: readonly string[], options: StreamingMarkdownOptions = {}): HTMLDivElement {
  const { container, renderer } = createRenderer(options);
  for (const piece of pieces) {
    renderer.append(piece);
    renderer.flush();
  }
  renderer.finish();
  renderer.flush();
  return container;
}

/** Same document, delivered the PostHog way: the whole text so far on every event. */
export function renderWholeTextEvents(pieces: readonly string[], options: StreamingMarkdownOptions = {}) {
  const { container, renderer } = createRenderer(options);
  let text = '';
  for (const piece of pieces) {
    text += piece;
    renderer.replace(text);
    renderer.flush();
  }
  renderer.finish();
  renderer.flush();
  return container;
}

/**
 * HTML for comparing structure: without `part` (styling hooks) unless asked, and without the `dir` that
 * every prose block and code block carries (tested on its own).
 */
export function html(container: Element, { keepParts = false } = {}): string {
  const clone = container.cloneNode(true) as Element;
  for (const element of clone.querySelectorAll('[dir]')) element.removeAttribute('dir');
  if (!keepParts) for (const element of clone.querySelectorAll('[part]')) element.removeAttribute('part');
  return clone.innerHTML;
}

export function splitEvery(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/** Deterministic pseudo-random chunking (a seeded LCG), so a failure reproduces. */
export function splitRandomly(text: string, seed: number, maxSize = 12): string[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pieces: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(next() * maxSize);
    pieces.push(text.slice(i, i + size));
    i += size;
  }
  return pieces;
}
