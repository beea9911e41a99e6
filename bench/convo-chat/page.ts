/**
 * The `<convo-chat>` benchmark page (bundled and driven by `run.mjs`). Unlike the markdown benchmark, these
 * figures go through the whole element: the real client parses a server-sent-events body, the session
 * applies the events to the transcript model, and the element renders. The server is a scripted `fetch`
 * (no network noise), delivering one chunk per task as a socket would.
 *
 * - 40,000 deltas (agents `concat_string`) at full speed: send → last delta painted, longest task;
 * - the same reply paced at 100 deltas/s after a long prefix: total blocking time, longest gap between frames;
 * - 4,000 PostHog partials (the whole text so far each time) against the same reply as 4,000 deltas, and
 *   the client's decoder alone on both (what the PostHog wire costs before the element sees anything);
 * - a 2,000-message conversation: mount → newest painted, DOM size, jump to the top and back.
 *
 * The scripted servers answer what the real ones do (API.md): the outbox reads the conversation's messages
 * before a send, and a fake that answered the wrong shape made every send fail. Each scenario runs three
 * times and every figure is the median.
 */
import { createClient, type ConvoClient } from '../../src/api/client.js';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import '../../src/elements/convo-chat/define-convo-chat.js';
import { createAgentsAdapter } from '../../src/api/stream/agents-adapter.js';
import { createStreamDecoder } from '../../src/api/stream/decoder.js';
import type { StreamAdapter } from '../../src/api/stream/events.js';
import { createPosthogAdapter } from '../../src/api/stream/posthog-adapter.js';
import type { DraftStore } from '../../src/store/drafts.js';
import { nextFrame, nextTask, observeLongTasks, sleep } from '../page-timing.js';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** `Infinity` for figures reported without a target. */
  readonly target: number;
  /** Each run's value, when `value` is their median. */
  readonly runs?: readonly number[];
}

declare global {
  interface Window {
    benchConvoChat(): Promise<Figure[]>;
  }
}

const encoder = new TextEncoder();

const memoryDrafts: DraftStore = {
  persistent: true,
  load: async () => '',
  save: async () => undefined,
  onPersistenceChange: () => () => undefined,
};

/** A long model reply: ~140,000 characters, 40 fenced code blocks, 13 tables. */
function longReply(): string {
  const sections: string[] = ['# Quarterly product review\n\nWhat changed, what it cost, and what to do next.'];
  for (let index = 0; index < 40; index += 1) {
    const lines = Array.from({ length: 14 }, (_, line) => `  const value${line} = rows[${line}].metric * ${index + line}; // step ${line}`);
    sections.push(
      `## Section ${index + 1}: retention and activation`,
      `Across **${1200 + index * 37} accounts** the *weekly* activation rate moved by ${(index % 7) + 1}.${index % 10} points. ` +
        `Read the [methodology](https://posthog.com/docs/${index}) first: cohorts are built on \`first_seen\`, not sign-up. `.repeat(20),
      `- Users who invite a teammate retain ${20 + index}% better\n- Sessions with search convert twice as often\n- Dashboards with alerts are opened ${index + 3}× more`,
      `\`\`\`ts\nexport function section${index}(rows: Row[]): number {\n${lines.join('\n')}\n  return value0 + value1;\n}\n\`\`\``,
    );
    if (index % 3 === 0 && index < 39) {
      const rows = Array.from({ length: 14 }, (_, row) => `| Week ${row + 1} | ${(row * 131 + index) % 997} | ${((row * 7 + index) % 90) + 10} % | ${row % 2 ? '↑' : '↓'} |`);
      sections.push(['| Week | Active | Conversion | Trend |', '| --- | ---: | ---: | :---: |', ...rows].join('\n'));
    }
    sections.push(`> ${'Measure what matters and be suspicious of anything that moves too fast. '.repeat(3)}`);
  }
  return `${sections.join('\n\n')}\n`;
}

/** `text` cut into `count` pieces of nearly equal size. */
function pieces(text: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => text.slice(Math.floor((index * text.length) / count), Math.floor(((index + 1) * text.length) / count)));
}

