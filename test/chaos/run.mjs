#!/usr/bin/env node
// `npm run test:chaos`: proves that nothing a person sends through <convo-chat> is lost or sent twice, and
// that every reply shown ends with exactly the text the server holds, whatever goes wrong meanwhile.
//
// Each schedule (schedule.mjs, seeded) opens one to three tabs of a page that loads the script-tag bundle
// (dist/convo-embed.js: build it first with `npx rollup -c`) on one conversation of the reference server, and
// types and sends messages while the network drops (`context.setOffline`), tabs reload or close mid-send,
// several tabs send at once, the cut proxy drops the reply stream after a random number of bytes, and the
// server is killed mid-reply and started again on the same port and data. Then everything is restored, the
// tabs are given a bounded time to finish, and the server's copy is checked against the ledger of what was
// typed and against what every tab shows (verify.mjs). The tabs are driven and read only through the
// element's public surface (its composer, its parts), so the test needs no change when the element's
// internals do.
//
//   CHAOS_SCHEDULES=N   schedules to run (default 200; `--quick`: 5)
//   CHAOS_SEED=S        the run's seed (default 1); schedule i of a seed is always the same
//   CHAOS_DIALECT=D     posthog | agents | both (default; alternating)
//   CHAOS_ONLY=3,17     run only these schedules of the seed (to replay a failure)
//   CHAOS_FAULTS=none   schedules without faults (`--no-faults`): the baseline that must always be clean
//   CHAOS_TABS=N        at most N tabs per schedule (1 to 3, default 3)
//   CHAOS_STEPS='…'     one schedule written by hand, in the steps' printed form, e.g.
//                       'send@0 40ms send@0 30ms reload@0' (tabs numbered from 0; see schedule.mjs)
//   CHAOS_RATE=N        reply pieces per second on the server (default 150: a reply takes about 0.7 s, long
//                       enough to be cut or killed mid-stream)
//   CHAOS_SETTLE_MS=N   how long the tabs get to finish after the last fault (default 20000)
//   CHAOS_VERBOSE=1     print every schedule's steps, and what the server and every tab show
//   CHAOS_BUNDLE=FILE   test this script-tag bundle instead of dist/convo-embed.js
//
// The last line is `chaos: N schedules, M messages, lost L, duplicated D, mismatched X`; the exit code is 0
// only when nothing was lost, duplicated, mismatched, reordered or sent that was never typed.

