import { expect } from '@open-wc/testing';
import { createRenderer, html, renderAll, splitEvery } from './helpers.js';

const render = (text: string) => html(renderAll(text));

describe('markdown blocks', () => {
  it('renders ATX headings of every level and strips closing hashes', () => {
    expect(render('# One\n## Two ##\n###### Six\n####### not')).to.equal(
      '<h1>One</h1><h2>Two</h2><h6>Six</h6><p>####### not</p>',
    );
  });

  it('renders setext headings from the paragraph above the underline', () => {
    expect(render('Title\n=====\n\nSub\ntitle\n---')).to.equal('<h1>Title</h1><h2>Sub\ntitle</h2>');
  });

  it('marks headings with a part per level', () => {
    const container = renderAll('## Two');
    expect(container.querySelector('h2')!.getAttribute('part')).to.equal('md-heading md-heading-2');
  });

  it('joins paragraph lines and splits paragraphs at blank lines', () => {
    expect(render('one\ntwo\n\nthree')).to.equal('<p>one\ntwo</p><p>three</p>');
  });

  it('renders thematic breaks of each kind', () => {
    expect(render('***\n- - -\n___')).to.equal('<hr><hr><hr>');
  });

  it('renders unordered lists, tight by default and loose with blank lines between items', () => {
    const tight = renderAll('- a\n- b');
    expect(html(tight)).to.equal('<ul><li><p>a</p></li><li><p>b</p></li></ul>');
    expect(tight.querySelector('ul')!.getAttribute('part')).to.equal('md-list');
    const loose = renderAll('- a\n\n- b');
    expect(loose.querySelector('ul')!.getAttribute('part')).to.equal('md-list md-list-loose');
  });

  it('renders ordered lists with their start number and a new list for a new delimiter', () => {
    expect(render('3. three\n4. four\n1) other')).to.equal(
      '<ol start="3"><li><p>three</p></li><li><p>four</p></li></ol><ol><li><p>other</p></li></ol>',
    );
  });

  it('nests lists by indentation and continues items with indented paragraphs', () => {
    expect(render('- a\n  - b\n    - c\n- d\n\n  more d')).to.equal(
      '<ul><li><p>a</p><ul><li><p>b</p><ul><li><p>c</p></li></ul></li></ul></li>' +
        '<li><p>d</p><p>more d</p></li></ul>',
    );
  });

  it('does not let an ordered list starting past 1 interrupt a paragraph', () => {
    expect(render('text\n2. not a list')).to.equal('<p>text\n2. not a list</p>');
    expect(render('text\n1. a list')).to.equal('<p>text</p><ol><li><p>a list</p></li></ol>');
  });

  it('renders task list items with disabled checkboxes', () => {
    const container = renderAll('- [ ] todo\n- [x] done\n- [ ]');
    const boxes = container.querySelectorAll('input');
    expect(boxes.length).to.equal(2);
    expect(boxes[0]!.checked).to.equal(false);
    expect(boxes[1]!.checked).to.equal(true);
    expect(boxes[1]!.disabled).to.equal(true);
    expect(container.querySelectorAll('[part~="md-task-item"]').length).to.equal(2);
    expect(container.querySelector('li:last-child')!.textContent).to.equal('[ ]');
  });

  it('renders nested blockquotes with lazy continuation lines', () => {
    expect(render('> a\n> > b\nlazy\n\n> c')).to.equal(
      '<blockquote><p>a</p><blockquote><p>b\nlazy</p></blockquote></blockquote><blockquote><p>c</p></blockquote>',
    );
  });

  it('puts lists and code inside blockquotes and list items', () => {
    expect(render('> - a\n>   ```\n>   code\n>   ```')).to.equal(
      '<blockquote><ul><li><p>a</p><figure><figcaption><span>Code</span><button type="button" data-copy="" ' +
        'aria-label="Copy code">Copy</button></figcaption><pre><code>code\n</code></pre></figure></li></ul></blockquote>',
    );
  });

  it('renders fenced code with backticks and tildes, keeps content verbatim, and labels the language', () => {
    const container = renderAll('```python title="x"\n<b>&amp;\n  indented\n```\n~~~\n```\n~~~');
    const codes = container.querySelectorAll('code');
    expect(codes[0]!.textContent).to.equal('<b>&amp;\n  indented\n');
    expect(codes[1]!.textContent).to.equal('```\n');
    const figure = container.querySelector('figure')!;
    expect(figure.dataset['language']).to.equal('python');
    expect(figure.querySelector('[part="md-code-language"]')!.textContent).to.equal('python');
    expect(figure.querySelector('button')!.getAttribute('aria-label')).to.equal('Copy python code');
  });

  it('strips the fence indentation from content lines and closes on a longer fence', () => {
    const container = renderAll('  ````\n  a\n    b\n c\n``` \n  `````\nafter');
    expect(container.querySelector('code')!.textContent).to.equal('a\n  b\nc\n``` \n');
    expect(container.querySelector('p')!.textContent).to.equal('after');
  });

  it('leaves an unclosed fence open until the end', () => {
    expect(renderAll('```\na\n\nb').querySelector('code')!.textContent).to.equal('a\n\nb\n');
  });

  it('renders GFM tables with alignment, inline content, escaped pipes and ragged rows', () => {
    const container = renderAll('intro\n| a | b | c |\n|:--|:-:|--:|\n| **x** | `a\\|b` | 3 |\n| only |\nrow | two | three | extra\n\nafter');
    expect(html(container)).to.equal(
      '<p>intro</p><div><table><thead><tr><th style="text-align: left;">a</th><th style="text-align: center;">b</th>' +
        '<th style="text-align: right;">c</th></tr></thead><tbody>' +
        '<tr><td style="text-align: left;"><strong>x</strong></td><td style="text-align: center;"><code>a|b</code></td>' +
        '<td style="text-align: right;">3</td></tr>' +
        '<tr><td style="text-align: left;">only</td><td style="text-align: center;"></td><td style="text-align: right;"></td></tr>' +
        '<tr><td style="text-align: left;">row</td><td style="text-align: center;">two</td><td style="text-align: right;">three</td></tr>' +
        '</tbody></table></div><p>after</p>',
    );
  });

  it('does not make a table when the header and delimiter cell counts differ', () => {
    expect(render('| a | b |\n| --- |')).to.equal('<p>| a | b |\n| --- |</p>');
  });

  it('ends a table at a line that starts another block', () => {
    expect(render('| a |\n| - |\n| 1 |\n> q')).to.equal(
      '<div><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></div>' +
        '<blockquote><p>q</p></blockquote>',
    );
  });

  it('shows raw HTML as text', () => {
    const container = renderAll('<div onclick="x()">hi</div>\n\n<script>alert(1)</script>');
    expect(container.querySelector('div, script')).to.equal(null);
    expect(container.textContent).to.equal('<div onclick="x()">hi</div><script>alert(1)</script>');
  });

  it('treats CRLF line endings like LF', () => {
    expect(render('# a\r\n\r\nb\r\nc')).to.equal('<h1>a</h1><p>b\nc</p>');
  });

  it('lets prose blocks take their own direction and keeps code left to right', () => {
    const container = renderAll('# שלום\n\nمرحبا\n\n| a |\n| - |\n| b |\n\n```\ncode\n```');
    for (const element of container.querySelectorAll('h1, p, th, td')) expect(element.getAttribute('dir')).to.equal('auto');
    expect(container.querySelector('pre')!.getAttribute('dir')).to.equal('ltr');
  });

  describe('list direction', () => {
    /** Renders into a host of the given direction in the page and reads each list's and item's direction. */
    function directions(text: string, hostDirection: 'ltr' | 'rtl', pieces = [text]) {
      const host = document.createElement('div');
      host.dir = hostDirection;
      document.body.append(host);
      try {
        const { container, renderer } = createRenderer();
        host.append(container);
        for (const piece of pieces) {
          renderer.append(piece);
          renderer.flush();
        }
        renderer.finish();
        renderer.flush();
        const direction = (element: Element) => getComputedStyle(element).direction;
        return {
          lists: [...container.querySelectorAll('ul, ol')].map(direction),
          items: [...container.querySelectorAll('li')].map(direction),
          paragraphs: [...container.querySelectorAll('li > p')].map(direction),
        };
      } finally {
        host.remove();
      }
    }

    it('lays out a list of Hebrew or Arabic items right to left in a left-to-right page', () => {
      expect(directions('- שלום\n- **עולם** x\n\n1. مرحبا\n2. عالم', 'ltr')).to.deep.equal({
        lists: ['rtl', 'rtl'],
        items: ['rtl', 'rtl', 'rtl', 'rtl'],
        paragraphs: ['rtl', 'rtl', 'rtl', 'rtl'],
      });
    });

    it('follows a right-to-left page when the items have no letters, and keeps English left to right', () => {
      expect(directions('- 1\n- `2`\n- —', 'rtl')).to.deep.equal({
        lists: ['rtl'],
        items: ['rtl', 'rtl', 'rtl'],
        paragraphs: ['rtl', 'rtl', 'rtl'],
      });
      expect(directions('- one\n- two', 'rtl').items).to.deep.equal(['ltr', 'ltr']);
      expect(directions('- one\n- 2', 'ltr')).to.deep.equal({ lists: ['ltr'], items: ['ltr', 'ltr'], paragraphs: ['ltr', 'ltr'] });
    });

    it('gives each item the direction of its own first letter, ignoring link targets and markup', () => {
      expect(directions('- [שלום](https://a.example) x\n- hello שלום\n  - 3 ﻣﺮﺣﺒﺎ', 'ltr')).to.deep.equal({
        lists: ['rtl', 'rtl'],
        items: ['rtl', 'ltr', 'rtl'],
        paragraphs: ['rtl', 'ltr', 'rtl'],
      });
    });

    it('settles on the same directions however the text arrives', () => {
      // The last item is led by a setext heading (its own direction), so it follows its right-to-left list.
      const text = '- 12 שלום\n- a\n\n- b\n  c\n  ---\n';
      const whole = directions(text, 'ltr');
      expect(whole.items).to.deep.equal(['rtl', 'ltr', 'rtl']);
      expect(directions(text, 'ltr', splitEvery(text, 1))).to.deep.equal(whole);
    });
  });

  it('gives every structural element a part', () => {
    const container = renderAll(
      '# h\n\np *e* **s** ~~d~~ `c` [l](https://a.example)\n\n> q\n\n- [ ] t\n1. o\n\n---\n\n```js\nlet a\n```\n\n| a |\n| - |\n| b |',
    );
    const unthemed = [...container.querySelectorAll('*')].filter((element) => !element.hasAttribute('part'));
    expect(unthemed.map((element) => element.localName)).to.deep.equal([]);
  });
});
