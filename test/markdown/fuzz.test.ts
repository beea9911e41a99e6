import { expect } from '@open-wc/testing';
import { createRenderer, html, renderAll, renderPieces, renderWholeTextEvents, splitEvery, splitRandomly } from './helpers.js';

/** Fragments that, glued at random, produce the awkward corners of streamed markdown. */
const FRAGMENTS = [
  '# ', '## ', 'Title', 'text', ' ', '  ', '\n', '\n\n', '\n\n', '- ', '* ', '+ ', '1. ', '2) ', '   ', '    ',
  '> ', '>', '```', '```js', '~~~', '`', '``', '*', '**', '_', '__', '~~', '[', ']', '(', ')', '](https://a.example)',
  '![i](https://img.example/x.png)', '<https://b.example>', 'https://c.example/p', 'www.d.example', '|', ' | ',
  '|---|---|', '| :-: | --: |', '---', '===', '***', '- [ ] ', '- [x] ', '\\', '&amp;', '&#x61;', '<b>', 'x', 'y',
  'const a = `t ${1}`;', '"""', '/*', '*/', '#', 'a_b_c', '\t', '\r\n',
  // Line starts, weighted up so that block structure (not one long line) dominates.
  '\n', '\n', '\n', '\n', '\n\n', '\n- ', '\n  - ', '\n    - ', '\n1. ', '\n> ', '\n> > ', '\n```\n', '\n```py\n',
  '\n~~~\n', '\n| a | b |\n|---|:-:|\n', '\n| 1 | 2 |', '\n# ', '\n---\n', '\n===\n', '\n   ',
];

function generate(seed: number, parts: number): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  let text = '';
  for (let i = 0; i < parts; i++) text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
  return text;
}

describe('markdown streaming equivalence on generated documents', () => {
  const options = { allowedImageOrigins: ['https://img.example'] };
  for (let seed = 1; seed <= 60; seed++) {
    it(`document ${seed}`, () => {
      const text = generate(seed * 7919, 90);
      const whole = html(renderAll(text, options), { keepParts: true });
      const byChar = html(renderPieces(splitEvery(text, 1), options), { keepParts: true });
      expect(byChar, `one character at a time: ${JSON.stringify(text)}`).to.equal(whole);
      const random = html(renderPieces(splitRandomly(text, seed, 8), options), { keepParts: true });
      expect(random, `random chunks: ${JSON.stringify(text)}`).to.equal(whole);
      const events = html(renderWholeTextEvents(splitRandomly(text, seed + 1, 8), options), { keepParts: true });
      expect(events, `whole-text events: ${JSON.stringify(text)}`).to.equal(whole);
    });
  }
});

describe('markdown replace with edits on generated documents', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`document ${seed}`, () => {
      const first = generate(seed * 104729, 80);
      const cut = Math.floor(first.length * ((seed % 10) / 10));
      const edited = first.slice(0, cut) + generate(seed * 31, 30);
      const { container, renderer } = createRenderer();
      renderer.replace(first);
      renderer.flush();
      if (seed % 2) {
        renderer.finish();
        renderer.flush();
      }
      renderer.replace(edited);
      renderer.flush();
      const fresh = createRenderer();
      fresh.renderer.append(edited);
      fresh.renderer.flush();
      expect(html(container, { keepParts: true }), `open: ${JSON.stringify(edited)}`).to.equal(
        html(fresh.container, { keepParts: true }),
      );
      renderer.finish();
      renderer.flush();
      expect(html(container, { keepParts: true }), `finished: ${JSON.stringify(edited)}`).to.equal(
        html(renderAll(edited), { keepParts: true }),
      );
    });
  }
});
