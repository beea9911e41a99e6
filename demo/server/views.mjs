// Saved inbox views (named ticket filters), PostHog dialect: `/api/environments/{id}/conversations/views/`
// and the same under `/api/projects/{id}/`. List (newest first, limit/offset pages), create, retrieve and
// delete by `short_id`. There is no update: PATCH and PUT answer 405 as DRF does for a method a viewset lacks.
// (PostHog's newer TicketViewViewSet, products/conversations/backend/api/ticket_views.py, adds PATCH with
// `is_favorited` and `visibility`; the endpoint list this server follows has none, so neither does it.)
// Validation as the serializer's: name required, not blank, at most 400 characters; filters an object whose
// Python json.dumps is at most 10,000 characters ("Filters payload is too large.").

import { randomBytes, randomUUID } from 'node:crypto';
import { notFound, paginatePosthog, posthogError, posthogPaths } from './http.mjs';
import { API_USER, TEAM_USERS } from './tickets.mjs';

export const VIEWS_COLLECTION = 'ticket-views';
const MAX_NAME_LENGTH = 400;
const MAX_FILTERS_SIZE = 10_000;
const SHORT_ID_LENGTH = 12;
const SHORT_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * @typedef {object} ViewRecord
 * @property {string} id
 * @property {string} short_id
 * @property {string} name
 * @property {Record<string, unknown>} filters
 * @property {string} created_at
 * @property {object | null} created_by
 */

/** @param {(count: number) => Uint8Array} bytes */
export function newShortId(bytes = randomBytes) {
  return Array.from(bytes(SHORT_ID_LENGTH), (byte) => SHORT_ID_ALPHABET[byte % SHORT_ID_ALPHABET.length]).join('');
}

/**
 * How long Python's json.dumps (default separators `, ` and `: `, ASCII escapes) writes a value: the size
 * PostHog checks filters against.
 * @param {unknown} value
 * @returns {number}
 */
export function pythonJsonLength(value) {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value).length : pythonFloatLength(value);
  if (typeof value === 'string') {
    // Python escapes every UTF-16 unit past ASCII as \uXXXX; JSON.stringify leaves them as they are.
    const escaped = JSON.stringify(value);
    let length = 0;
    for (let i = 0; i < escaped.length; i++) length += escaped.charCodeAt(i) > 0x7f ? 6 : 1;
    return length;
  }
  if (Array.isArray(value)) return 2 + value.reduce((sum, item) => sum + pythonJsonLength(item), 0) + Math.max(0, value.length - 1) * 2;
  const entries = Object.entries(/** @type {object} */ (value));
  return 2 + entries.reduce((sum, [key, item]) => sum + pythonJsonLength(key) + 2 + pythonJsonLength(item), 0) + Math.max(0, entries.length - 1) * 2;
}

/** Python writes 1.0 where JavaScript writes 1, and 1e+21 as 1e+21 too. @param {number} value */
function pythonFloatLength(value) {
  return Number.isFinite(value) ? String(value).length : value > 0 ? 8 : value < 0 ? 9 : 3;
}

/** @param {ViewRecord} view */
function viewBody(view) {
  const { id, short_id, name, filters, created_at, created_by } = view;
  return { id, short_id, name, filters, created_at, created_by };
}

/** @param {string} attr @param {string} detail @param {string} code */
function fieldError(attr, detail, code) {
  return posthogError(400, { type: 'validation_error', code, detail, attr });
}

/**
 * The fields of a create body, validated as TicketViewSerializer does.
 * @param {unknown} body
 */
