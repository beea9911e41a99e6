// Data frames of the agents dialect: `GET …/conversations/{cid}/data-frames` lists a conversation's frames and
// `GET …/data-frames/{name}` answers a slice as a JSON array of row objects.
//
// Every conversation has the built-in frames (a million-row sales table, ten million events, a tiny lookup
// table) plus one frame per CSV file uploaded to it. Built-in frames are never materialised: a cell is a pure
// function of (seed, row index), so they cost no memory and are identical after a restart. Ordering is a
// permutation of row indices, computed once per (frame, column, direction) with a counting/radix sort over
// 32-bit sort keys and cached; after that any slice, anywhere in the order, is a few thousand lookups.

import { createHash } from 'node:crypto';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { agentsError, agentsPath, notFound } from './http.mjs';
import { requireAgentsConversation } from './agents-conversations.mjs';
import { conversationFiles, readStoredFile } from './agents-files.mjs';

/** Column types as the JSON values show them; dates and datetimes travel as ISO strings. */
/** @typedef {'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime'} ColumnType */

/**
 * One column. `keyAt` maps a row to a sort key in [0, keyBound) that orders like the values do, or -1 for
 * null, so that every column sorts with the same integer radix sort whatever its type.
 * @typedef {object} Column
 * @property {string} name
 * @property {ColumnType} type
 * @property {(row: number) => string | number | boolean | null} valueAt
 * @property {(row: number) => number} keyAt
 * @property {number} keyBound
 */

/**
 * @typedef {object} Frame
 * @property {string} cacheKey identifies the frame's contents for the sort-order cache
 * @property {string} name
 * @property {string} description
 * @property {number} numRows
 * @property {Column[]} columns
 * @property {number} [generatedFromSeed] set on built-in generated frames: a worker can rebuild them from it
 */

/** Slices bigger than this are refused: page through a big frame instead of asking for all of it. */
export const MAX_SLICE_ROWS = 100_000;
/** `num_samples=-1` means "all rows"; for the generated frames that is capped here. */
export const MAX_SAMPLE_ROWS = 1_000;
/** Sort orders kept in memory at once (a 10M-row order is 40 MB). */
const SORT_CACHE_BYTES = 512 * 1024 * 1024;
/** Marks the worker threads this module starts to sort a generated frame. */
const SORT_WORKER_TASK = 'convo-reference-server:sort-generated-frame';

// ---------------------------------------------------------------------------------------------------------
// Deterministic cell values

/**
 * A well-mixed 32-bit hash of (seed, row, salt): murmur3's finaliser applied twice, so neighbouring rows and
 * neighbouring salts give unrelated values.
 * @param {number} seed @param {number} row @param {number} salt
 */
