import { expect } from '@open-wc/testing';
import { renderMarkdown, type RenderStats } from '../../src/markdown/index.js';
import {
  createFrameQueue,
  createRenderer,
  html,
  renderAll,
  renderPieces,
  renderWholeTextEvents,
  splitEvery,
  splitRandomly,
} from './helpers.js';
import { loadBuiltinGrammar } from '../../src/markdown/highlight/languages.js';
import { CODE_LANGUAGES, EVERY_CONSTRUCT } from './sample-documents.js';

const options = { allowedImageOrigins: ['https://img.example'] };
const expected = () => html(renderAll(EVERY_CONSTRUCT, options), { keepParts: true });

function delta(after: RenderStats, before: RenderStats): RenderStats {
  return {
    blockChars: after.blockChars - before.blockChars,
    inlineChars: after.inlineChars - before.inlineChars,
    inlineSteps: after.inlineSteps - before.inlineSteps,
    highlightChars: after.highlightChars - before.highlightChars,
    flushes: after.flushes - before.flushes,
  };
}

describe('streaming markdown', () => {
  // Every block is highlighted from its first line on, as it is once a page has loaded those grammars, so
  // the equivalence below covers them (the plain-then-highlighted first use is tested in highlight.test.ts).
  before(async () => {
    await Promise.all(CODE_LANGUAGES.map((language) => loadBuiltinGrammar(language)));
    const highlighted = [...renderAll(EVERY_CONSTRUCT, options).querySelectorAll('figure')].filter((figure) =>
      figure.querySelector('code span'),
    );
    expect(highlighted.map((figure) => figure.dataset['language'])).to.deep.equal(CODE_LANGUAGES);
  });

  describe('renders the same DOM however the text arrives', () => {
    it('one character at a time', () => {
      expect(html(renderPieces(splitEvery(EVERY_CONSTRUCT, 1), options), { keepParts: true })).to.equal(expected());
    });

    for (const seed of [1, 7, 42, 1234, 99991]) {
      it(`in random chunks (seed ${seed})`, () => {
        const pieces = splitRandomly(EVERY_CONSTRUCT, seed, 40);
        expect(html(renderPieces(pieces, options), { keepParts: true })).to.equal(expected());
      });
    }

    it('as whole-text-so-far events (PostHog partials)', () => {
      const pieces = splitRandomly(EVERY_CONSTRUCT, 5, 9);
      expect(html(renderWholeTextEvents(pieces, options), { keepParts: true })).to.equal(expected());
    });

    it('with many appends between frames', () => {
      const { container, renderer } = createRenderer(options);
      splitEvery(EVERY_CONSTRUCT, 3).forEach((piece, index) => {
        renderer.append(piece);
        if (index % 17 === 0) renderer.flush();
      });
      renderer.finish();
      renderer.flush();
      expect(html(container, { keepParts: true })).to.equal(expected());
    });

    it('drops a task marker shown while streaming when the item text becomes a heading or a table', () => {
      for (const text of ['- [ ] x\n  ---\n', '- [x] a | b\n  |-|-|\n']) {
        const streamed = renderPieces(splitEvery(text, 1));
        expect(html(streamed, { keepParts: true }), text).to.equal(html(renderAll(text), { keepParts: true }));
        expect(streamed.querySelector('[part~="md-task-item"]'), text).to.equal(null);
      }
    });

    it('split at every position into two appends', () => {
      const text = EVERY_CONSTRUCT.slice(0, 700);
      const whole = html(renderAll(text, options), { keepParts: true });
      for (let split = 0; split <= text.length; split += 3) {
        const got = html(renderPieces([text.slice(0, split), text.slice(split)], options), { keepParts: true });
        if (got !== whole) expect(got, `split at ${split}`).to.equal(whole);
      }
    });
  });

  describe('shows the open tail sensibly', () => {
    const tail = (text: string) => {
      const { container, renderer } = createRenderer(options);
      renderer.append(text);
      renderer.flush();
      return container;
    };

    it('renders an unclosed ** as strong without the markers', () => {
      const container = tail('Hello **wor');
      expect(container.querySelector('strong')!.textContent).to.equal('wor');
      expect(container.textContent).to.equal('Hello wor');
    });

    it('renders an unclosed code span as code', () => {
      expect(tail('run `npm te').querySelector('code')!.textContent).to.equal('npm te');
    });

    it('shows a half link as its text, without a URL or a live link', () => {
      for (const text of ['see [the docs', 'see [the docs]', 'see [the docs](', 'see [the docs](https://exa']) {
        const container = tail(text);
        expect(container.querySelector('a'), text).to.equal(null);
        expect(container.textContent, text).to.equal('see the docs');
      }
    });

    it('does not link a bare URL that is still being typed', () => {
      expect(tail('go to https://example.co').querySelector('a')).to.equal(null);
      expect(tail('go to https://example.com now').querySelector('a')).to.not.equal(null);
    });

    it('hides delimiters at the very end', () => {
      expect(tail('a list *').textContent).to.equal('a list ');
      expect(tail('one\n- ').textContent).to.equal('one');
      expect(tail('one\n--').textContent).to.equal('one');
    });

    it('shows a half-typed block start as that block', () => {
      expect(html(tail('para\n\n# Head'))).to.equal('<p>para</p><h1>Head</h1>');
      expect(html(tail('- a\n- b'))).to.equal('<ul><li><p>a</p></li><li><p>b</p></li></ul>');
      expect(html(tail('> quo'))).to.equal('<blockquote><p>quo</p></blockquote>');
    });

    it('shows the line being written inside an open code block, and not a half closing fence', () => {
      expect(tail('```js\nconst a = 1;\nlet b').querySelector('code')!.textContent).to.equal('const a = 1;\nlet b');
      expect(tail('```js\nconst a = 1;\n``').querySelector('code')!.textContent).to.equal('const a = 1;\n');
    });

    it('shows a half table row as a row', () => {
      const container = tail('| a | b |\n| - | - |\n| 1 | **tw');
      expect(container.querySelectorAll('tbody tr').length).to.equal(1);
      expect(container.querySelector('tbody strong')!.textContent).to.equal('tw');
    });

    it('replaces the tail when it grows, leaving nothing behind', () => {
      const { container, renderer } = createRenderer();
      renderer.append('```\na\nb');
      renderer.flush();
      renderer.append('c\nd');
      renderer.flush();
      expect(container.querySelector('code')!.textContent).to.equal('a\nbc\nd');
    });
  });

  describe('costs work proportional to the new text', () => {
    it('keeps committed blocks: same nodes, never re-rendered', () => {
      const { container, renderer } = createRenderer();
      renderer.append('# Title\n\nFirst paragraph.\n\n');
      renderer.flush();
      const [heading, paragraph] = [...container.children];
      const before = paragraph!.innerHTML;
      for (const piece of splitEvery(EVERY_CONSTRUCT, 5)) {
        renderer.append(piece);
        renderer.flush();
      }
      renderer.finish();
      renderer.flush();
      expect(container.children[0]).to.equal(heading);
      expect(container.children[1]).to.equal(paragraph);
      expect(paragraph!.innerHTML).to.equal(before);
      expect(paragraph!.firstChild).to.equal(container.children[1]!.firstChild);
    });

    it('costs the same to append to a long message as to a short one', () => {
      const cost = (prefixBlocks: number) => {
        const { renderer } = createRenderer();
        renderer.append('A paragraph with *some* inline `markup` in it.\n\n'.repeat(prefixBlocks) + 'Open para');
        renderer.flush();
        const before = { ...renderer.stats };
        renderer.append('graph grows **here');
        renderer.flush();
        return delta(renderer.stats, before);
      };
      expect(cost(500)).to.deep.equal(cost(5));
    });

    it('grows a long code block by appending lines, never re-highlighting earlier ones', () => {
      const { container, renderer } = createRenderer();
      renderer.append('```js\n');
      renderer.flush();
      const line = 'const value = compute("x", 42); // why\n';
      let firstToken: Node | null = null;
      for (let i = 0; i < 2000; i++) {
        const before = { ...renderer.stats };
        renderer.append(line.slice(0, 20));
        renderer.append(line.slice(20));
        renderer.flush();
        const cost = delta(renderer.stats, before);
        expect(cost.blockChars).to.equal(line.length);
        expect(cost.highlightChars).to.be.at.most(line.length);
        expect(cost.inlineChars).to.equal(0);
        firstToken ??= container.querySelector('code')!.firstChild;
      }
      expect(container.querySelector('code')!.firstChild).to.equal(firstToken);
      expect(container.querySelector('code')!.textContent!.length).to.equal(2000 * line.length);
    });

    it('grows a long table by appending rows', () => {
      const { container, renderer } = createRenderer();
      renderer.append('| n | square |\n|--:|--:|\n');
      renderer.flush();
      for (let i = 0; i < 500; i++) {
        const row = `| ${i} | **${i * i}** |\n`;
        const before = { ...renderer.stats };
        renderer.append(row);
        renderer.flush();
        expect(delta(renderer.stats, before).inlineChars).to.be.at.most(row.length);
      }
      expect(container.querySelectorAll('tbody tr').length).to.equal(500);
    });

    it('bounds each frame by the open block plus the new text', () => {
      const { renderer } = createRenderer();
      const pieces = splitRandomly(EVERY_CONSTRUCT.repeat(4), 3, 30);
      let text = '';
      for (const piece of pieces) {
        const before = { ...renderer.stats };
        renderer.append(piece);
        renderer.flush();
        text += piece;
        // The open block starts after the last blank line (paragraphs, list items and quotes here are
        // shorter than that span); a frame may also finalize the block that just closed.
        const openBlock = text.length - text.lastIndexOf('\n\n', text.length - piece.length - 2);
        const cost = delta(renderer.stats, before);
        expect(cost.inlineChars, `after ${text.length} chars`).to.be.at.most(2 * openBlock + piece.length);
        expect(cost.blockChars).to.be.at.most(piece.length + openBlock);
      }
    });

    it('does the same work for whole-text events as for deltas', () => {
      const pieces = splitRandomly(EVERY_CONSTRUCT, 11, 20);
      const deltas = createRenderer();
      const wholes = createRenderer();
      let text = '';
      for (const piece of pieces) {
        text += piece;
        deltas.renderer.append(piece);
        deltas.renderer.flush();
        wholes.renderer.replace(text);
        wholes.renderer.flush();
      }
      expect(wholes.renderer.stats).to.deep.equal(deltas.renderer.stats);
    });
  });

  it('renders a finished message at once with renderMarkdown', () => {
    const container = document.createElement('div');
    renderMarkdown(container, EVERY_CONSTRUCT, options);
    expect(html(container, { keepParts: true })).to.equal(expected());
  });

  describe('replace', () => {
    it('re-renders only from the block that changed', () => {
      const { container, renderer } = createRenderer();
      renderer.replace('# One\n\nTwo\n\nThree *3*\n\nFour');
      renderer.flush();
      const [one, two] = [...container.children];
      renderer.replace('# One\n\nTwo\n\nThree **3** changed\n\nFour and more');
      renderer.flush();
      expect(container.children[0]).to.equal(one);
      expect(container.children[1]).to.equal(two);
      renderer.finish();
      renderer.flush();
      expect(html(container)).to.equal(html(renderAll('# One\n\nTwo\n\nThree **3** changed\n\nFour and more')));
    });

    it('handles shrinking, unrelated text and the empty string', () => {
      const { container, renderer } = createRenderer();
      for (const text of ['- a\n- b\n\n```\ncode', '- a', 'Totally *new*', '', '> q\n\nz']) {
        renderer.replace(text);
        renderer.flush();
        const { container: fresh, renderer: reference } = createRenderer();
        reference.append(text);
        reference.flush();
        expect(html(container), JSON.stringify(text)).to.equal(html(fresh));
      }
    });

    it('reopens a finished message when the text changes', () => {
      const { container, renderer } = createRenderer();
      renderer.replace('para one\n\npara **two');
      renderer.finish();
      renderer.flush();
      expect(container.textContent).to.equal('para onepara **two');
      renderer.replace('para one\n\npara **two** three');
      renderer.finish();
      renderer.flush();
      expect(html(container)).to.equal('<p>para one</p><p>para <strong>two</strong> three</p>');
    });

    it('refuses append after finish', () => {
      const { renderer } = createRenderer();
      renderer.finish();
      expect(() => renderer.append('x')).to.throw();
    });
  });

  describe('batching', () => {
    it('writes at most once per frame, through the scheduler', () => {
      const frames = createFrameQueue();
      const { container, renderer } = createRenderer({ scheduler: frames.scheduler });
      renderer.append('Hello');
      renderer.append(' world');
      expect(frames.pending).to.equal(1);
      expect(container.childNodes.length).to.equal(0);
      frames.runNext();
      expect(container.textContent).to.equal('Hello world');
      expect(renderer.stats.flushes).to.equal(1);
      expect(frames.pending).to.equal(0);
    });

    it('splits a huge append over several frames within the budget', () => {
      const frames = createFrameQueue();
      const { container, renderer } = createRenderer({ frameBudgetMs: 0, scheduler: frames.scheduler });
      const text = 'A line of text that is a paragraph.\n\n'.repeat(1000);
      renderer.append(text);
      let frameCount = 0;
      while (frames.pending > 0) {
        const before = renderer.stats.blockChars;
        frames.runNext();
        frameCount++;
        // With no time budget a frame stops at the first deadline check that sees the clock move.
        expect(renderer.stats.blockChars - before).to.be.below(text.length / 4);
      }
      expect(frameCount).to.be.greaterThan(4);
      expect(container.children.length).to.equal(1000);
    });

    it('redraws a huge open paragraph less often than frames arrive, and still ends complete', () => {
      const frames = createFrameQueue();
      const { container, renderer } = createRenderer({ scheduler: frames.scheduler });
      const chunk = 'word *emphasis* `code` [link](https://x.example) '.repeat(400);
      for (let i = 0; i < 40; i++) {
        renderer.append(chunk);
        frames.runNext();
      }
      // Each redraw of the open paragraph costs its whole length; frames in quick succession skip it.
      expect(renderer.stats.flushes).to.be.below(40);
      renderer.finish();
      frames.runAll();
      expect(container.querySelectorAll('a').length).to.equal(40 * 400);
    });

    it('hands copy clicks to onCopyRequest with the code', () => {
      const requests: { code: string; language: string }[] = [];
      const { container, renderer } = createRenderer({
        onCopyRequest: ({ code, language }) => requests.push({ code, language }),
      });
      renderer.append('```sh\nnpm i\nnpm test\n```\n');
      renderer.flush();
      document.body.append(container);
      container.querySelector<HTMLButtonElement>('button[data-copy]')!.click();
      container.remove();
      renderer.dispose();
      expect(requests).to.deep.equal([{ code: 'npm i\nnpm test', language: 'sh' }]);
    });
  });
});