function frame(event: string, data: unknown, lineEnd = '\n'): string {
  return `event: ${event}${lineEnd}data: ${JSON.stringify(data)}${lineEnd}${lineEnd}`;
}

/** An agents reply stream: the message's text grows by `concat_string`, then `message_end` and `agent_finished`. */
function agentsFrames(parts: readonly string[]): string[] {
  const id = 'bench-message';
  const event = (fields: Record<string, unknown>) => frame('agent_event', fields, '\r\n');
  const text = parts.join('');
  let sequence = 0;
  const patch = (op: string, path: string, value: unknown) => event({ event_type: 'message_content', message_id: id, sequence_number: sequence++, delta: { op, path, value } });
  return [
    frame('agent_ready', { run_id: 'run', thread_id: 'thread', agent_id: 'bench' }, '\r\n'),
    event({ event_type: 'message_begin', message_id: id }),
    patch('add', '/message_id', id),
    patch('add', '/role', 'agent'),
    patch('add', '/content', []),
    patch('add', '/content/0', { content_id: 'text-0', kind: 'text', text: '', complete: false }),
    ...parts.map((piece) => patch('concat_string', '/content/0/text', piece)),
    event({ event_type: 'message_end', message_id: id, data: { message_id: id, role: 'agent', complete: true, content: [{ content_id: 'text-0', kind: 'text', text, complete: true }] } }),
    event({ event_type: 'agent_finished' }),
  ];
}

/** A PostHog reply after the echo: the whole text so far under `temp-0` on every event, then the final message. */
function posthogFrames(parts: readonly string[]): string[] {
  let sofar = '';
  const frames: string[] = [];
  for (const piece of parts) {
    sofar += piece;
    frames.push(frame('message', { type: 'ai', id: 'temp-0', content: sofar }));
  }
  frames.push(frame('message', { type: 'ai', id: 'final-1', content: sofar }));
  return frames;
}

interface StreamPlan {
  /** Frames delivered as fast as the page takes them. */
  burst: string[];
  /** Frames delivered afterwards, one per `intervalMs`. */
  paced?: string[];
  intervalMs?: number;
}

interface EncodedPlan {
  burst: Uint8Array[];
  paced: Uint8Array[];
  intervalMs: number;
}

/** Bytes are made before the measurement starts: encoding is the server's work, not the page's. */
function encodePlan(plan: StreamPlan): EncodedPlan {
  const FRAMES_PER_CHUNK = 4;
  const burst: Uint8Array[] = [];
  for (let index = 0; index < plan.burst.length; index += FRAMES_PER_CHUNK) burst.push(encoder.encode(plan.burst.slice(index, index + FRAMES_PER_CHUNK).join('')));
  return { burst, paced: (plan.paced ?? []).map((text) => encoder.encode(text)), intervalMs: plan.intervalMs ?? 10 };
}

