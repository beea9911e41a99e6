// Seeded schedules for the chaos test: what the person does (type and send, in one to three tabs) and what
// goes wrong around them (the network drops, a tab reloads or closes mid-send, the stream is cut, the server
// dies mid-reply). A schedule is a flat list of steps computed up front from (seed, index), so a failing
// schedule can be printed and run again alone; only the timing of the real browser and server varies.

/**
 * @typedef {{kind: 'send', page: number}
 *   | {kind: 'burst', pages: number[]}
 *   | {kind: 'wait', ms: number}
 *   | {kind: 'offline'} | {kind: 'online'}
 *   | {kind: 'reload', page: number}
 *   | {kind: 'close', page: number} | {kind: 'open', page: number}
 *   | {kind: 'cut', bytes: number} | {kind: 'uncut'}
 *   | {kind: 'kill'} | {kind: 'restart'}} Step
 * @typedef {'offline-send' | 'reload-mid-send' | 'close-mid-send' | 'cut-stream' | 'kill-mid-stream' | 'reload-any-time'} Fault
 * @typedef {{index: number, dialect: 'posthog' | 'agents', pageCount: number, messageCount: number, faults: Fault[], steps: Step[]}} Schedule
 */

/** mulberry32 over a string hash: small, fast, and the same sequence on every machine. */
export function seededRandom(/** @type {string} */ seed) {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (/** @type {number} */ min, /** @type {number} */ max) => min + Math.floor(next() * (max - min + 1)),
    /** @template T @param {readonly T[]} items @returns {T} */
    pick: (items) => items[Math.floor(next() * items.length)],
    /** Log-uniform in [min, max]: small and large values equally likely per order of magnitude. */
    logInt: (/** @type {number} */ min, /** @type {number} */ max) => Math.round(Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min)))),
  };
}

/**
 * Words for making each message unique. None begins with a word the scripted agent reacts to (`tool`,
 * `long`, `fail`, …: it matches word prefixes), so every reply is the plain markdown one.
 */
const WORDS = ['harbor', 'meadow', 'violet', 'granite', 'orbit', 'pepper', 'saffron', 'willow', 'nickel', 'basalt', 'ember', 'juniper', 'marble', 'falcon', 'indigo', 'lantern', 'nutmeg', 'oyster', 'pebble', 'quartz', 'raven', 'sorrel', 'walnut', 'yarrow', 'zephyr', 'cobalt', 'dune', 'gravel', 'hazel', 'mosaic'];

/** Each fault's weight when a schedule picks what goes wrong. */
const FAULT_WEIGHTS = /** @type {const} */ ([
  ['offline-send', 3],
  ['reload-mid-send', 3],
  ['close-mid-send', 2],
  ['cut-stream', 3],
  ['kill-mid-stream', 2],
  ['reload-any-time', 1],
]);

/**
 * @param {{seed: number, index: number, dialect: 'posthog' | 'agents', withFaults: boolean, maxTabs: number}} options
 * @returns {Schedule}
 */
export function planSchedule({ seed, index, dialect, withFaults, maxTabs }) {
  const random = seededRandom(`chaos|${seed}|${index}`);
  const pageCount = Math.min(maxTabs, random.pick([1, 1, 2, 2, 3]));
  const messageCount = random.int(2, 5);
  // About one schedule in eight has no fault at all: the baseline that must always come out clean.
  const faultBudget = withFaults ? random.pick([0, 1, 1, 2, 2, 2, 3, 3]) : 0;
  /** @type {Step[]} */
  const steps = [];
  /** @type {Fault[]} */
  const faults = [];
  const open = new Set(Array.from({ length: pageCount }, (_, page) => page));
  let sends = 0;

  const anyOpenPage = () => random.pick([...open]);
  const wait = (/** @type {number} */ min, /** @type {number} */ max) => steps.push({ kind: 'wait', ms: random.int(min, max) });
  const send = (/** @type {number} */ page) => {
    steps.push({ kind: 'send', page });
    sends += 1;
  };

  while (sends < messageCount) {
    // A fault now and then, but the whole budget by the end (most faults come with a send of their own).
    const faultsLeft = faultBudget - faults.length;
    const fault = faultsLeft > 0 && (messageCount - sends <= faultsLeft || random.next() < 0.6) ? pickFault(random) : null;
    if (fault === null) {
      if (open.size >= 2 && random.next() < 0.35) {
        // Two or three tabs sending at once.
        const pages = [...open].filter(() => random.next() < 0.8);
        if (pages.length < 2) pages.splice(0, pages.length, ...[...open].slice(0, 2));
        steps.push({ kind: 'burst', pages });
        sends += pages.length;
      } else {
        send(anyOpenPage());
      }
      wait(0, random.next() < 0.3 ? 2500 : 700);
      continue;
    }
    faults.push(fault);
    switch (fault) {
      case 'offline-send': {
        steps.push({ kind: 'offline' });
        wait(0, 300);
        const count = random.int(1, 2);
        for (let i = 0; i < count; i++) {
          send(anyOpenPage());
          wait(50, 600);
        }
        wait(200, 1500);
        steps.push({ kind: 'online' });
        break;
      }
      case 'reload-mid-send': {
        const page = anyOpenPage();
        send(page);
        wait(0, 400);
        steps.push({ kind: 'reload', page });
        break;
      }
      case 'close-mid-send': {
        const page = anyOpenPage();
        send(page);
        wait(0, 400);
        steps.push({ kind: 'close', page });
        open.delete(page);
        // The person comes back (always when that was the only tab: someone must be there to look).
        if (open.size === 0 || random.next() < 0.5) {
          wait(200, 1500);
          steps.push({ kind: 'open', page });
          open.add(page);
        }
        break;
      }
      case 'cut-stream': {
        steps.push({ kind: 'cut', bytes: random.logInt(64, 40_000) });
        send(anyOpenPage());
        wait(300, 1500);
        steps.push({ kind: 'uncut' });
        break;
      }
      case 'kill-mid-stream': {
        send(anyOpenPage());
        wait(50, 700);
        steps.push({ kind: 'kill' });
        wait(200, 1500);
        steps.push({ kind: 'restart' });
        break;
      }
      case 'reload-any-time': {
        wait(0, 1500);
        steps.push({ kind: 'reload', page: anyOpenPage() });
        break;
      }
    }
    wait(0, 700);
  }
  return { index, dialect, pageCount, messageCount: sends, faults, steps };
}