import http from 'node:http';
import { mkdtemp, readFile, rm, stat, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../demo/server/index.mjs';
import { startCutProxy } from '../helpers/cut-proxy.mjs';
import { CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT, findChromium } from '../helpers/chromium.mjs';
import { ChatTab } from './chat-tab.mjs';
import { describeSteps, messageText, parseSchedule, planSchedule } from './schedule.mjs';
import { chatAttributes, createConversation, readConversation } from './server-view.mjs';
import { checkDelivery, checkReplies, delaysAfterComeback, median, normalizeText, turnsOfTranscript } from './verify.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const BUILT_EMBED = path.join(root, 'dist/convo-embed.js');
/** The bundle under test: the build's, or another one (CHAOS_BUNDLE), e.g. built from work in progress. */
const EMBED = process.env.CHAOS_BUNDLE ? path.resolve(process.env.CHAOS_BUNDLE) : BUILT_EMBED;
/** Delivery after the network comes back should take at most this long (issue 7's target, for the log). */
const DELIVERY_TARGET_MS = 5000;
/** One schedule may not take longer than this, whatever hangs. */
const SCHEDULE_TIMEOUT_MS = 120_000;
const SERVER_POLL_MS = 100;

/**
 * Runs one schedule against the shared browser, proxy and server.
 * @param {import('./schedule.mjs').Schedule} schedule
 * @param {AbortSignal} abandoned fires when the schedule took too long: it stops at the next step (so it
 *   cannot kill the server under the next schedule) and its tabs close at once
 */
async function runSchedule(schedule, abandoned) {
  const started = Date.now();
  const { index, dialect } = schedule;
  const token = backend.token;
  const setupText = `chaos s${index} opening ${options.seed}`;
  const conversationId = await createConversation(dialect, { serverUrl: backend.url, token, text: setupText });
  const where = { serverUrl: backend.url, token, conversationId };
  const url = `${pageServer.url}/page.html?${new URLSearchParams(chatAttributes(dialect, { apiUrl: proxy.url, token, conversationId }))}`;
  const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  const closeContext = () => context.close().catch(() => {});
  abandoned.addEventListener('abort', closeContext);
  /** @type {(ChatTab | null)[]} */
  const tabs = [];
  /** @type {import('./verify.mjs').TypedMessage[]} */
  const ledger = [];
  /** @type {string[]} */
  const notes = [];
  const watch = watchDeliveries(dialect, where);
  /** Moments the network or the server came back, with the messages not yet delivered then. */
  /** @type {{at: number, pending: string[]}[]} */
  const comebacks = [];
  let offline = false;
  const markComeback = () => comebacks.push({ at: Date.now(), pending: ledger.map((m) => m.text).filter((text) => !watch.firstSeen.has(normalizeText(text))) });

  let typedCount = 0;
  /** @param {ChatTab} tab */
  const type = async (tab) => {
    typedCount += 1;
    const text = messageText(index, typedCount, String(options.seed));
    try {
      await tab.type(text);
      return text;
    } catch (error) {
      notes.push(`could not type in tab ${tab.slot}: ${firstLine(error)}`);
      return null;
    }
  };
  /** @param {ChatTab} tab @param {string} text */
  const press = async (tab, text) => {
    const typedAt = Date.now();
    try {
      await tab.pressEnter();
      ledger.push({ text, schedule: index, tab: tab.slot, typedAt });
    } catch (error) {
      notes.push(`could not press Enter in tab ${tab.slot}: ${firstLine(error)}`);
    }
  };
  const openTab = async (/** @type {number} */ slot) => {
    const tab = await ChatTab.open(context, url, slot);
    tabs[slot] = tab;
    if (!(await tab.waitUntilShown())) notes.push(`tab ${slot} did not show the conversation in time`);
  };

  try {
    for (let slot = 0; slot < schedule.pageCount; slot++) await openTab(slot);
    for (const step of schedule.steps) {
      abandoned.throwIfAborted();
      switch (step.kind) {
        case 'send': {
          const tab = tabs[step.page];
          const text = tab ? await type(tab) : null;
          if (tab && text) await press(tab, text);
          break;
        }
        case 'burst': {
          // Everything typed first, then Enter in each tab with nothing in between: as close to "at once"
          // as one driver gets.
          const typed = [];
          for (const page of step.pages) {
            const tab = tabs[page];
            const text = tab ? await type(tab) : null;
            if (tab && text) typed.push({ tab, text });
          }
          for (const { tab, text } of typed) await press(tab, text);
          break;
        }
        case 'wait':
          await sleep(step.ms);
          break;
        case 'offline':
          await context.setOffline(true);
          offline = true;
          break;
        case 'online':
          await context.setOffline(false);
          offline = false;
          markComeback();
          break;
        case 'reload': {
          // An offline reload shows the browser's error page, not ours (only a hand-written schedule asks for one).
          const tab = offline ? null : tabs[step.page];
          if (tab && !(await tab.reload())) notes.push(`tab ${step.page} did not show the conversation after a reload`);
          break;
        }
        case 'close':
          await tabs[step.page]?.close();
          tabs[step.page] = null;
          break;
        case 'open':
          await openTab(step.page);
          break;
        case 'cut':
          proxy.setCut(step.bytes);
          break;
        case 'uncut':
          proxy.setCut(null);
          break;
        case 'kill':
          await backend.kill();
          break;
        case 'restart':
          await backend.restart();
          markComeback();
          break;
      }
    }

    // Everything back to normal, and someone looking.
    proxy.setCut(null);
    if (offline) {
      await context.setOffline(false);
      markComeback();
    }
    if (!backend.up) {
      await backend.restart();
      markComeback();
    }
    if (!tabs.some((tab) => tab && !tab.closed)) await openTab(0);
    const openTabs = /** @type {ChatTab[]} */ (tabs.filter((tab) => tab && !tab.closed));
    const settled = await settle(dialect, where, openTabs);
    if (!settled.done) notes.push(`not settled after ${seconds(options.settleMs)}: ${settled.why}`);
    watch.stop();
    deliveryDelays.push(...delaysAfterComeback(ledger, comebacks, watch.firstSeen));
    const verdicts = await judge({ dialect, where, setupText, ledger, tabs: openTabs, notes });
    return { ledger, notes, ...verdicts, settledMs: settled.ms, totalMs: Date.now() - started };
  } finally {
    watch.stop();
    abandoned.removeEventListener('abort', closeContext);
    await closeContext();
  }
}

/**
 * Checks the server's copy against the ledger, and every open tab's transcript against the server's copy.
 * Adds what a reader of the log needs to `notes` (messages a tab shows as not sent, and why).
 * @param {{dialect: 'posthog' | 'agents', where: {serverUrl: string, token: string, conversationId: string}, setupText: string,
 *   ledger: import('./verify.mjs').TypedMessage[], tabs: ChatTab[], notes: string[]}} input
 */
async function judge({ dialect, where, setupText, ledger, tabs, notes }) {
  const server = await readConversation(dialect, where);
  const typedTurns = server.turns.filter((turn) => normalizeText(turn.human) !== normalizeText(setupText));
  const delivery = checkDelivery(ledger, typedTurns.map((turn) => turn.human));
  const renderedReplies = await tabs[0].renderStored(server.turns.flatMap((turn) => turn.replies));
  let next = 0;
  const storedTurns = server.turns.map((turn) => ({ human: normalizeText(turn.human), replies: turn.replies.map(() => renderedReplies[next++]) }));
  /** @type {import('./verify.mjs').Mismatch[]} */
  const mismatches = [];
  let stale = 0;
  /** What the server and each tab hold, one line each, for CHAOS_VERBOSE. */
  const views = [`server: ${server.turns.map((turn) => `person "${turn.human}"${turn.replies.map((reply) => ` > ${describeReply(reply)}`).join('')}`).join(' | ')}`];
  for (const tab of tabs) {
    const transcript = await tab.transcript();
    views.push(`tab ${tab.slot}: ${transcript.map(describeShown).join(' | ')}`);
    for (const message of transcript) {
      if (message.delivery === 'failed') notes.push(`tab ${tab.slot} shows "${message.texts.join(' ')}" as not sent: ${message.failure ?? '(no reason shown)'}`);
      else if (message.role === 'user' && message.delivery !== 'sent') notes.push(`tab ${tab.slot} still shows "${message.texts.join(' ')}" as ${message.delivery}`);
    }
    const checked = checkReplies(tab.slot, turnsOfTranscript(transcript), storedTurns);
    mismatches.push(...checked.mismatches);
    stale += checked.stale;
    if (checked.outOfOrder > 0) notes.push(`tab ${tab.slot} shows ${checked.outOfOrder} message(s) above one the server holds before them`);
    if (tab.pageErrors > 0) notes.push(`tab ${tab.slot}: ${tab.pageErrors} uncaught page error(s)`);
  }
  return { delivery, mismatches, stale, views };
}

/**
 * @param {import('./schedule.mjs').Schedule} schedule
 * @param {Awaited<ReturnType<typeof runSchedule>>} result
 */
function report(schedule, result) {
  const { delivery, mismatches } = result;
  totals.messages += result.ledger.length;
  totals.lost += delivery.lost.length;
  totals.duplicated += delivery.duplicates;
  totals.mismatched += mismatches.length;
  totals.stale += result.stale;
  totals.misordered += delivery.misordered.length;
  totals.unexpected += delivery.unexpected.length;
  const failed = delivery.lost.length + delivery.duplicates + mismatches.length + delivery.misordered.length + delivery.unexpected.length > 0;
  console.log(
    `s${schedule.index} ${schedule.dialect} tabs=${schedule.pageCount} sent=${result.ledger.length} faults=${options.steps ? 'as written' : schedule.faults.join(',') || 'none'}: ` +
      `lost ${delivery.lost.length}, duplicated ${delivery.duplicates}, mismatched ${mismatches.length}` +
      `${delivery.misordered.length ? `, misordered ${delivery.misordered.length}` : ''}${delivery.unexpected.length ? `, never typed ${delivery.unexpected.length}` : ''}` +
      `${result.stale ? `, stale ${result.stale}` : ''} (settled in ${seconds(result.settledMs)}, ${seconds(result.totalMs)}) ${failed ? 'FAIL' : 'ok'}`,
  );
  const detail = (/** @type {string} */ label, /** @type {string[]} */ items) => items.forEach((item) => console.log(`  ${label}: ${item}`));
  detail('lost', delivery.lost);
  detail('duplicated', delivery.duplicated);
  detail('misordered', delivery.misordered);
  detail('never typed', delivery.unexpected);
  detail('mismatched', mismatches.map((m) => `tab ${m.tab}${m.human ? ` after "${m.human}"` : ''}: ${m.problem}`));
  detail('note', result.notes);
  if (failed && !options.verbose) console.log(`  steps: ${describeSteps(schedule.steps)}`);
  if (options.verbose) detail('shown', result.views);
}

/**
 * Polls the server (directly) for the person's messages, remembering when each was first seen: how long
 * delivery took after the network came back.
 * @param {'posthog' | 'agents'} dialect
 * @param {{serverUrl: string, token: string, conversationId: string}} where
 */
function watchDeliveries(dialect, where) {
  /** When each message (whitespace-normalised) was first seen on the server. */
  /** @type {Map<string, number>} */
  const firstSeen = new Map();
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || !backend.up) return;
    busy = true;
    try {
      const { turns } = await readConversation(dialect, where);
      for (const { human } of turns) if (!firstSeen.has(normalizeText(human))) firstSeen.set(normalizeText(human), Date.now());
    } catch {
      // The server is down or restarting: the next poll sees it.
    } finally {
      busy = false;
    }
  }, SERVER_POLL_MS);
  return { firstSeen, stop: () => clearInterval(timer) };
}

