// The package as a consumer sees it after `npm run build`: the entry points package.json exports, the
// script-tag bundle, and custom-elements.json describing every element's public surface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';

const manifest = JSON.parse(await readFile(new URL('../../custom-elements.json', import.meta.url), 'utf8'));
const packageJson = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));

function element(tagName) {
  for (const module of manifest.modules) {
    const declaration = module.declarations?.find((candidate) => candidate.tagName === tagName);
    if (declaration) return declaration;
  }
  assert.fail(`custom-elements.json has no <${tagName}>`);
}

test('custom-elements.json documents each element: attributes, events, parts, custom properties', () => {
  const expectations = {
    'convo-chat': { events: ['convo-send', 'convo-reply-completed', 'convo-error'], attributes: ['base-url', 'token', 'dialect', 'conversation-id'] },
    'ticket-list': { events: ['ticket-select', 'ticket-updated'], attributes: ['filters', 'theme'] },
    'data-frame-table': { events: ['frame-sort-change', 'frame-columns-change'], attributes: ['conversation-id', 'frame-name'] },
  };
  for (const [tagName, expected] of Object.entries(expectations)) {
    const declaration = element(tagName);
    const events = declaration.events.map((event) => event.name);
    for (const name of expected.events) assert.ok(events.includes(name), `<${tagName}> fires ${name}`);
    for (const event of declaration.events) assert.ok(event.description, `<${tagName}> ${event.name} is described`);
    const attributes = declaration.attributes.map((attribute) => attribute.name);
    for (const name of expected.attributes) assert.ok(attributes.includes(name), `<${tagName}> has attribute ${name}`);
    assert.ok(declaration.cssParts?.length > 10, `<${tagName}> documents its parts`);
    assert.ok(declaration.cssProperties?.length > 0, `<${tagName}> documents its custom properties`);
  }
});

test('every exported entry point and the script-tag bundle exist after the build', async () => {
  for (const [entry, target] of Object.entries(packageJson.exports)) {
    const files = typeof target === 'string' ? [target] : Object.values(target);
    for (const file of files) {
      const info = await stat(new URL(`../../${file}`, import.meta.url)).catch(() => null);
      assert.ok(info?.isFile(), `${entry} -> ${file} exists`);
    }
  }
});

test('importing the package root registers no tag; ./define registers all three', async () => {
  // In Node, Lit brings a minimal customElements registry, so registrations can be observed here too.
  const root = await import('convo-elements');
  assert.equal(typeof root.ConvoChat, 'function');
  assert.equal(typeof root.createClient, 'function');
  const tags = ['convo-chat', 'ticket-list', 'data-frame-table'];
  for (const tag of tags) assert.equal(globalThis.customElements.get(tag), undefined, `root entry registered <${tag}>`);
  await import('convo-elements/define');
  for (const tag of tags) assert.equal(typeof globalThis.customElements.get(tag), 'function', `./define registers <${tag}>`);
  assert.equal(globalThis.customElements.get('convo-chat'), root.ConvoChat);
});