function pickFault(/** @type {ReturnType<typeof seededRandom>} */ random) {
  const total = FAULT_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [fault, weight] of FAULT_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return fault;
  }
  return FAULT_WEIGHTS[0][0];
}

/** The text the person types: unique per message, so the server's copy can be matched to it. */
export function messageText(/** @type {number} */ schedule, /** @type {number} */ message, /** @type {string} */ runSeed) {
  const random = seededRandom(`word|${runSeed}|${schedule}|${message}`);
  return `chaos s${schedule} m${message} ${random.pick(WORDS)}`;
}

/** A one-line summary of a schedule's steps, for the log. */
export function describeSteps(/** @type {Step[]} */ steps) {
  return steps
    .map((step) => {
      switch (step.kind) {
        case 'send':
        case 'reload':
        case 'close':
        case 'open':
          return `${step.kind}@${step.page}`;
        case 'burst':
          return `burst@${step.pages.join('+')}`;
        case 'wait':
          return `${step.ms}ms`;
        case 'cut':
          return `cut@${step.bytes}B`;
        default:
          return step.kind;
      }
    })
    .join(' ');
}

/**
 * The inverse of describeSteps: a schedule written by hand (`send@0 50ms send@0 20ms reload@0`), to replay
 * exactly the interleaving that exposed a defect. Throws on a word it does not know.
 * @param {string} text
 * @param {{index: number, dialect: 'posthog' | 'agents'}} where
 * @returns {Schedule}
 */
export function parseSchedule(text, { index, dialect }) {
  /** @type {Step[]} */
  const steps = text
    .trim()
    .split(/\s+/)
    .map((word) => {
      const [kind, argument] = word.split('@');
      if (/^\d+ms$/.test(word)) return { kind: 'wait', ms: Number.parseInt(word, 10) };
      if (['send', 'reload', 'close', 'open'].includes(kind) && /^\d+$/.test(argument ?? '')) {
        return /** @type {Step} */ ({ kind, page: Number(argument) });
      }
      if (kind === 'burst' && /^\d+(\+\d+)+$/.test(argument ?? '')) return { kind, pages: argument.split('+').map(Number) };
      if (kind === 'cut' && /^\d+B$/.test(argument ?? '')) return { kind, bytes: Number.parseInt(argument, 10) };
      if (argument === undefined && ['offline', 'online', 'uncut', 'kill', 'restart'].includes(kind)) return /** @type {Step} */ ({ kind });
      throw new Error(`unknown step "${word}" (expected send@N, burst@N+M, reload@N, close@N, open@N, cut@NB, Nms, offline, online, uncut, kill, restart)`);
    });
  const pages = steps.flatMap((step) => ('page' in step ? [step.page] : 'pages' in step ? step.pages : []));
  const messageCount = steps.reduce((count, step) => count + (step.kind === 'send' ? 1 : step.kind === 'burst' ? step.pages.length : 0), 0);
  return { index, dialect, pageCount: Math.max(0, ...pages) + 1, messageCount, faults: [], steps };
}
