import { expect } from '@open-wc/testing';
import type { RenderStats } from '../../src/markdown/index.js';
import { createRenderer } from './helpers.js';

/** Renders `text` in one go and returns the work counters. */
function work(text: string): RenderStats {
  const { renderer } = createRenderer();
  renderer.append(text);
  renderer.finish();
  renderer.flush();
  return renderer.stats;
}

function depth(node: Node): number {
  let deepest = 0;
  for (const child of node.childNodes) deepest = Math.max(deepest, depth(child));
  return deepest + 1;
}

/**
 * Linear means: doubling the input at most (about) doubles the work. Counted in parser steps, never in
 * wall-clock time, so the test is exact on any machine.
 */
function expectLinear(build: (size: number) => string, size: number): void {
  const small = work(build(size));
  const large = work(build(size * 2));
  const ratio = large.inlineSteps / Math.max(1, small.inlineSteps);
  expect(ratio, `inline steps ${small.inlineSteps} -> ${large.inlineSteps}`).to.be.below(2.5);
  expect(large.inlineSteps).to.be.below(20 * build(size * 2).length);
}

describe('markdown on hostile input', () => {
  const cases: [string, (size: number) => string][] = [
    ['a run of 10,000 *', (n) => '*'.repeat(n)],
    ['alternating openers and text', (n) => '*a '.repeat(n)],
    ['openers that can never close', (n) => '**a'.repeat(n) + ' b*'.repeat(n)],
    ['underscores inside and between words', (n) => 'a_b _c '.repeat(n)],
    ['mixed delimiter runs (rule of three)', (n) => '***a**b*'.repeat(n)],
    ['unclosed strikethrough', (n) => '~~a '.repeat(n)],
    ['unmatched brackets', (n) => '['.repeat(n) + 'a' + ']'.repeat(n)],
    ['nested links', (n) => '[a'.repeat(n) + '](https://x.example)'.repeat(n)],
    ['unterminated link destinations', (n) => '[a](b '.repeat(n)],
    ['unterminated link titles', (n) => '[a](b "c '.repeat(n)],
    ['backtick runs of growing length', (n) => Array.from({ length: n }, (_, i) => '`'.repeat((i % 50) + 1) + 'x').join(' ')],
    ['unclosed autolinks', (n) => '<a'.repeat(n)],
    ['ampersands', (n) => '&a'.repeat(n)],
    ['bare URL starts', (n) => ' www.'.repeat(n)],
    ['a bare URL followed by closing parentheses', (n) => 'https://a.example/' + ')'.repeat(n)],
    ['a bare URL followed by character references', (n) => 'www.a.example' + '&amp;'.repeat(n)],
    ['deep parentheses in a destination', (n) => '[a](' + '('.repeat(n)],
  ];

  for (const [name, build] of cases) {
    it(`stays linear on ${name}`, () => expectLinear(build, 5000));
  }

  it('handles long runs of inner whitespace in headings and before line breaks in bounded time', () => {
    // Regular expressions anchored at the end (/ +$/, /[ \t]+#+$/) are quadratic on such runs; these
    // inputs took minutes with them. Counting cannot see inside a regex, so this one bound is on time,
    // with a margin of two orders of magnitude.
    const spaces = ' '.repeat(200_000);
    const started = performance.now();
    const stats = work(`# a${spaces}b #\n\na${spaces}b\nc${spaces}# x`);
    expect(performance.now() - started).to.be.below(3000);
    expect(stats.inlineSteps).to.be.below(10 * 600_000);
  });

  it('renders 10,000 * without emphasis elements deeper than the cap', () => {
    const { container, renderer } = createRenderer();
    renderer.append('*'.repeat(5000) + 'a' + '*'.repeat(5000));
    renderer.finish();
    renderer.flush();
    expect(depth(container)).to.be.below(40);
    expect(container.textContent).to.contain('a');
  });

  it('caps 1,000 nested quotes and keeps the rest as text', () => {
    const { container, renderer } = createRenderer();
    const line = '>'.repeat(1000) + ' deep';
    renderer.append(`${line}\n${line}\n`);
    renderer.finish();
    renderer.flush();
    expect(container.querySelectorAll('blockquote').length).to.be.below(70);
    expect(container.textContent).to.contain('deep');
    expect(renderer.stats.blockChars).to.equal(2 * (line.length + 1));
  });

  it('caps 1,000 nested lists', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
    const { container, renderer } = createRenderer();
    renderer.append(text);
    renderer.finish();
    renderer.flush();
    expect(depth(container)).to.be.below(150);
    expect(container.textContent).to.contain('item 999');
  });

  it('renders a 1 MB line in linear work', () => {
    const sentence = 'Some *text* with `code` and [a link](https://x.example) ';
    const line = sentence.repeat(Math.ceil(1_000_000 / sentence.length));
    const stats = work(line);
    expect(stats.inlineChars).to.equal(line.trimEnd().length);
    expect(stats.inlineSteps).to.be.below(line.length);
  });

  it('streams a 1 MB code line without re-highlighting it per chunk', () => {
    const { container, renderer } = createRenderer();
    renderer.append('```js\n');
    const chunk = 'x = 1; '.repeat(1000);
    for (let i = 0; i < 150; i++) {
      renderer.append(chunk);
      renderer.flush();
    }
    renderer.append('\n```\n');
    renderer.finish();
    renderer.flush();
    expect(container.querySelector('code')!.textContent!.length).to.equal(chunk.length * 150 + 1);
    // Past the highlighting limit a line is plain text: no tokenizer pass per chunk over the whole line.
    expect(renderer.stats.highlightChars).to.be.below(10_000 * 2);
  });
});