/**
 * Waits until every tab shows nothing in flight (no message waiting to be sent, no follow-up queued, no reply
 * being written) and the server's copy has stopped changing, or `settleMs` passes.
 * @param {'posthog' | 'agents'} dialect
 * @param {{serverUrl: string, token: string, conversationId: string}} where
 * @param {ChatTab[]} tabs
 */
async function settle(dialect, where, tabs) {
  const started = Date.now();
  let fingerprint = '';
  let unchangedSince = started;
  let why = '';
  while (Date.now() - started < options.settleMs) {
    const activities = await Promise.all(tabs.map((tab) => tab.activity().catch(() => null)));
    const server = await readConversation(dialect, where).catch(() => null);
    const now = Date.now();
    if (server && server.fingerprint !== fingerprint) {
      fingerprint = server.fingerprint;
      unchangedSince = now;
    }
    const busyTabs = activities.flatMap((activity, i) =>
      activity === null ? [`tab ${tabs[i].slot} unreadable`] : activity.unsent || activity.queued || activity.working ? [`tab ${tabs[i].slot} ${JSON.stringify(activity)}`] : [],
    );
    // PostHog says whether a run is going; the agents API does not, so an unanswered last message is given
    // the time a reply takes before the server counts as done.
    const lastTurn = server?.turns[server.turns.length - 1];
    const quietFor = server?.running === null && lastTurn?.replies.length === 0 ? 3000 : 600;
    const serverDone = server !== null && server.running !== true && now - unchangedSince >= quietFor;
    if (busyTabs.length === 0 && serverDone) return { done: true, ms: now - started, why: '' };
    why = [...busyTabs, ...(server === null ? ['server unreadable'] : server.running ? ['server still running'] : [])].join('; ') || 'server still changing';
    await sleep(250);
  }
  return { done: false, ms: Date.now() - started, why };
}

