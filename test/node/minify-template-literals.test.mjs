// The build's minifier for `css` and `html` literals: what it may change (comments, whitespace between
// markup) and what it must leave as written (bindings, <pre>, <textarea>, attribute values, dynamic tags).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minifyTemplateLiteralsIn } from '../../scripts/minify-template-literals.mjs';

async function minified(source) {
  const result = await minifyTemplateLiteralsIn(source, 'module.ts');
  return result === null ? source : result.code;
}

test('a stylesheet loses comments and indentation and keeps its bindings', async () => {
  const code = await minified('const styles = css`\n  /* why */\n  :host {\n    display: block;\n    ${palette}\n  }\n`;');
  assert.equal(code, 'const styles = css`:host{display:block;${palette}}`;');
});

test('a fragment of declarations is minified and stays composable before more declarations', async () => {
  const code = await minified('const palette = css`\n  --surface: #ffffff;\n  color-scheme: dark;\n`;');
  assert.equal(code, 'const palette = css`--surface:#fff;color-scheme:dark;`;');
});

test('markup whitespace collapses to one space, so inline text keeps its spacing', async () => {
  const code = await minified('const view = html`\n  <p>\n    Hello <b>${name}</b> ,\n    friend ${greeting}\n  </p>\n`;');
  assert.equal(code, 'const view = html` <p> Hello <b>${name}</b> , friend ${greeting} </p> `;');
});

test('<pre>, <textarea> and attribute values keep their whitespace; every binding stays in place', async () => {
  const source =
    'const view = html`<div class="a ${cls}">\n  <pre>  two\n   lines </pre>\n  <textarea>  draft  </textarea>\n  <input ?disabled=${off} .value=${text} @input=${onInput} title="two  spaces" />\n</div>`;';
  const code = await minified(source);
  assert.match(code, /<pre> {2}two\n {3}lines <\/pre>/);
  assert.match(code, /<textarea> {2}draft {2}<\/textarea>/);
  assert.match(code, /title="two {2}spaces"/);
  for (const binding of ['class="a ${cls}"', '?disabled="${off}"', '.value="${text}"', '@input="${onInput}"']) assert.ok(code.includes(binding), binding);
});

test('a template whose tag name is an expression (lit/static-html) is left as written', async () => {
  const source = 'const view = staticHtml`<${tag}\n    .client=${client}></${tag}>`;';
  assert.equal(await minified(source), source);
});