function hash32(seed, row, salt) {
  let h = Math.imul(row ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((seed + 0x632be5ab) ^ salt, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ salt, 0x27d4eb2f);
  h ^= h >>> 15;
  return h >>> 0;
}

/** A uniform number in [0, 1) for (seed, row, salt). @param {number} seed @param {number} row @param {number} salt */
function unit(seed, row, salt) {
  return hash32(seed, row, salt) / 4294967296;
}

/**
 * A weighted choice as a 1024-slot lookup table, so a pick is one hash and one array read.
 * @param {number[]} weights
 */
function weightedTable(weights) {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const table = new Uint16Array(1024);
  let slot = 0;
  let cumulative = 0;
  weights.forEach((weight, index) => {
    cumulative += weight;
    const end = Math.round((cumulative / total) * table.length);
    for (; slot < end; slot++) table[slot] = index;
  });
  return table;
}

/**
 * Ranks of dictionary entries in code-point order, so a text column drawn from a dictionary sorts by the
 * entry's rank.
 * @param {string[]} values
 */
function dictionaryRanks(values) {
  const order = values.map((_, i) => i).sort((a, b) => compareText(values[a], values[b]));
  const ranks = new Uint32Array(values.length);
  order.forEach((index, rank) => (ranks[index] = rank));
  return ranks;
}

/** Code-point order, as Python and pandas compare strings. @param {string} a @param {string} b */
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

const DAY_MS = 86_400_000;

/** @param {number} dayNumber days since 1970-01-01 */
function isoDate(dayNumber) {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** @param {number} seconds since the epoch */
function isoDateTime(seconds) {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

// ---------------------------------------------------------------------------------------------------------
// The built-in frames

const COUNTRIES = [
  ['United States', 'North America', 22],
  ['Canada', 'North America', 6],
  ['Mexico', 'LATAM', 4],
  ['Brazil', 'LATAM', 5],
  ['Argentina', 'LATAM', 2],
  ['Chile', 'LATAM', 1],
  ['United Kingdom', 'EMEA', 9],
  ['Germany', 'EMEA', 9],
  ['France', 'EMEA', 7],
  ['Spain', 'EMEA', 4],
  ['Italy', 'EMEA', 4],
  ['Netherlands', 'EMEA', 3],
  ['Sweden', 'EMEA', 2],
  ['Poland', 'EMEA', 2],
  ['South Africa', 'EMEA', 1],
  ['United Arab Emirates', 'EMEA', 1],
  ['Japan', 'APAC', 6],
  ['Australia', 'APAC', 4],
  ['India', 'APAC', 5],
  ['Singapore', 'APAC', 2],
  ['South Korea', 'APAC', 3],
];

/** [product, category, list price in cents, weight] */
const PRODUCTS = [
  ['Analytics Cloud — Team', 'Software', 49_900, 9],
  ['Analytics Cloud — Business', 'Software', 149_900, 5],
  ['Analytics Cloud — Enterprise', 'Software', 499_900, 2],
  ['Data Warehouse Connector', 'Software', 29_900, 6],
  ['Session Replay Add-on', 'Software', 19_900, 7],
  ['Feature Flags Add-on', 'Software', 14_900, 7],
  ['Edge Gateway G2', 'Hardware', 89_000, 3],
  ['Edge Gateway G3', 'Hardware', 129_000, 2],
  ['Rack Sensor Kit', 'Hardware', 24_500, 4],
  ['Thermal Camera T1', 'Hardware', 61_000, 2],
  ['USB-C Dock', 'Accessories', 18_900, 8],
  ['Wireless Presenter', 'Accessories', 4_900, 9],
  ['Noise-cancelling Headset', 'Accessories', 15_900, 8],
  ['27" 4K Monitor', 'Accessories', 42_900, 5],
  ['Mechanical Keyboard', 'Accessories', 11_900, 7],
  ['Onboarding Workshop', 'Services', 250_000, 2],
  ['Implementation Sprint', 'Services', 800_000, 1],
  ['Premium Support (annual)', 'Services', 360_000, 2],
  ['Data Migration', 'Services', 420_000, 1],
  ['SQL for Analysts (seat)', 'Training', 39_000, 4],
  ['Experimentation Masterclass (seat)', 'Training', 59_000, 3],
  ['Admin Certification (seat)', 'Training', 29_000, 3],
];

const CUSTOMER_FIRST = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne', 'Soylent', 'Hooli', 'Pied Piper', 'Vandelay', 'Dunder', 'Massive', 'Prestige', 'Oscorp', 'Gringotts', 'Monarch', 'Aperture', 'Black Mesa', 'Nakatomi', 'Virtucon', 'Duff', 'Sirius', 'Blue Sun', 'Oceanic', 'Rekall', 'Zorg', 'Ollivander'];
const CUSTOMER_SECOND = ['Logistics', 'Holdings', 'Labs', 'Industries', 'Foods', 'Analytics', 'Systems', 'Retail', 'Health', 'Energy', 'Media', 'Finance'];
const CUSTOMERS = CUSTOMER_FIRST.flatMap((first) => CUSTOMER_SECOND.map((second) => `${first} ${second}`));

const EVENTS = [
  ['page_view', 40],
  ['click', 25],
  ['search', 9],
  ['add_to_cart', 6],
  ['purchase', 2],
  ['sign_up', 1],
  ['login', 5],
  ['logout', 3],
  ['video_play', 4],
  ['share', 1],
  ['error', 1],
];

/**
 * A text column drawn from a dictionary: `pick(row)` gives the entry index, or -1 for null.
 * @param {string} name @param {string[]} dictionary @param {(row: number) => number} pick
 * @returns {Column}
 */
function dictionaryColumn(name, dictionary, pick) {
  const ranks = dictionaryRanks(dictionary);
  return {
    name,
    type: 'string',
    keyBound: dictionary.length,
    valueAt: (row) => {
      const index = pick(row);
      return index < 0 ? null : dictionary[index];
    },
    keyAt: (row) => {
      const index = pick(row);
      return index < 0 ? -1 : ranks[index];
    },
  };
}

/**
 * A numeric column whose sort key is the value itself shifted to start at 0 (integers, or cents for money).
 * @param {string} name @param {ColumnType} type @param {(row: number) => number} integral -1 for null
 * @param {{bound: number, scale?: number, offset?: number}} range integral values lie in [0, bound); the value
 *   shown is (integral + offset) / scale
 * @returns {Column}
 */
function integralColumn(name, type, integral, { bound, scale = 1, offset = 0 }) {
  return {
    name,
    type,
    keyBound: bound,
    valueAt: (row) => {
      const v = integral(row);
      return v < 0 ? null : (v + offset) / scale;
    },
    keyAt: integral,
  };
}

/** @param {number} seed @returns {Frame} */
function salesFrame(seed) {
  const numRows = 1_000_000;
  const countryTable = weightedTable(COUNTRIES.map(([, , weight]) => /** @type {number} */ (weight)));
  const productTable = weightedTable(PRODUCTS.map(([, , , weight]) => /** @type {number} */ (weight)));
  const regions = [...new Set(COUNTRIES.map(([, region]) => /** @type {string} */ (region)))];
  const regionOfCountry = COUNTRIES.map(([, region]) => regions.indexOf(/** @type {string} */ (region)));
  const categories = [...new Set(PRODUCTS.map(([, category]) => /** @type {string} */ (category)))];
  const categoryOfProduct = PRODUCTS.map(([, category]) => categories.indexOf(/** @type {string} */ (category)));
  const firstDay = Date.UTC(2022, 0, 1) / DAY_MS;
  const spanDays = 3 * 365;

  const country = (/** @type {number} */ row) => countryTable[hash32(seed, row, 1) & 1023];
  const product = (/** @type {number} */ row) => productTable[hash32(seed, row, 2) & 1023];
  // Orders arrive over three years in order-id order, with a few days of jitter so dates are not sorted.
  const day = (/** @type {number} */ row) => Math.min(spanDays + 6, Math.max(0, Math.floor((row * spanDays) / numRows) + (hash32(seed, row, 3) % 7)));
  const quantity = (/** @type {number} */ row) => 1 + Math.floor(unit(seed, row, 4) ** 3 * 40);
  const unitPriceCents = (/** @type {number} */ row) => {
    const list = /** @type {number} */ (PRODUCTS[product(row)][2]);
    return Math.round(list * (0.9 + 0.2 * unit(seed, row, 5)));
  };
  const discountPercent = (/** @type {number} */ row) => {
    const h = hash32(seed, row, 6);
    return h % 10 === 0 ? -1 : [0, 0, 0, 5, 5, 10, 10, 15, 20, 25][(h >>> 8) % 10];
  };
  const revenueCents = (/** @type {number} */ row) => {
    const discount = Math.max(0, discountPercent(row));
    return Math.round((quantity(row) * unitPriceCents(row) * (100 - discount)) / 100);
  };
  const maxRevenueCents = 40 * Math.round(800_000 * 1.1) + 1;

  return {
    cacheKey: `built-in:sales_1m:${seed}`,
    generatedFromSeed: seed,
    name: 'sales_1m',
    description: 'One million order lines, 2022–2024: one row per order line with customer, product, price, discount and revenue. Some customers, discounts and return flags are unknown (null).',
    numRows,
    columns: [
      integralColumn('order_id', 'integer', (row) => row, { bound: numRows, offset: 100_001 }),
      {
        name: 'order_date',
        type: 'date',
        keyBound: spanDays + 7,
        valueAt: (row) => isoDate(firstDay + day(row)),
        keyAt: day,
      },
      dictionaryColumn('region', regions, (row) => regionOfCountry[country(row)]),
      dictionaryColumn('country', COUNTRIES.map(([name]) => /** @type {string} */ (name)), country),
      dictionaryColumn('customer', CUSTOMERS, (row) => {
        const h = hash32(seed, row, 7);
        return h % 33 === 0 ? -1 : (h >>> 8) % CUSTOMERS.length;
      }),
      dictionaryColumn('product', PRODUCTS.map(([name]) => /** @type {string} */ (name)), product),
      dictionaryColumn('category', categories, (row) => categoryOfProduct[product(row)]),
      integralColumn('quantity', 'integer', quantity, { bound: 41 }),
      integralColumn('unit_price', 'number', unitPriceCents, { bound: Math.round(800_000 * 1.1) + 1, scale: 100 }),
      integralColumn('discount', 'number', discountPercent, { bound: 26, scale: 100 }),
      integralColumn('revenue', 'number', revenueCents, { bound: maxRevenueCents, scale: 100 }),
      {
        name: 'returned',
        type: 'boolean',
        keyBound: 2,
        valueAt: (row) => {
          const h = hash32(seed, row, 8);
          return h % 97 === 0 ? null : (h >>> 8) % 100 < 4;
        },
        keyAt: (row) => {
          const h = hash32(seed, row, 8);
          return h % 97 === 0 ? -1 : (h >>> 8) % 100 < 4 ? 1 : 0;
        },
      },
    ],
  };
}

/** @param {number} seed @returns {Frame} */
function eventsFrame(seed) {
  const numRows = 10_000_000;
  const eventTable = weightedTable(EVENTS.map(([, weight]) => /** @type {number} */ (weight)));
  const firstSecond = Date.UTC(2025, 0, 1) / 1000;
  const spanSeconds = 365 * 86_400;
  // Events are logged in id order, a few per second, with up to a minute of clock skew between sources.
  const second = (/** @type {number} */ row) => Math.floor((row * spanSeconds) / numRows) + (hash32(seed, row, 11) % 60);
  return {
    cacheKey: `built-in:events_10m:${seed}`,
    generatedFromSeed: seed,
    name: 'events_10m',
    description: 'Ten million product analytics events from 2025: who did what, when, on which device and for how long. Duration is null for instant events.',
    numRows,
    columns: [
      integralColumn('event_id', 'integer', (row) => row, { bound: numRows, offset: 1 }),
      {
        name: 'occurred_at',
        type: 'datetime',
        keyBound: spanSeconds + 60,
        valueAt: (row) => isoDateTime(firstSecond + second(row)),
        keyAt: second,
      },
      integralColumn('user_id', 'integer', (row) => hash32(seed, row, 12) % 250_000, { bound: 250_000, offset: 1 }),
      dictionaryColumn('event', EVENTS.map(([name]) => /** @type {string} */ (name)), (row) => eventTable[hash32(seed, row, 13) & 1023]),
      integralColumn(
        'duration_ms',
        'integer',
        (row) => {
          const h = hash32(seed, row, 14);
          return h % 7 === 0 ? -1 : Math.floor(unit(seed, row, 15) ** 2 * 120_000);
        },
        { bound: 120_000 },
      ),
      {
        name: 'is_mobile',
        type: 'boolean',
        keyBound: 2,
        valueAt: (row) => hash32(seed, row, 16) % 100 < 58,
        keyAt: (row) => (hash32(seed, row, 16) % 100 < 58 ? 1 : 0),
      },
    ],
  };
}

/** The small lookup table: eight currencies' exchange rates. @returns {Frame} */
function exchangeRatesFrame() {
  return tableFrame({
    cacheKey: 'built-in:fx_rates',
    name: 'fx_rates',
    description: 'Exchange rates to US dollars used to convert revenue, as of the first business day of 2025.',
    headers: ['currency', 'name', 'usd_per_unit', 'as_of'],
    types: ['string', 'string', 'number', 'date'],
    rows: [
      ['USD', 'US dollar', 1, '2025-01-02'],
      ['EUR', 'Euro', 1.0354, '2025-01-02'],
      ['GBP', 'Pound sterling', 1.2474, '2025-01-02'],
      ['JPY', 'Japanese yen', 0.00636, '2025-01-02'],
      ['CAD', 'Canadian dollar', 0.6951, '2025-01-02'],
      ['BRL', 'Brazilian real', 0.1619, '2025-01-02'],
      ['INR', 'Indian rupee', 0.01166, '2025-01-02'],
      ['AUD', 'Australian dollar', 0.6199, '2025-01-02'],
    ],
  });
}

/** @type {Map<number, Frame[]>} built-in frames per seed, built once */
const builtInsBySeed = new Map();

/** The frames every conversation has. @param {number} seed */
export function builtInFrames(seed) {
  let frames = builtInsBySeed.get(seed);
  if (!frames) {
    frames = [salesFrame(seed), eventsFrame(seed), exchangeRatesFrame()];
    builtInsBySeed.set(seed, frames);
  }
  return frames;
}

// ---------------------------------------------------------------------------------------------------------
// Frames held as columns of values (CSV uploads, the small built-in table)

/**
 * @param {{cacheKey: string, name: string, description: string, headers: string[], types: ColumnType[], rows: (string | number | boolean | null)[][]}} table
 * @returns {Frame}
 */
export function tableFrame({ cacheKey, name, description, headers, types, rows }) {
  const columns = headers.map((header, c) => valueColumn(header, types[c], rows.map((row) => row[c] ?? null)));
  return { cacheKey, name, description, numRows: rows.length, columns };
}

/**
 * A column over stored values. Its sort keys are the ranks of the distinct values, computed when first asked.
 * @param {string} name @param {ColumnType} type @param {(string | number | boolean | null)[]} values
 * @returns {Column}
 */
function valueColumn(name, type, values) {
  /** @type {Int32Array | null} */
  let ranks = null;
  let keyBound = 0;
  const ensureRanks = () => {
    if (ranks) return ranks;
    ranks = new Int32Array(values.length);
    if (type === 'string' || type === 'date') {
      // Array sort's default order is code-unit order, which is compareText's, without a comparator call.
      const distinct = [...new Set(values.filter((v) => v !== null))].sort();
      const rankOf = new Map(distinct.map((v, i) => [v, i]));
      for (let row = 0; row < values.length; row++) ranks[row] = values[row] === null ? -1 : /** @type {number} */ (rankOf.get(/** @type {string} */ (values[row])));
      keyBound = distinct.length;
      return ranks;
    }
    // Numbers, booleans and date-times rank by a numeric sort of their distinct values and a binary search.
    const numeric = (/** @type {string | number | boolean} */ v) => (type === 'datetime' ? Date.parse(/** @type {string} */ (v)) : Number(v));
    const sorted = new Float64Array(values.length);
    let present = 0;
    for (const v of values) if (v !== null) sorted[present++] = numeric(v);
    sorted.subarray(0, present).sort();
    let distinct = 0;
    for (let i = 0; i < present; i++) if (distinct === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i];
    for (let row = 0; row < values.length; row++) {
      const v = values[row];
      ranks[row] = v === null ? -1 : lowerBound(sorted, distinct, numeric(v));
    }
    keyBound = distinct;
    return ranks;
  };
  return {
    name,
    type,
    get keyBound() {
      ensureRanks();
      return keyBound;
    },
    valueAt: (row) => values[row],
    keyAt: (row) => /** @type {Int32Array} */ (ensureRanks())[row],
  };
}

/** The index of `value` in the first `length` entries of a sorted array. @param {Float64Array} sorted @param {number} length @param {number} value */
function lowerBound(sorted, length, value) {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

// ---------------------------------------------------------------------------------------------------------
// CSV uploads

/** Cells pandas reads as missing by default. */
const NULL_TOKENS = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'None', '#N/A', '<NA>']);
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN = /^(?:true|false)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 4180 CSV: quoted fields with doubled quotes, CRLF/LF/CR line ends, a BOM. Blank lines are skipped, as
 * pandas does. Unquoted fields are sliced, never built a character at a time, so a 20 MB upload parses in
 * well under a second.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  /** @type {string[][]} */
  const records = [];
  /** @type {string[]} */
  let record = [];
  let onlyFieldQuoted = false;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    // A line with nothing on it is blank; a line holding just `""` is one empty field.
    if (!(record.length === 1 && record[0] === '' && !onlyFieldQuoted)) records.push(record);
    record = [];
  };
  while (i < n) {
    let value;
    const quoted = text.charCodeAt(i) === QUOTE;
    if (quoted) {
      value = '';
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1) throw new Error('unterminated quoted field');
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) !== QUOTE) {
          i = close + 1;
          break;
        }
        value += '"';
        from = close + 2;
      }
    } else {
      value = '';
    }
    // The unquoted field, or whatever follows a closing quote up to the delimiter (kept, as lenient readers do).
    let end = i;
    for (; end < n; end++) {
      const c = text.charCodeAt(end);
      if (c === COMMA || c === LF || c === CR) break;
    }
    value += text.slice(i, end);
    i = end;
    onlyFieldQuoted = record.length === 0 && quoted;
    record.push(value);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      if (i >= n) record.push('');
      continue;
    }
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    endRecord();
  }
  if (record.length > 0) endRecord();
  return records;
}