export function validateView(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw posthogError(400, { type: 'validation_error', code: 'invalid', detail: `Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`, attr: null });
  }
  const input = /** @type {Record<string, unknown>} */ (body);
  if (!Object.hasOwn(input, 'name')) throw fieldError('name', 'This field is required.', 'required');
  if (input.name === null) throw fieldError('name', 'This field may not be null.', 'null');
  if (typeof input.name !== 'string' && typeof input.name !== 'number') throw fieldError('name', 'Not a valid string.', 'invalid');
  const name = String(input.name).trim();
  if (name === '') throw fieldError('name', 'This field may not be blank.', 'blank');
  if (name.length > MAX_NAME_LENGTH) throw fieldError('name', `Ensure this field has no more than ${MAX_NAME_LENGTH} characters.`, 'max_length');
  const filters = input.filters ?? {};
  if (input.filters === null) throw fieldError('filters', 'This field may not be null.', 'null');
  if (typeof filters !== 'object' || Array.isArray(filters)) {
    throw fieldError('filters', `Expected a dictionary of items but got type "${Array.isArray(filters) ? 'list' : typeof filters === 'string' ? 'str' : typeof filters}".`, 'not_a_dict');
  }
  if (pythonJsonLength(filters) > MAX_FILTERS_SIZE) throw fieldError('filters', 'Filters payload is too large.', 'invalid');
  return { name, filters: /** @type {Record<string, unknown>} */ (filters) };
}

/** The demo's saved views: what a support team keeps one click away. */
const SEEDED_VIEWS = [
  { name: 'My open tickets', filters: { status: ['new', 'open'], assignee: 'user:1', order: '-updated_at' } },
  { name: 'SLA at risk', filters: { status: ['new', 'open', 'pending'], sla: 'at-risk', order: 'sla_due_at' } },
  { name: 'Unassigned, high priority', filters: { priority: ['high'], assignee: 'unassigned', order: '-created_at' } },
  { name: 'Billing questions this week', filters: { tags: ['billing', 'refund'], dateFrom: '-7d', order: '-updated_at' } },
  { name: 'Slack escalations', filters: { channel: 'slack', status: ['open', 'pending', 'on_hold'], order: '-updated_at' } },
];

/**
 * @param {import('./http.mjs').Router} router
 * @param {import('./index.mjs').App} app
 */
export function registerViews(router, app) {
  const views = app.store.collection(VIEWS_COLLECTION);
  if (app.store.isFresh) seedViews(views, app.options.seed);
  const base = 'conversations/views/';
  const requireView = (/** @type {import('./http.mjs').Context} */ ctx) => {
    const view = views.get(ctx.params.shortId);
    if (!view) throw notFound('posthog');
    return view;
  };

  router.add('GET', posthogPaths(base), async (ctx) => {
    const newestFirst = views.values().sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
    const page = paginatePosthog(ctx, newestFirst);
    ctx.send(200, { ...page, results: page.results.map(viewBody) });
  });

  router.add('POST', posthogPaths(base), async (ctx) => {
    const { name, filters } = validateView(await ctx.readJson());
    let shortId = newShortId();
    while (views.has(shortId)) shortId = newShortId();
    /** @type {ViewRecord} */
    const view = { id: randomUUID(), short_id: shortId, name, filters, created_at: new Date().toISOString(), created_by: API_USER };
    views.set(shortId, view);
    ctx.send(201, viewBody(view));
  });

  router.add('GET', posthogPaths(`${base}:shortId/`), async (ctx) => {
    ctx.send(200, viewBody(requireView(ctx)));
  });

  router.add('DELETE', posthogPaths(`${base}:shortId/`), async (ctx) => {
    views.delete(requireView(ctx).short_id);
    ctx.send(204);
  });
}

/**
 * Seeds the demo's views with ids derived from the seed, one a day apart so the list order is meaningful.
 * @param {import('./store.mjs').Collection<ViewRecord>} views @param {number} seed
 */
function seedViews(views, seed) {
  let state = (seed * 2654435761) >>> 0 || 1;
  const seededBytes = (/** @type {number} */ count) =>
    Uint8Array.from({ length: count }, () => {
      state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      return state >>> 24;
    });
  const now = Date.now();
  SEEDED_VIEWS.forEach(({ name, filters }, index) => {
    const shortId = newShortId(seededBytes);
    const idHex = Array.from(seededBytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
    views.set(shortId, {
      id: `${idHex.slice(0, 8)}-${idHex.slice(8, 12)}-4${idHex.slice(13, 16)}-a${idHex.slice(17, 20)}-${idHex.slice(20, 32)}`,
      short_id: shortId,
      name,
      filters,
      created_at: new Date(now - (SEEDED_VIEWS.length - index) * 86_400_000).toISOString(),
      created_by: TEAM_USERS[index % TEAM_USERS.length],
    });
  });
}
