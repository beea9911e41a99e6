/**
 * The streaming-markdown benchmark page, bundled by `run.mjs` and driven from Playwright (or opened by hand:
 * it runs on load when the URL has `?run`, printing to the console). Scenarios follow issue 4:
 *
 * - a ~140,000-character reply (40 code blocks, 13 tables) fed as 40,000 deltas at full speed, each delta
 *   in its own task: time from the first delta to the frame that shows the last one, longest task;
 * - deltas at 100 per second onto a long message: total blocking time and the longest gap between frames;
 * - the reply as 4,000 PostHog-style events (the whole text so far each time) against 4,000 deltas.
 *
 * Every figure is the median of three passes. "Painted" means the renderer completed in an animation frame and the task after that frame has started.
 */
import { StreamingMarkdown } from '../../src/markdown/index.js';
import { nextFrame, nextTask, observeLongTasks, sleep } from '../page-timing.js';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: number;
}

declare global {
  interface Window {
    benchMarkdown(): Promise<Figure[]>;
    benchReplyStats(): { length: number; codeBlocks: number; tables: number };
  }
}

/** A seeded generator so every run renders the same reply. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const WORDS = (
  'the renderer streams markdown into the page while the model is still writing each finished block is ' +
  'committed once and never touched again tables grow by rows and code grows by lines so an update costs ' +
  'only the new text plus the block that is still open'
).split(' ');

const CODE_TEMPLATES: readonly (readonly [string, readonly string[]])[] = [
  ['ts', ['export function step$(input: Row[], limit = $): Row[] {', '  // keep the rows under the limit', '  return input.filter((row) => row.value < limit).map((row) => ({ ...row, seen: true }));', '}']],
  ['python', ['def step$(rows, limit=$):', '    """Keep rows under the limit."""', '    return [dict(r, seen=True) for r in rows if r["value"] < limit]  # filter', '']],
  ['bash', ['for file in build/*.js; do', '  gzip -9 --keep "$file" && echo "packed $file ($)"', 'done', '']],
  ['sql', ['SELECT id, name, count(*) AS n$', 'FROM events WHERE value < $ AND name LIKE \'step%\'', 'GROUP BY id, name ORDER BY n$ DESC LIMIT 10;', '']],
  ['json', ['{', '  "step": $,', '  "rows": [{ "id": "$", "value": 12.5, "seen": true }, null],', '  "limit": $', '}']],
  ['html', ['<section class="step$">', '  <a href="/docs/$" title="step">Step $</a>', '  <!-- rendered once -->', '</section>']],
  ['css', ['.step$ > a:hover {', '  color: var(--accent, #0af);', '  margin: 0 $px !important;', '}']],
  ['js', ['const result$ = await fetch(`/api/steps/${$}`, { method: "POST" });', 'if (!result$.ok) throw new Error("step $ failed");', 'console.log(await result$.json());', '']],
];

/** Deterministic ~140,000 characters with 40 code blocks and 13 tables, shaped like a long model reply. */
function generateReply(): string {
  const random = seeded(20251123);
  const word = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const sentence = () => {
    const parts: string[] = [];
    const length = 10 + Math.floor(random() * 14);
    for (let i = 0; i < length; i++) {
      const roll = random();
      if (roll < 0.05) parts.push(`**${word()} ${word()}**`);
      else if (roll < 0.09) parts.push(`\`${word()}()\``);
      else if (roll < 0.12) parts.push(`*${word()}*`);
      else if (roll < 0.14) parts.push(`[${word()}](https://docs.example.com/${word()}/${i})`);
      else parts.push(word());
    }
    const text = parts.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = (sentences: number) => Array.from({ length: sentences }, sentence).join(' ');
  const blocks: string[] = ['# A long answer', paragraph(4)];
  for (let section = 0; section < 40; section++) {
    blocks.push(`## Step ${section + 1}: ${word()} ${word()}`, paragraph(4), paragraph(3));
    const items = 4 + Math.floor(random() * 3);
    const task = section % 5 === 0;
    blocks.push(
      Array.from({ length: items }, (_, i) =>
        `${task ? `- [${i % 2 ? 'x' : ' '}] ` : `${i + 1}. `}${sentence()}${i === 1 ? `\n   - ${sentence()}\n   - ${sentence()}` : ''}`,
      ).join('\n'),
    );
    const [language, lines] = CODE_TEMPLATES[section % CODE_TEMPLATES.length]!;
    const body: string[] = [];
    for (let repeat = 0; repeat < 6; repeat++) body.push(...lines.map((line) => line.replaceAll('$', String(section * 10 + repeat))));
    blocks.push(`\`\`\`${language}\n${body.join('\n')}\n\`\`\``);
    if (section % 3 === 0 && section < 39) {
      const rows = Array.from({ length: 14 }, (_, i) => `| ${word()} ${i} | ${(random() * 1000).toFixed(2)} | \`${word()}\` | ${sentence()} |`);
      blocks.push(['| Name | Value | Key | Note |', '|:-----|-----:|:---:|------|', ...rows].join('\n'));
    }
    if (section % 4 === 2) blocks.push(`> ${paragraph(2)}\n> > ${sentence()}`);
    blocks.push(paragraph(3));
  }
  return blocks.join('\n\n') + '\n';
}

/** Splits `text` into exactly `count` non-empty pieces of jittered size. */
function split(text: string, count: number, seed: number): string[] {
  const random = seeded(seed);
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i <= count; i++) {
    const ideal = Math.round((i * text.length) / count);
    const jitter = i === count ? 0 : Math.round((random() - 0.5) * 2);
    const end = Math.max(start + 1, Math.min(text.length - (count - i), ideal + jitter));
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}



/**
 * How the host styles the reply. `content-visibility: auto` on its top-level blocks lets the browser skip
 * style, layout and paint for blocks out of view; without it every frame lays out a reply that only grows.
 */
const HOST_STYLES = `
  .reply { width: 760px; font: 14px/1.5 system-ui; contain: content; }
  .reply.skip-offscreen > * { content-visibility: auto; contain-intrinsic-size: auto 3em; }
`;
const hostStyles = document.createElement('style');
hostStyles.textContent = HOST_STYLES;
document.head.append(hostStyles);

/** A renderer in a visible container, with the time spent in its frames and calls accounted. */
function mountRenderer(skipOffscreen = true) {
  const container = document.createElement('div');
  container.className = skipOffscreen ? 'reply skip-offscreen' : 'reply';
  document.body.replaceChildren(container);
  const cost = { total: 0, longestFrame: 0 };
  const renderer = new StreamingMarkdown(container, {
    allowedImageOrigins: [],
    scheduler: (callback) => {
      const handle = requestAnimationFrame(() => {
        const started = performance.now();
        callback();
        const spent = performance.now() - started;
        cost.total += spent;
        cost.longestFrame = Math.max(cost.longestFrame, spent);
      });
      return () => cancelAnimationFrame(handle);
    },
  });
  const timed = (call: () => void) => {
    const started = performance.now();
    call();
    cost.total += performance.now() - started;
  };
  return { container, renderer, cost, timed };
}

/** Waits for the frame in which the renderer completed, and for that frame to be presented. */
async function painted(renderer: StreamingMarkdown): Promise<number> {
  for (;;) {
    await nextFrame();
    await sleep(0);
    if (renderer.complete) return performance.now();
  }
}

/** Feeds `pieces` to the renderer, `perTask` of them in each task, as network chunks would arrive. */
async function streamDeltas(pieces: readonly string[], perTask: number, skipOffscreen = true) {
  const { renderer, cost, timed } = mountRenderer(skipOffscreen);
  await sleep(50);
  const longTasks = observeLongTasks();
  const started = performance.now();
  for (let index = 0; index < pieces.length; index += perTask) {
    timed(() => {
      for (const piece of pieces.slice(index, index + perTask)) renderer.append(piece);
    });
    await nextTask();
  }
  timed(() => renderer.finish());
  const done = await painted(renderer);
  return { elapsed: done - started, ...longTasks.stop(), cost, renderer };
}

/** The same tasks with nothing rendered: what delivering the deltas costs the page by itself. */
async function deliveryAlone(pieces: readonly string[], perTask: number): Promise<number> {
  let received = '';
  const started = performance.now();
  for (let index = 0; index < pieces.length; index += perTask) {
    for (const piece of pieces.slice(index, index + perTask)) received += piece;
    await nextTask();
  }
  await nextFrame();
  await sleep(0);
  if (received.length === 0) throw new Error('nothing delivered');
  return performance.now() - started;
}

async function streamWholeText(pieces: readonly string[]) {
  const { renderer, cost, timed } = mountRenderer();
  await sleep(50);
  const longTasks = observeLongTasks();
  const started = performance.now();
  let end = 0;
  const full = pieces.join('');
  for (const piece of pieces) {
    end += piece.length;
    const soFar = full.slice(0, end); // what JSON.parse of a PostHog partial hands over
    timed(() => renderer.replace(soFar));
    await nextTask();
  }
  timed(() => renderer.finish());
  const done = await painted(renderer);
  return { elapsed: done - started, ...longTasks.stop(), cost, renderer };
}

/** 100 deltas per second onto a message that already holds most of the reply. */
async function streamAtRate(reply: string, seconds: number) {
  const { renderer, cost, timed } = mountRenderer();
  const prefixLength = reply.length - 2_000;
  renderer.append(reply.slice(0, prefixLength));
  renderer.flush();
  await sleep(100);
  const pieces = split(reply.slice(prefixLength), 100 * seconds, 7);
  const frames: number[] = [];
  let watching = true;
  const watchFrames = (time: number) => {
    frames.push(time);
    if (watching) requestAnimationFrame(watchFrames);
  };
  requestAnimationFrame(watchFrames);
  const longTasks = observeLongTasks();
  const started = performance.now();
  for (const [index, piece] of pieces.entries()) {
    timed(() => renderer.append(piece));
    const due = started + (index + 1) * 10;
    await sleep(Math.max(0, due - performance.now()));
  }
  timed(() => renderer.finish());
  await painted(renderer);
  watching = false;
  const gaps = frames.slice(1).map((time, i) => time - frames[i]!);
  return { ...longTasks.stop(), longestGap: Math.max(0, ...gaps), cost };
}

let replyCache: string | null = null;
const reply = () => (replyCache ??= generateReply());

window.benchReplyStats = () => {
  const text = reply();
  return {
    length: text.length,
    codeBlocks: (text.match(/^```[a-z]/gm) ?? []).length,
    tables: (text.match(/^\|:-----/gm) ?? []).length,
  };
};

/** One pass over every scenario. */
async function measureOnce(): Promise<Figure[]> {
  const text = reply();
  const figures: Figure[] = [];

  const fastPieces = split(text, 40_000, 1);
  const fast = await streamDeltas(fastPieces, 1);
  if (fast.renderer.text !== text) throw new Error('the delta stream lost text');
  const baseline = await deliveryAlone(fastPieces, 1);
  const chunked = await streamDeltas(fastPieces, 20);
  const unstyled = await streamDeltas(fastPieces, 1, false);
  figures.push(
    { name: '40,000 deltas, one per task: last delta painted after', value: fast.elapsed, unit: 'ms', target: 1000 },
    { name: '40,000 deltas, one per task: the same tasks with no rendering', value: baseline, unit: 'ms', target: Infinity },
    { name: '40,000 deltas, one per task: longest task', value: fast.longest, unit: 'ms', target: 50 },
    { name: '40,000 deltas, one per task: longest renderer frame', value: fast.cost.longestFrame, unit: 'ms', target: 50 },
    { name: '40,000 deltas, one per task: renderer time in total', value: fast.cost.total, unit: 'ms', target: Infinity },
    { name: '40,000 deltas, 20 per task: last delta painted after', value: chunked.elapsed, unit: 'ms', target: 1000 },
    { name: '40,000 deltas, 20 per task: longest task', value: chunked.longest, unit: 'ms', target: 50 },
    { name: '40,000 deltas, one per task, no content-visibility: painted after', value: unstyled.elapsed, unit: 'ms', target: Infinity },
    { name: '40,000 deltas, one per task, no content-visibility: longest task', value: unstyled.longest, unit: 'ms', target: Infinity },
  );

  const paced = await streamAtRate(text, 5);
  const onto = `100 deltas/s onto a ${(text.length - 2_000).toLocaleString('en')}-char message`;
  figures.push(
    { name: `${onto}: total blocking time`, value: paced.totalBlocking, unit: 'ms', target: 0 },
    { name: `${onto}: longest gap between frames`, value: paced.longestGap, unit: 'ms', target: 50 },
  );

  const deltaPieces = split(text, 4_000, 2);
  const deltas = await streamDeltas(deltaPieces, 1);
  const wholes = await streamWholeText(deltaPieces);
  figures.push(
    { name: '4,000 deltas: renderer time', value: deltas.cost.total, unit: 'ms', target: Infinity },
    { name: '4,000 whole-text events (PostHog): renderer time', value: wholes.cost.total, unit: 'ms', target: Infinity },
    { name: 'whole-text events / deltas, renderer time', value: wholes.cost.total / deltas.cost.total, unit: 'x', target: 2 },
    { name: 'whole-text events / deltas, time to final paint', value: wholes.elapsed / deltas.elapsed, unit: 'x', target: 2 },
  );
  return figures;
}

/** The median of three passes: the machines this runs on are shared and noisy. */
window.benchMarkdown = async () => {
  const passes: Figure[][] = [];
  for (let pass = 0; pass < 3; pass++) passes.push(await measureOnce());
  return passes[0]!.map((figure, index) => {
    const values = passes.map((figures) => figures[index]!.value).sort((a, b) => a - b);
    return { ...figure, value: values[1]! };
  });
};

if (new URLSearchParams(location.search).has('run')) {
  void window.benchMarkdown().then((figures) => console.table(figures));
}