/** The body of a streamed answer: the burst a chunk per task, then the paced chunks. */
function streamBody({ burst, paced, intervalMs }: EncodedPlan): ReadableStream<Uint8Array> {
  let index = 0;
  let pacedIndex = 0;
  return new ReadableStream({
    async pull(controller) {
      if (index < burst.length) {
        await nextTask();
        controller.enqueue(burst[index]!);
        index += 1;
        return;
      }
      if (pacedIndex < paced.length) {
        await sleep(intervalMs);
        controller.enqueue(paced[pacedIndex]!);
        pacedIndex += 1;
        return;
      }
      controller.close();
    },
  });
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function eventStream(body: ReadableStream<Uint8Array>): Response {
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

interface ScriptedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** A client whose server is `answer`, in-page: no network between them, nothing but the page's own work. */
function scriptedClient(dialect: 'posthog' | 'agents', answer: (request: ScriptedRequest) => Response): ConvoClient {
  const fetchScripted: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
    return answer({ method: init?.method ?? 'GET', path: url.pathname, body });
  };
  return dialect === 'posthog'
    ? createClient({ baseUrl: 'https://bench.invalid', token: 'bench', dialect, environmentId: 1, retry: false, fetch: fetchScripted })
    : createClient({ baseUrl: 'https://bench.invalid/api/v2', token: 'bench', dialect, agentId: 'bench', retry: false, fetch: fetchScripted });
}

function agentsTextMessage(id: string, role: 'user' | 'agent', text: string) {
  return { message_id: id, role, content: [{ content_id: `${id}-text`, kind: 'text', text, complete: true }], created_at: new Date().toISOString(), complete: true };
}

/**
 * The agents server as API.md describes it, for one conversation: creating it answers `{id, name, agent_id}`,
 * its messages are a list page `{data, next, has_more}` (the outbox reads them before a send, to recognise
 * the message later), and a send streams `reply` and then holds both messages.
 */
function agentsServer(reply: EncodedPlan, replyText: string): ConvoClient {
  const messages: ReturnType<typeof agentsTextMessage>[] = [];
  return scriptedClient('agents', ({ method, path, body }) => {
    if (method === 'POST' && path.endsWith('/stream')) {
      messages.push(agentsTextMessage(`user-${messages.length}`, 'user', String(body['content'])), agentsTextMessage('bench-message', 'agent', replyText));
      return eventStream(streamBody(reply));
    }
    if (path.endsWith('/messages')) return json({ data: messages, next: null, has_more: false });
    if (method === 'POST' && path.endsWith('/conversations')) return json({ id: 'c1', name: String(body['name'] ?? ''), agent_id: 'bench' });
    return json({ error: { error_id: 'bench', code: 'not_found', message: `The bench server has no ${method} ${path}` } }, 404);
  });
}

type PosthogMessage = Record<string, unknown>;

/**
 * PostHog as API.md describes it, for one conversation holding `messages`: retrieving it answers them, its
 * queue is empty, and a send (`POST …/conversations/` with `content`) streams `conversation` when the request
 * created it, the echo of the person's message carrying the request's trace id, then `reply` (encoded in
 * advance; only the echo is made per request), after which the conversation holds both messages.
 */
function posthogServer(messages: PosthogMessage[], reply?: { frames: EncodedPlan; text: string }): ConvoClient {
  let conversationId: string | null = null;
  const conversation = () => ({ id: conversationId, status: 'idle', title: 'Bench', created_at: '', updated_at: '', messages, pending_approvals: [] });
  return scriptedClient('posthog', ({ method, path, body }) => {
    if (method === 'POST' && path.endsWith('/conversations/') && typeof body['content'] === 'string' && reply) {
      const created = conversationId === null;
      conversationId = String(body['conversation']);
      const human = { type: 'human', id: `human-${messages.length}`, content: body['content'], trace_id: body['trace_id'] };
      messages.push(human, { type: 'ai', id: `ai-${messages.length}`, content: reply.text });
      const opening = encoder.encode((created ? frame('conversation', conversation()) : '') + frame('message', human));
      return eventStream(streamBody({ ...reply.frames, burst: [opening, ...reply.frames.burst] }));
    }
    if (method === 'GET' && path.endsWith('/queue/')) return json({ messages: [], max_queue_messages: 2 });
    if (method === 'GET' && /\/conversations\/[^/]+\/$/.test(path)) {
      conversationId ??= path.split('/').at(-2)!;
      return json(conversation());
    }
    return json({ type: 'invalid_request', code: 'not_found', detail: `The bench server has no ${method} ${path}` }, 404);
  });
}

function mount(client: ConvoClient, conversationId?: string): ConvoChat {
  const element = document.createElement('convo-chat');
  element.draftStore = memoryDrafts;
  element.client = client;
  if (conversationId) element.conversationId = conversationId;
  element.style.setProperty('--convo-chat-height', '640px');
  document.body.replaceChildren(element);
  return element;
}


/** Watches frame gaps until stopped. */
function observeFrames() {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = (time: number) => {
    longest = Math.max(longest, time - last);
    last = time;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return () => {
    running = false;
    return longest;
  };
}

/**
 * Resolves when the reply completes; rejects on the element's first `convo-error`, so a send that fails (as
 * every one did while this page's server answered the wrong shapes) stops the run with its reason instead of
 * leaving it waiting for a reply that never comes.
 */
function replyCompleted(element: ConvoChat): Promise<void> {
  return new Promise((resolve, reject) => {
    element.addEventListener('convo-reply-completed', () => resolve(), { once: true });
    element.addEventListener('convo-error', (event) => reject(new Error(`convo-error: ${event.detail.message}`)), { once: true });
  });
}

/** Sends `content` and resolves when the reply completed and its text is on screen. */
async function sendAndWaitPainted(element: ConvoChat, content: string, finalText: string): Promise<number> {
  const started = performance.now();
  const completed = replyCompleted(element);
  await element.send(content);
  await completed;
  const tail = finalText.trimEnd().slice(-20);
  const transcript = element.shadowRoot!.querySelector('[part~="transcript"]')!;
  // The newest row's text (walking the transcript's children, not querying its whole subtree each frame).
  const newestRowText = () => [...transcript.children].reverse().find((child) => child.classList.contains('row'))?.textContent ?? '';
  while (!newestRowText().includes(tail)) await nextFrame();
  await nextFrame();
  return performance.now() - started;
}

async function fullSpeed(reply: string): Promise<Figure[]> {
  const body = encodePlan({ burst: agentsFrames(pieces(reply, 40_000)) });
  const element = mount(agentsServer(body, reply));
  await element.updateComplete;
  // Setting up (above) is the test's work: observe from a fresh task on.
  await sleep(100);
  const longTasks = observeLongTasks();
  const painted = await sendAndWaitPainted(element, 'Write the review', reply);
  const { longest } = longTasks.stop();
  return [
    { name: '40,000 deltas at full speed: last delta painted after send', value: painted, unit: 'ms', target: 1000 },
    { name: '40,000 deltas at full speed: longest task', value: longest, unit: 'ms', target: 50 },
  ];
}

async function paced(reply: string): Promise<Figure[]> {
  const all = pieces(reply, 40_000);
  const frames = agentsFrames(all);
  // A long message first (as fast as it comes), then 300 deltas at 100 per second.
  const pacedCount = 300;
  const tailStart = frames.length - 2 - pacedCount;
  const body = encodePlan({ burst: frames.slice(0, tailStart), paced: frames.slice(tailStart), intervalMs: 10 });
  const element = mount(agentsServer(body, reply));
  await element.updateComplete;
  const completed = replyCompleted(element);
  void element.send('Write the review');
  // Measure only the paced part: wait until the burst is in.
  const burstText = all.slice(0, all.length - pacedCount).join('').slice(-30);
  while (!(element.shadowRoot!.textContent ?? '').includes(burstText.slice(-12))) await sleep(20);
  await sleep(200);
  const longTasks = observeLongTasks();
  const stopFrames = observeFrames();
  await completed;
  const { totalBlocking } = longTasks.stop();
  const longestGap = stopFrames();
  return [
    { name: '100 deltas/s onto a long reply: total blocking time', value: totalBlocking, unit: 'ms', target: 0 },
    { name: '100 deltas/s onto a long reply: longest gap between frames', value: longestGap, unit: 'ms', target: 50 },
  ];
}

/** Milliseconds the client's decoder and `adapter` take over `chunks`, synchronously: no element, no frames. */
async function decodingAlone(chunks: readonly Uint8Array[], adapter: StreamAdapter): Promise<number> {
  await sleep(50);
  const decoder = createStreamDecoder(adapter);
  const started = performance.now();
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return performance.now() - started;
}

/**
 * The same 30,000 characters as 4,000 agents deltas and as 4,000 PostHog partials (each carrying the whole
 * text so far: 61 MB of UTF-8 instead of 0.8 MB). Through the element, send → painted; and, to show what
 * part of the difference is the wire itself (every byte still arrives and is compared with the frame
 * before it, but only what changed is decoded and parsed), the client's decoder and adapter alone.
 */
async function wholeTextVersusDeltas(reply: string): Promise<Figure[]> {
  const text = reply.slice(0, 30_000);
  const parts = pieces(text, 4_000);
  const agentsBody = encodePlan({ burst: agentsFrames(parts) });
  const posthogBody = encodePlan({ burst: posthogFrames(parts) });
  const agents = mount(agentsServer(agentsBody, text));
  await agents.updateComplete;
  const asDeltas = await sendAndWaitPainted(agents, 'deltas', text);
  const posthog = mount(posthogServer([], { frames: posthogBody, text }));
  await posthog.updateComplete;
  const asWholeText = await sendAndWaitPainted(posthog, 'whole text', text);
  const decodingDeltas = await decodingAlone(agentsBody.burst, createAgentsAdapter());
  const decodingWholeText = await decodingAlone(posthogBody.burst, createPosthogAdapter());
  return [
    { name: '4,000 events, PostHog whole text: send → painted', value: asWholeText, unit: 'ms', target: Infinity },
    { name: '4,000 events as deltas: send → painted', value: asDeltas, unit: 'ms', target: Infinity },
    { name: 'PostHog whole text / deltas', value: asWholeText / asDeltas, unit: 'x', target: 2 },
    { name: '4,000 events, PostHog whole text: decoder and adapter alone', value: decodingWholeText, unit: 'ms', target: Infinity },
    { name: '4,000 events as deltas: decoder and adapter alone', value: decodingDeltas, unit: 'ms', target: Infinity },
  ];
}

async function longTranscript(): Promise<Figure[]> {
  const messages = Array.from({ length: 2000 }, (_, index) =>
    index % 2 === 0
      ? { type: 'human', id: `m-${index}`, content: `Question ${index}: how did week ${index} go?` }
      : { type: 'ai', id: `m-${index}`, content: `Week **${index}** went well: ${'activation rose, churn fell, and the funnel held. '.repeat(1 + (index % 4))}\n\n- signups ${index}\n- churn ${index % 9} %` },
  );
  const client = posthogServer(messages);
  const newest = 'signups 1999';
  const started = performance.now();
  const element = mount(client, 'long');
  const root = element.shadowRoot!;
  while (!(root.textContent ?? '').includes(newest)) await nextFrame();
  await nextFrame();
  const mountToNewest = performance.now() - started;
  await sleep(300);
  const domSize = root.querySelectorAll('*').length;
  const transcript = root.querySelector<HTMLElement>('[part~="transcript"]')!;
  const topStarted = performance.now();
  transcript.dispatchEvent(new WheelEvent('wheel', { deltaY: -1000 }));
  transcript.scrollTop = 0;
  while (!(root.textContent ?? '').includes('Question 0:')) await nextFrame();
  await nextFrame();
  const toTop = performance.now() - topStarted;
  await sleep(300);
  const backStarted = performance.now();
  root.querySelector<HTMLButtonElement>('[part~="jump-to-latest"]')!.click();
  while (!(root.textContent ?? '').includes(newest)) await nextFrame();
  await nextFrame();
  const back = performance.now() - backStarted;
  return [
    { name: '2,000 messages: newest painted after mount', value: mountToNewest, unit: 'ms', target: 150 },
    { name: '2,000 messages: DOM elements inside the element', value: domSize, unit: '', target: 1500 },
    { name: '2,000 messages: jump to top', value: toTop, unit: 'ms', target: 100 },
    { name: '2,000 messages: jump back to latest', value: back, unit: 'ms', target: 100 },
  ];
}

/** How often each scenario runs: the machine is shared and noisy, so every figure is a median. */
const RUNS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs `scenario` RUNS times; each figure is the median of its runs (a ratio: the median of the paired ratios). */
async function medianOf(scenario: () => Promise<Figure[]>): Promise<Figure[]> {
  const runs: Figure[][] = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await scenario());
  return runs[0]!.map((figure, index) => {
    const values = runs.map((figures) => figures[index]!.value);
    return { ...figure, name: `${figure.name} (median of ${RUNS})`, value: median(values), runs: values };
  });
}

window.benchConvoChat = async () => {
  const reply = longReply();
  const figures: Figure[] = [{ name: `reply: ${reply.length} characters`, value: reply.length, unit: 'chars', target: Infinity }];
  figures.push(...(await medianOf(() => fullSpeed(reply))));
  figures.push(...(await medianOf(() => paced(reply))));
  figures.push(...(await medianOf(() => wholeTextVersusDeltas(reply))));
  figures.push(...(await medianOf(longTranscript)));
  return figures;
};