/** The reference server, killed and started again on the same port and data directory. */
class ReferenceBackend {
  /** @param {{dataDir: string, rate: number}} settings */
  static async start(settings) {
    const backend = new ReferenceBackend(settings);
    backend.server = await startServer(backend.serverOptions(0));
    backend.port = backend.server.port;
    return backend;
  }

  /** @param {{dataDir: string, rate: number}} settings */
  constructor(settings) {
    this.settings = settings;
    /** @type {Awaited<ReturnType<typeof startServer>> | null} */
    this.server = null;
    this.port = 0;
  }

  /** @param {number} port */
  serverOptions(port) {
    // Rate limits off: the test is about faults, not throttling, and 200 schedules create many conversations.
    const unlimited = 1_000_000;
    return { port, dataDir: this.settings.dataDir, rate: this.settings.rate, rateLimits: { create: unlimited, createPerDay: unlimited, other: unlimited } };
  }

  get up() {
    return this.server !== null;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get token() {
    return 'demo-token';
  }

  async kill() {
    const server = this.server;
    this.server = null;
    await server?.close();
  }

  async restart() {
    if (this.server === null) this.server = await startServer(this.serverOptions(this.port));
  }
}

/** Serves the chaos page, its probe and the built bundle on loopback. */
async function startPageServer() {
  /** @type {Record<string, string>} */
  const files = {
    '/page.html': path.join(here, 'page.html'),
    '/page-probe.mjs': path.join(here, 'page-probe.mjs'),
    '/dist/convo-embed.js': EMBED,
  };
  const server = http.createServer(async (req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    try {
      if (!file) throw new Error('not served');
      const body = await readFile(file);
      const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : file.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

/** The bundle must exist; a bundle older than the sources tests old code, which is worth a warning. */
async function requireBundle() {
  const built = await stat(EMBED).catch(() => null);
  if (!built) {
    console.error(`chaos: ${path.relative(root, EMBED)} is missing: build it first with \`npx rollup -c\``);
    process.exit(1);
  }
  if (EMBED !== BUILT_EMBED) return;
  const sources = await readdir(path.join(root, 'src'), { recursive: true });
  for (const source of sources) {
    if (!source.endsWith('.ts')) continue;
    const changed = await stat(path.join(root, 'src', source)).catch(() => null);
    if (changed && changed.mtimeMs > built.mtimeMs) {
      console.warn(`chaos: warning: src/${source} is newer than dist/convo-embed.js; run \`npx rollup -c\` to test the current code`);
      return;
    }
  }
}

function readOptions() {
  const argv = process.argv.slice(2);
  const env = process.env;
  const count = positiveInteger(env.CHAOS_SCHEDULES, argv.includes('--quick') ? 5 : 200, 'CHAOS_SCHEDULES');
  const only = (env.CHAOS_ONLY ?? '')
    .split(',')
    .filter((item) => item.trim() !== '')
    .map((item) => positiveInteger(item.trim(), 1, 'CHAOS_ONLY'));
  const dialect = env.CHAOS_DIALECT ?? 'both';
  if (!['posthog', 'agents', 'both'].includes(dialect)) fail(`CHAOS_DIALECT must be posthog, agents or both, not ${dialect}`);
  const faults = env.CHAOS_FAULTS ?? (argv.includes('--no-faults') ? 'none' : 'all');
  if (!['all', 'none'].includes(faults)) fail(`CHAOS_FAULTS must be all or none, not ${faults}`);
  const steps = env.CHAOS_STEPS?.trim() || null;
  if (steps) {
    try {
      parseSchedule(steps, { index: 1, dialect: 'posthog' });
    } catch (error) {
      fail(`CHAOS_STEPS: ${firstLine(error)}`);
    }
  }
  return {
    seed: positiveInteger(env.CHAOS_SEED, 1, 'CHAOS_SEED'),
    indexes: only.length > 0 ? only : Array.from({ length: steps ? 1 : count }, (_, i) => i + 1),
    steps,
    dialect: /** @type {'posthog' | 'agents' | 'both'} */ (dialect),
    withFaults: faults === 'all',
    maxTabs: Math.min(3, Math.max(1, positiveInteger(env.CHAOS_TABS, 3, 'CHAOS_TABS'))),
    rate: positiveInteger(env.CHAOS_RATE, 150, 'CHAOS_RATE'),
    settleMs: positiveInteger(env.CHAOS_SETTLE_MS, 20_000, 'CHAOS_SETTLE_MS'),
    verbose: env.CHAOS_VERBOSE === '1',
  };
}

/** @param {string | undefined} raw @param {number} fallback @param {string} name */
function positiveInteger(raw, fallback, name) {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) fail(`${name} must be a whole number, not ${raw}`);
  return value;
}

/** @returns {never} */
function fail(/** @type {string} */ message) {
  console.error(`chaos: ${message}`);
  process.exit(2);
}

/** A reply in a few words: its length and where it starts (the scripted replies open with their topic). */
function describeReply(/** @type {string} */ text) {
  return `${text.length} chars "${text.slice(0, 48)}…"`;
}

/** @param {{role: 'user' | 'agent', delivery: string | null, texts: string[]}} message */
function describeShown(message) {
  return message.role === 'user' ? `person "${message.texts.join(' ')}" (${message.delivery})` : `agent ${message.texts.map(describeReply).join(' + ') || '(no text)'}`;
}

function seconds(/** @type {number} */ ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function sleep(/** @type {number} */ ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function firstLine(/** @type {unknown} */ error) {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/**
 * Runs `task`, rejecting after `ms` and telling the task through its signal that it was abandoned.
 * @template T @param {(abandoned: AbortSignal) => Promise<T>} task @param {number} ms @param {string} message @returns {Promise<T>}
 */
function withTimeout(task, ms, message) {
  const controller = new AbortController();
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timedOut = new Promise((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error(message));
      reject(new Error(message));
    }, ms);
  });
  return Promise.race([task(controller.signal), timedOut]).finally(() => clearTimeout(timer));
}

// --- the run ---------------------------------------------------------------------------------------------------

const options = readOptions();
/** Run-wide counts, summed over schedules. */
const totals = { schedules: 0, messages: 0, lost: 0, duplicated: 0, mismatched: 0, stale: 0, misordered: 0, unexpected: 0, errors: 0 };
/** @type {number[]} */
const deliveryDelays = [];
const executablePath = findChromium();
if (!executablePath) {
  console.error(CHROMIUM_INSTALL_HINT);
  process.exit(1);
}
await requireBundle();

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'convo-chaos-'));
const backend = await ReferenceBackend.start({ dataDir, rate: options.rate });
const proxy = await startCutProxy({ target: backend.url });
const pageServer = await startPageServer();
// The run handles its own signals: Playwright's default closes the browser and leaves the run going.
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
/** Why the run stops before its last schedule (a signal, the browser gone), once it must. */
let stoppedBecause = '';
const interrupted = new AbortController();
const stop = (/** @type {string} */ reason) => {
  stoppedBecause ||= reason;
  interrupted.abort(new Error(reason));
};
const browserLost = () => stop('the browser went away');
browser.on('disconnected', browserLost);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stop(`interrupted by ${signal}`));

const runStarted = Date.now();
console.log(
  `chaos: seed ${options.seed}, ${options.indexes.length} schedule(s), dialect ${options.dialect}, ${options.steps ? `steps as written: ${options.steps}` : options.withFaults ? 'with faults' : 'no faults'}, up to ${options.maxTabs} tab(s), server rate ${options.rate}/s`,
);
try {
  for (const index of options.indexes) {
    if (stoppedBecause) break;
    const dialect = options.dialect === 'both' ? (index % 2 === 1 ? 'posthog' : 'agents') : options.dialect;
    const schedule = options.steps
      ? parseSchedule(options.steps, { index, dialect })
      : planSchedule({ seed: options.seed, index, dialect, withFaults: options.withFaults, maxTabs: options.maxTabs });
    if (options.verbose) console.log(`s${index} steps: ${describeSteps(schedule.steps)}`);
    totals.schedules += 1;
    try {
      const result = await withTimeout(
        (abandoned) => runSchedule(schedule, AbortSignal.any([abandoned, interrupted.signal])),
        SCHEDULE_TIMEOUT_MS,
        `schedule ${index} took over ${SCHEDULE_TIMEOUT_MS / 1000} s`,
      );
      report(schedule, result);
    } catch (error) {
      if (stoppedBecause) {
        // The schedule was cut short by the stop, not by a defect: it counts for nothing.
        totals.schedules -= 1;
        break;
      }
      totals.errors += 1;
      console.log(`s${index} ${dialect}: ERROR ${error instanceof Error ? error.stack : error}`);
      console.log(`  steps: ${describeSteps(schedule.steps)}`);
      await backend.restart();
      proxy.setCut(null);
    }
  }
} finally {
  browser.off('disconnected', browserLost);
  await browser.close().catch(() => {});
  await pageServer.close();
  await proxy.close();
  await backend.kill();
  await rm(dataDir, { recursive: true, force: true });
}

console.log('');
if (stoppedBecause) console.log(`chaos: stopped after ${totals.schedules} of ${options.indexes.length} schedules: ${stoppedBecause}`);
console.log(
  deliveryDelays.length === 0
    ? 'delivered after the network came back: no message waited for the network'
    : `delivered after the network came back: median ${seconds(median(deliveryDelays))} over ${deliveryDelays.length} message(s), max ${seconds(Math.max(...deliveryDelays))} (target ${seconds(DELIVERY_TARGET_MS)})`,
);
console.log(
  `also: ${totals.misordered} misordered, ${totals.unexpected} never typed, ${totals.stale} turn(s) a tab never showed, ${totals.errors} schedule error(s), ${seconds(Date.now() - runStarted)} in all`,
);
console.log(`chaos: ${totals.schedules} schedules, ${totals.messages} messages, lost ${totals.lost}, duplicated ${totals.duplicated}, mismatched ${totals.mismatched}`);
const clean = !stoppedBecause && totals.lost + totals.duplicated + totals.mismatched + totals.misordered + totals.unexpected + totals.errors === 0;
process.exit(clean ? 0 : 1);
