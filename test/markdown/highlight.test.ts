import { expect } from '@open-wc/testing';
import { LAZY_GRAMMARS, loadBuiltinGrammar } from '../../src/markdown/highlight/languages.js';
import { tokenizeLine, type Grammar, type TokenizerState } from '../../src/markdown/highlight/tokenizer.js';
import { createRenderer, html, renderAll, renderPieces, splitEvery } from './helpers.js';

/** Every grammar that comes with the renderer, once `before` has loaded them. */
const grammars = new Map<string, Grammar>();

/** Tokenizes lines in sequence (carrying state) and lists the non-plain tokens as `kind:text`. */
function tokens(language: string, source: string): string[] {
  const grammar = grammars.get(language)!;
  let state: TokenizerState = [];
  const found: string[] = [];
  for (const line of source.split('\n')) {
    const result = tokenizeLine(grammar, line, state);
    state = result.state;
    for (const token of result.tokens) if (token.kind) found.push(`${token.kind}:${token.text}`);
  }
  return found;
}

describe('code highlighting', () => {
  // Calling the loaders directly (for `tokens`) does not hand the grammars to renderers: only a renderer's
  // own request does, and the first test below is the first in this page to make one.
  before(async () => {
    for (const [name, load] of LAZY_GRAMMARS) grammars.set(name, await load());
  });

  it('loads shell, SQL, HTML and CSS on first use, showing the blocks plain until then, then highlighted', async () => {
    const text = '```sh\nls -la # all\n```\n\n```sql\nselect 1\n```\n\n- ```html\n  <a href="x">\n  ```\n\n```css\n.a { color: red }\n';
    const streamed = renderPieces(splitEvery(text, 3));
    expect(streamed.querySelector('code span')).to.equal(null);
    await Promise.all([...new Set(LAZY_GRAMMARS.values())].map((load) => load()));
    await new Promise((resolve) => setTimeout(resolve));
    // The streamed blocks were upgraded once; a later render highlights at once. Both agree.
    const whole = renderAll(text);
    expect(html(streamed, { keepParts: true })).to.equal(html(whole, { keepParts: true }));
    const languages = [...whole.querySelectorAll('figure')].map((figure) => figure.dataset['language']);
    expect(languages).to.deep.equal(['sh', 'sql', 'html', 'css']);
    for (const code of whole.querySelectorAll('code')) expect(code.querySelector('span'), code.textContent!).not.to.equal(null);
  });

  it('knows the common languages by their usual names', () => {
    for (const name of ['js', 'javascript', 'ts', 'tsx', 'json', 'python', 'py', 'bash', 'sh', 'shell', 'sql', 'html', 'xml', 'css']) {
      expect(LAZY_GRAMMARS.has(name), name).to.equal(true);
    }
  });

  // Adjacent tokens of one kind are merged into one span: fewer nodes for the same colours.
  it('tokenizes JavaScript and TypeScript, carrying block comments and template literals across lines', () => {
    expect(tokens('ts', 'const a: string = `x ${f(1)}\ny` /* c\nd */ // e')).to.deep.equal([
      'keyword:const',
      'operator::',
      'type:string',
      'operator:=',
      'string:`x ',
      'punctuation:${',
      'function:f',
      'punctuation:(',
      'number:1',
      'punctuation:)}',
      'string:y`',
      'comment:/* c',
      'comment:d */',
      'comment:// e',
    ]);
  });

  it('tokenizes JSON keys apart from string values', () => {
    expect(tokens('json', '{"a": "b", "n": -1.5e3, "t": true}')).to.deep.equal([
      'punctuation:{',
      'property:"a"',
      'punctuation::',
      'string:"b"',
      'punctuation:,',
      'property:"n"',
      'punctuation::',
      'number:-1.5e3',
      'punctuation:,',
      'property:"t"',
      'punctuation::',
      'literal:true',
      'punctuation:}',
    ]);
  });

  it('tokenizes Python with definitions, decorators and triple-quoted strings over lines', () => {
    expect(tokens('python', '@cache\ndef f(x=None):\n    """a\n    b"""  # c')).to.deep.equal([
      'meta:@cache',
      'keyword:def',
      'function:f',
      'punctuation:(',
      'operator:=',
      'literal:None',
      'punctuation:)',
      'operator::',
      'string:"""a',
      'string:    b"""',
      'comment:# c',
    ]);
  });

  it('tokenizes shell commands, options, variables and comments', () => {
    expect(tokens('bash', 'npm run build --watch && echo "$HOME" $PATH # note')).to.deep.equal([
      'function:npm',
      'attribute:--watch',
      'operator:&&',
      'builtin:echo',
      'string:"$HOME"',
      'variable:$PATH',
      'comment:# note',
    ]);
  });

  it('tokenizes SQL keywords case-insensitively', () => {
    expect(tokens('sql', "select count(*) from t where name = 'x' -- y")).to.deep.equal([
      'keyword:select',
      'function:count',
      'punctuation:(',
      'operator:*',
      'punctuation:)',
      'keyword:from',
      'keyword:where',
      'operator:=',
      "string:'x'",
      'comment:-- y',
    ]);
  });

  it('tokenizes HTML tags, attributes and comments', () => {
    expect(tokens('html', '<a href="x" hidden>t</a><!-- c\n-->')).to.deep.equal([
      'tag:<a',
      'attribute:href',
      'operator:=',
      'string:"x"',
      'attribute:hidden',
      'tag:>',
      'tag:</a>',
      'comment:<!-- c',
      'comment:-->',
    ]);
  });

  it('tokenizes CSS selectors, properties and values', () => {
    expect(tokens('css', '.a:hover { color: #fff; margin: 0 2px !important; }')).to.deep.equal([
      'selector:.a:hover',
      'punctuation:{',
      'property:color',
      'punctuation::',
      'number:#fff',
      'punctuation:;',
      'property:margin',
      'punctuation::',
      'number:0',
      'number:2px',
      'keyword:!important',
      'punctuation:;',
      'punctuation:}',
    ]);
  });

  it('renders tokens as spans with token parts and keeps the text exact', async () => {
    await loadBuiltinGrammar('py');
    const source = 'def f():\n    return "x" # y';
    const container = renderAll('```py\n' + source + '\n```');
    const code = container.querySelector('code')!;
    expect(code.textContent).to.equal(source + '\n');
    expect(code.querySelector('[part="token-keyword"]')!.textContent).to.equal('def');
    expect(code.querySelector('[part="token-string"]')!.textContent).to.equal('"x"');
  });

  it('leaves unknown languages plain and accepts grammars from the host', () => {
    expect(renderAll('```cobol\nMOVE A TO B\n```').querySelector('code span')).to.equal(null);
    const upper: Grammar = { states: { root: [{ pattern: /[A-Z]+/y, kind: 'keyword' }] } };
    const container = renderAll('```cobol\nMOVE a\n```', { grammars: { cobol: upper } });
    expect(container.querySelector('[part="token-keyword"]')!.textContent).to.equal('MOVE');
  });

  it('loads a grammar on first use through loadGrammar and re-highlights the lines already shown', async () => {
    let resolveGrammar: (grammar: Grammar) => void = () => {};
    const requested: string[] = [];
    const { container, renderer } = createRenderer({
      loadGrammar: (language) => {
        requested.push(language);
        return new Promise<Grammar>((resolve) => (resolveGrammar = resolve));
      },
    });
    renderer.append('```Rust\nfn main() {}\n```\n```rust\nfn x\nfn');
    renderer.flush();
    expect(container.querySelector('code span')).to.equal(null);
    resolveGrammar({ states: { root: [{ pattern: /fn\b/y, kind: 'keyword' }] } });
    await new Promise((resolve) => setTimeout(resolve));
    renderer.flush();
    expect(requested).to.deep.equal(['rust']);
    const codes = [...container.querySelectorAll('code')];
    expect(codes.map((code) => code.textContent)).to.deep.equal(['fn main() {}\n', 'fn x\nfn']);
    expect(codes.map((code) => code.querySelectorAll('[part="token-keyword"]').length)).to.deep.equal([1, 2]);
  });

  it('stays linear on a long hostile line', () => {
    for (const grammar of new Set(grammars.values())) {
      for (const line of ['"\\'.repeat(20000), "'".repeat(20000), '/*'.repeat(20000), '<a '.repeat(20000), '`${'.repeat(20000)]) {
        const start = performance.now();
        const result = tokenizeLine(grammar, line, []);
        expect(result.tokens.map((token) => token.text).join('')).to.equal(line);
        // A generous sanity bound only; linearity is structural (sticky rules, no nested quantifiers).
        expect(performance.now() - start).to.be.below(500);
      }
    }
  });
});