/**
 * Header names as pandas makes them unique: blanks become `Unnamed: N`, repeats get `.1`, `.2`, ….
 * @param {string[]} raw
 */
function uniqueHeaders(raw) {
  const seen = new Map();
  return raw.map((header, index) => {
    const base = header.trim() === '' ? `Unnamed: ${index}` : header;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}.${count}`;
  });
}

/**
 * The narrowest type every non-null cell of a column fits, in pandas' spirit (integers, then floats,
 * booleans, ISO dates and datetimes, else text).
 * @param {(string | null)[]} cells
 * @returns {ColumnType}
 */
function inferType(cells) {
  // Every type still possible; a cell rules out the ones it does not fit, so most columns settle quickly.
  let integer = true;
  let number = true;
  let boolean = true;
  let date = true;
  let datetime = true;
  let present = 0;
  for (const cell of cells) {
    if (cell === null) continue;
    present++;
    if (integer && !(INTEGER.test(cell) && Number.isSafeInteger(Number(cell)))) integer = false;
    if (number && !NUMBER.test(cell)) number = false;
    if (boolean && !BOOLEAN.test(cell)) boolean = false;
    if (date && !(DATE.test(cell) && !Number.isNaN(Date.parse(cell)))) date = false;
    if (datetime && !(DATETIME.test(cell) && !Number.isNaN(Date.parse(cell)))) datetime = false;
    if (!integer && !number && !boolean && !date && !datetime) return 'string';
  }
  if (present === 0) return 'string';
  return integer ? 'integer' : number ? 'number' : boolean ? 'boolean' : date ? 'date' : datetime ? 'datetime' : 'string';
}

/** @param {string | null} cell @param {ColumnType} type */
function typedCell(cell, type) {
  if (cell === null) return null;
  if (type === 'integer' || type === 'number') return Number(cell);
  if (type === 'boolean') return cell.toLowerCase() === 'true';
  return cell;
}

/**
 * A CSV's records (header first) when it reads as a table: it parses, has a header, and no row is longer
 * than the header. Null otherwise.
 * @param {string} text
 */
function csvRecords(text) {
  let records;
  try {
    records = parseCsv(text);
  } catch {
    return null;
  }
  if (records.length === 0) return null;
  const width = records[0].length;
  return records.every((record) => record.length <= width) ? records : null;
}

/**
 * A frame from an uploaded CSV file, or null when the file is not a table (no header, or a row longer than
 * the header: pandas refuses those too). Short rows are padded with nulls. Cells go straight into one array
 * per column, typed in place, so a large upload makes no per-row copies.
 * @param {{cacheKey: string, name: string, fileRef: string, text: string}} upload
 * @returns {Frame | null}
 */
export function csvFrame({ cacheKey, name, fileRef, text }) {
  const records = csvRecords(text);
  if (!records) return null;
  const headers = uniqueHeaders(records[0]);
  const numRows = records.length - 1;
  /** @type {(string | number | boolean | null)[][]} */
  const columns = headers.map(() => new Array(numRows));
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    for (let c = 0; c < headers.length; c++) {
      const cell = c < record.length ? record[c] : '';
      columns[c][r - 1] = NULL_TOKENS.has(cell) ? null : cell;
    }
  }
  return {
    cacheKey,
    name,
    description: `Uploaded file ${fileRef}: ${numRows} rows, ${headers.length} columns.`,
    numRows,
    columns: headers.map((header, c) => {
      const values = columns[c];
      const type = inferType(/** @type {(string | null)[]} */ (values));
      for (let r = 0; r < numRows; r++) values[r] = typedCell(/** @type {string | null} */ (values[r]), type);
      return valueColumn(header, type, values);
    }),
  };
}

/**
 * The frame name for an uploaded CSV: its file name without the extension, reduced to letters, digits and
 * underscores, made unique among the names already taken.
 * @param {string} fileRef @param {Set<string>} taken
 */
export function frameNameForFile(fileRef, taken) {
  const stem = fileRef.replace(/\.[^.]*$/, '');
  const base =
    stem
      .normalize('NFKD')
      .replace(/[^\w]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .toLowerCase() || 'data';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

// ---------------------------------------------------------------------------------------------------------
// Ordering and slicing

/**
 * Row indices in sorted order: ascending or descending by key, nulls last either way (as pandas'
 * sort_values), ties in row order. An LSD radix sort on 16-bit digits: one or two counting passes over the
 * rows, whatever the column type.
 * @param {Column} column @param {number} numRows @param {boolean} descending
 * @returns {Uint32Array}
 */
export function sortedRowOrder(column, numRows, descending) {
  const bound = column.keyBound;
  // Keys laid out so an ascending sort gives the wanted order; null sorts after every value.
  const keys = new Uint32Array(numRows);
  for (let row = 0; row < numRows; row++) {
    const key = column.keyAt(row);
    keys[row] = key < 0 ? bound : descending ? bound - 1 - key : key;
  }
  let order = new Uint32Array(numRows);
  const counts = new Uint32Array(65_537);
  // First digit: rows are visited in index order, which is what keeps ties in row order.
  for (let row = 0; row < numRows; row++) counts[(keys[row] & 0xffff) + 1]++;
  for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
  for (let row = 0; row < numRows; row++) order[counts[keys[row] & 0xffff]++] = row;
  if (bound <= 0xffff) return order;
  const next = new Uint32Array(numRows);
  counts.fill(0);
  for (let i = 0; i < numRows; i++) counts[(keys[order[i]] >>> 16) + 1]++;
  for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
  for (let i = 0; i < numRows; i++) {
    const row = order[i];
    next[counts[keys[row] >>> 16]++] = row;
  }
  order = next;
  return order;
}

/**
 * Computes an order off the main thread: the built-in frames are a function of the seed, so a worker rebuilds
 * the frame and sorts it there, and a 10M-row sort (about a second) never stalls other requests or streams.
 * @param {Frame} frame @param {Column} column @param {boolean} descending @param {Set<Worker>} running
 * @returns {Promise<Uint32Array>}
 */
function sortInWorker(frame, column, descending, running) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { task: SORT_WORKER_TASK, seed: frame.generatedFromSeed, frameName: frame.name, columnName: column.name, descending },
    });
    running.add(worker);
    worker.once('message', (order) => resolve(order));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      running.delete(worker);
      reject(new Error(`sort worker exited with code ${code} before answering`));
    });
  });
}

/**
 * Sort orders by (frame contents, column, direction), least recently used dropped past a byte budget.
 * Concurrent requests for the same order share one computation.
 */
export class SortOrderCache {
  constructor(maxBytes = SORT_CACHE_BYTES) {
    this.maxBytes = maxBytes;
    /** @type {Map<string, Promise<Uint32Array>>} in use order, oldest first */
    this.orders = new Map();
    /** @type {Map<string, number>} sizes of the computed orders */
    this.sizes = new Map();
    this.bytes = 0;
    /** @type {Set<Worker>} */
    this.workers = new Set();
  }

  /** @param {Frame} frame @param {Column} column @param {boolean} descending @returns {Promise<Uint32Array>} */
  get(frame, column, descending) {
    const key = `${frame.cacheKey}\u0000${column.name}\u0000${descending ? 'desc' : 'asc'}`;
    const cached = this.orders.get(key);
    if (cached) {
      this.orders.delete(key);
      this.orders.set(key, cached);
      return cached;
    }
    const computing =
      frame.generatedFromSeed === undefined
        ? Promise.resolve(sortedRowOrder(column, frame.numRows, descending))
        : sortInWorker(frame, column, descending, this.workers);
    this.orders.set(key, computing);
    computing.then(
      (order) => {
        if (this.orders.get(key) !== computing) return;
        this.sizes.set(key, order.byteLength);
        this.bytes += order.byteLength;
        this.evict(key);
      },
      () => this.orders.delete(key),
    );
    return computing;
  }

  /** @param {string} keep the order just computed */
  evict(keep) {
    for (const key of this.orders.keys()) {
      if (this.bytes <= this.maxBytes) break;
      const size = this.sizes.get(key);
      if (key === keep || size === undefined) continue;
      this.orders.delete(key);
      this.sizes.delete(key);
      this.bytes -= size;
    }
  }

  /** Stops sorts still running (the server is closing). */
  close() {
    for (const worker of this.workers) void worker.terminate();
    this.workers.clear();
  }
}

/**
 * The rows [offset, offset + limit) of a frame, optionally in the order of one column, as objects keyed by the
 * selected column names.
 * @param {Frame} frame
 * @param {{offset: number, limit: number, columns: Column[], order: Uint32Array | null}} slice
 */
export function sliceRows(frame, { offset, limit, columns, order }) {
  const end = Math.min(frame.numRows, offset + limit);
  const rows = [];
  for (let i = offset; i < end; i++) {
    const row = order ? order[i] : i;
    /** @type {Record<string, unknown>} */
    const record = {};
    for (const column of columns) record[column.name] = column.valueAt(row);
    rows.push(record);
  }
  return rows;
}

/** The first rows as arrays in column order, for a listing's `sample_rows`. @param {Frame} frame @param {number} count */
function sampleRows(frame, count) {
  const rows = [];
  for (let row = 0; row < Math.min(count, frame.numRows); row++) rows.push(frame.columns.map((column) => column.valueAt(row)));
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// A conversation's frames

/**
 * A stable uuid-shaped id for a frame of a conversation, so listings agree across requests and restarts; a
 * re-uploaded CSV is new contents and gets a new id.
 * @param {string} conversationId @param {Frame} frame
 */
function frameId(conversationId, frame) {
  const hex = createHash('sha256').update(`${conversationId}\u0000${frame.cacheKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * @typedef {object} ListedFrame
 * @property {Frame} frame
 * @property {string} createdAt
 */

/**
 * Every frame of a conversation: the built-ins (there since the conversation began), then its CSV uploads in
 * upload order.
 * @param {import('./index.mjs').App} app @param {{id: string, created_at: string}} conversation
 * @param {Map<string, Frame | null>} csvFramesByFileId parsed uploads; a stored file never changes, so
 *   neither does its frame
 * @returns {ListedFrame[]}
 */
function conversationFrames(app, conversation, csvFramesByFileId) {
  /** @type {ListedFrame[]} */
  const frames = builtInFrames(app.options.seed).map((frame) => ({ frame, createdAt: conversation.created_at }));
  for (const file of conversationFiles(app.store, conversation.id)) {
    if (!file.data_frame_name) continue;
    let frame = csvFramesByFileId.get(file.file_id);
    if (frame === undefined) {
      frame = csvFrame({ cacheKey: `csv:${file.file_id}`, name: file.data_frame_name, fileRef: file.file_ref, text: readStoredFile(app, file).toString('utf8') });
      csvFramesByFileId.set(file.file_id, frame);
    }
    if (frame) frames.push({ frame, createdAt: file.created_at });
  }
  return frames;
}

/** Names a new CSV frame may not take in a conversation. @param {import('./index.mjs').App} app @param {string} conversationId @param {string} replacingFileRef */
export function takenFrameNames(app, conversationId, replacingFileRef) {
  const taken = new Set(builtInFrames(app.options.seed).map((frame) => frame.name));
  for (const file of conversationFiles(app.store, conversationId)) {
    if (file.data_frame_name && file.file_ref !== replacingFileRef) taken.add(file.data_frame_name);
  }
  return taken;
}

/**
 * Whether a stored CSV upload reads as a table; the files module names a frame only for those.
 * @param {Buffer} bytes
 */
export function isTabularCsv(bytes) {
  return csvRecords(bytes.toString('utf8')) !== null;
}

// ---------------------------------------------------------------------------------------------------------
// Routes

/**
 * @param {import('./http.mjs').Context} ctx @param {string} name
 * @returns {number | null}
 */
function integerParam(ctx, name) {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return null;
  if (!/^-?\d+$/.test(raw)) throw agentsError(400, 'bad_request', `${name} must be an integer, got ${JSON.stringify(raw)}.`);
  return Number(raw);
}

/**
 * @param {import('./http.mjs').Router} router
 * @param {import('./index.mjs').App} app
 */
export function registerDataFrames(router, app) {
  const sortOrders = new SortOrderCache();
  app.onClose(() => sortOrders.close());
  /** @type {Map<string, Frame | null>} */
  const csvFrames = new Map();

  router.add('GET', agentsPath('conversations/:cid/data-frames'), async (ctx) => {
    const conversation = requireAgentsConversation(app.store, ctx.params.cid);
    const requested = integerParam(ctx, 'num_samples') ?? 0;
    if (requested < -1) throw agentsError(400, 'bad_request', 'num_samples must be -1 (all rows), 0 or a positive number.');
    const body = conversationFrames(app, conversation, csvFrames).map(({ frame, createdAt }) => ({
      data_frame_id: frameId(conversation.id, frame),
      name: frame.name,
      num_rows: frame.numRows,
      num_columns: frame.columns.length,
      column_headers: frame.columns.map((column) => column.name),
      sample_rows: sampleRows(frame, requested === -1 ? Math.min(frame.numRows, MAX_SAMPLE_ROWS) : Math.min(requested, MAX_SAMPLE_ROWS)),
      description: frame.description,
      created_at: createdAt,
    }));
    ctx.send(200, body);
  });

  router.add('GET', agentsPath('conversations/:cid/data-frames/:name'), async (ctx) => {
    const conversation = requireAgentsConversation(app.store, ctx.params.cid);
    const listed = conversationFrames(app, conversation, csvFrames).find(({ frame }) => frame.name === ctx.params.name);
    if (!listed) throw notFound('agents', `Data frame ${JSON.stringify(ctx.params.name)} not found in this conversation.`);
    const { frame } = listed;

    const format = ctx.query.get('output_format') ?? 'json';
    if (format !== 'json') {
      throw agentsError(400, 'bad_request', `output_format=${format} is not supported by this reference server: only output_format=json is (the real server also answers parquet bytes).`);
    }
    const offset = integerParam(ctx, 'offset') ?? 0;
    if (offset < 0) throw agentsError(400, 'bad_request', 'offset must not be negative.');
    const limit = integerParam(ctx, 'limit') ?? Math.max(0, frame.numRows - offset);
    if (limit < 0) throw agentsError(400, 'bad_request', 'limit must not be negative.');
    if (Math.min(limit, frame.numRows - offset) > MAX_SLICE_ROWS) {
      throw agentsError(400, 'bad_request', `This slice would hold more than ${MAX_SLICE_ROWS} rows; page through ${frame.name} with offset and limit.`);
    }

    const columnOf = (/** @type {string} */ name, /** @type {string} */ param) => {
      const column = frame.columns.find((c) => c.name === name);
      if (!column) throw agentsError(400, 'bad_request', `${param}: unknown column ${JSON.stringify(name)} in ${frame.name} (columns: ${frame.columns.map((c) => c.name).join(', ')}).`);
      return column;
    };
    const namesParam = ctx.query.get('column_names');
    const columns = namesParam ? namesParam.split(',').map((name) => columnOf(name.trim(), 'column_names')) : frame.columns;

    const orderBy = ctx.query.get('order_by');
    let order = null;
    if (orderBy) {
      const descending = orderBy.startsWith('-');
      order = await sortOrders.get(frame, columnOf(descending ? orderBy.slice(1) : orderBy, 'order_by'), descending);
    }
    ctx.send(200, sliceRows(frame, { offset, limit, columns, order }));
  });
}

// A sort worker started by sortInWorker(): rebuild the generated frame, sort, hand the order back (transferred,
// not copied).
if (!isMainThread && workerData?.task === SORT_WORKER_TASK) {
  const frame = builtInFrames(workerData.seed).find((candidate) => candidate.name === workerData.frameName);
  const column = frame?.columns.find((candidate) => candidate.name === workerData.columnName);
  if (!frame || !column) throw new Error(`sort worker: no column ${workerData.columnName} in ${workerData.frameName}`);
  const order = sortedRowOrder(column, frame.numRows, workerData.descending);
  parentPort?.postMessage(order, [/** @type {ArrayBuffer} */ (order.buffer)]);
}
