// Customer profile configs, PostHog dialect: `/api/environments/{id}/customer_profile_configs/` and the same
// under `/api/projects/{id}/`: what the person panel beside a ticket shows. List (limit/offset pages),
// create (201), retrieve and PATCH; no PUT or DELETE in the endpoint list this server follows (405).
// Shape and validation from PostHog's CustomerProfileConfigSerializer
// (products/customer_analytics/backend/api/…): {id, scope, content, sidebar, created_at, updated_at}; scope is
// one of person, group_0 … group_4 (a ChoiceField: `"x" is not a valid choice.`); content and sidebar are
// JSON objects or arrays (null becomes {}; anything else is "Invalid value for field '<name>'"). In PostHog's
// app both hold TipTap/notebook node lists such as `{type: 'ph-person', attrs: {title: 'Info'}}`.

import { randomUUID } from 'node:crypto';
import { notFound, paginatePosthog, posthogError, posthogPaths } from './http.mjs';

export const PROFILE_CONFIGS_COLLECTION = 'customer-profile-configs';
export const PROFILE_SCOPES = ['person', 'group_0', 'group_1', 'group_2', 'group_3', 'group_4'];

/**
 * @typedef {object} ProfileConfig
 * @property {string} id
 * @property {string} scope
 * @property {object} content
 * @property {object} sidebar
 * @property {string} created_at
 * @property {string | null} updated_at
 */

/** @param {string} attr @param {string} detail @param {string} code */
function fieldError(attr, detail, code) {
  return posthogError(400, { type: 'validation_error', code, detail, attr });
}

/**
 * The fields a create (`partial` false) or PATCH body sets.
 * @param {unknown} body @param {boolean} partial
 * @returns {Partial<Pick<ProfileConfig, 'scope' | 'content' | 'sidebar'>>}
 */
export function validateProfileConfig(body, partial) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw posthogError(400, { type: 'validation_error', code: 'invalid', detail: `Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`, attr: null });
  }
  const input = /** @type {Record<string, unknown>} */ (body);
  /** @type {Partial<Pick<ProfileConfig, 'scope' | 'content' | 'sidebar'>>} */
  const fields = {};
  if (Object.hasOwn(input, 'scope')) {
    if (input.scope === null) throw fieldError('scope', 'This field may not be null.', 'null');
    if (!PROFILE_SCOPES.includes(/** @type {string} */ (input.scope))) throw fieldError('scope', `"${String(input.scope)}" is not a valid choice.`, 'invalid_choice');
    fields.scope = /** @type {string} */ (input.scope);
  } else if (!partial) {
    throw fieldError('scope', 'This field is required.', 'required');
  }
  for (const name of /** @type {const} */ (['content', 'sidebar'])) {
    if (!Object.hasOwn(input, name)) {
      if (!partial) fields[name] = {};
      continue;
    }
    const value = input[name];
    if (value !== null && typeof value !== 'object') throw fieldError(name, `Invalid value for field '${name}'`, 'invalid');
    fields[name] = value ?? {};
  }
  return fields;
}

/** @param {ProfileConfig} config */
function configBody(config) {
  const { id, scope, content, sidebar, created_at, updated_at } = config;
  return { id, scope, content, sidebar, created_at, updated_at };
}

/**
 * The person panel the demo's inbox shows beside a ticket: who the customer is, their properties, the
 * sessions and events that led to the ticket, and the other tickets they opened.
 */
const SEEDED_PERSON_PROFILE = {
  content: [
    { type: 'ph-person-feed', attrs: { title: 'Activity' } },
    { type: 'ph-recordings', attrs: { title: 'Recent sessions', limit: 5 } },
    { type: 'ph-related-tickets', attrs: { title: 'Other tickets' } },
  ],
  sidebar: [
    { type: 'ph-person', attrs: { title: 'Info' } },
    { type: 'ph-person-properties', attrs: { title: 'Properties', properties: ['email', 'name', 'plan', 'company', 'country', 'signed_up_at'] } },
    { type: 'ph-map', attrs: { title: 'Location' } },
  ],
};

/**
 * @param {import('./http.mjs').Router} router
 * @param {import('./index.mjs').App} app
 */
export function registerProfileConfigs(router, app) {
  const configs = app.store.collection(PROFILE_CONFIGS_COLLECTION);
  if (app.store.isFresh) {
    const created = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const id = '0190d3a2-7c4e-7ccc-8000-000000000001';
    configs.set(id, { id, scope: 'person', ...SEEDED_PERSON_PROFILE, created_at: created, updated_at: created });
  }
  const base = 'customer_profile_configs/';
  const requireConfig = (/** @type {import('./http.mjs').Context} */ ctx) => {
    const config = configs.get(ctx.params.id);
    if (!config) throw notFound('posthog');
    return config;
  };

  router.add('GET', posthogPaths(base), async (ctx) => {
    const oldestFirst = configs.values().sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
    const page = paginatePosthog(ctx, oldestFirst);
    ctx.send(200, { ...page, results: page.results.map(configBody) });
  });

  router.add('POST', posthogPaths(base), async (ctx) => {
    const fields = validateProfileConfig(await ctx.readJson(), false);
    const now = new Date().toISOString();
    /** @type {ProfileConfig} */
    const config = { id: randomUUID(), scope: /** @type {string} */ (fields.scope), content: fields.content ?? {}, sidebar: fields.sidebar ?? {}, created_at: now, updated_at: now };
    configs.set(config.id, config);
    ctx.send(201, configBody(config));
  });

  router.add('GET', posthogPaths(`${base}:id/`), async (ctx) => {
    ctx.send(200, configBody(requireConfig(ctx)));
  });

  router.add('PATCH', posthogPaths(`${base}:id/`), async (ctx) => {
    const config = requireConfig(ctx);
    const fields = validateProfileConfig(await ctx.readJson(), true);
    const updated = { ...config, ...fields, updated_at: new Date().toISOString() };
    configs.set(config.id, updated);
    ctx.send(200, configBody(updated));
  });
}
