import { expect } from '@open-wc/testing';
import { html, renderAll } from './helpers.js';

/** The inner HTML of the single paragraph a line renders to. */
const inline = (text: string) => html(renderAll(text)).replace(/^<p>|<\/p>$/g, '');

describe('markdown inline', () => {
  it('renders emphasis and strong with * and _', () => {
    expect(inline('*a* _b_ **c** __d__ ***e***')).to.equal(
      '<em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <em><strong>e</strong></em>',
    );
  });

  it('follows the flanking rules: no emphasis inside words with _, spaced stars stay literal', () => {
    expect(inline('snake_case_name a * b * c foo*bar*')).to.equal('snake_case_name a * b * c foo<em>bar</em>');
  });

  it('nests emphasis and applies the rule of three', () => {
    expect(inline('*a **b** c*')).to.equal('<em>a <strong>b</strong> c</em>');
    expect(inline('*foo**bar**baz*')).to.equal('<em>foo<strong>bar</strong>baz</em>');
    expect(inline('**foo*')).to.equal('*<em>foo</em>');
  });

  it('renders strikethrough with one or two tildes', () => {
    expect(inline('~~gone~~ ~also~ ~~~no~~~')).to.equal('<del>gone</del> <del>also</del> ~~~no~~~');
  });

  it('renders code spans, stripping one padding space and keeping backslashes', () => {
    expect(inline('`a` `` b`c `` ` `` ` `  ` `\\*`')).to.equal(
      '<code>a</code> <code>b`c</code> <code>``</code> <code>  </code> <code>\\*</code>',
    );
  });

  it('leaves an unmatched backtick run literal', () => {
    expect(inline('a ``b` c')).to.equal('a ``b` c');
  });

  it('resolves backslash escapes and character references', () => {
    expect(inline('\\*not\\* &amp; &copy; &#65; &#x42; &bogus; \\q')).to.equal(
      '*not* &amp; © A B &amp;bogus; \\q',
    );
  });

  it('renders hard breaks from two spaces or a backslash, soft breaks otherwise', () => {
    expect(inline('a  \nb\\\nc\nd')).to.equal('a<br>b<br>c\nd');
  });

  it('renders inline links with titles, balanced parentheses and angle destinations', () => {
    const container = renderAll('[a](https://x.example/p_(1) "T") [b](<https://y.example/a b>) [c]( https://z.example )');
    const links = [...container.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).to.deep.equal([
      'https://x.example/p_(1)',
      'https://y.example/a%20b',
      'https://z.example/',
    ]);
    expect(links[0]!.title).to.equal('T');
    expect(links[0]!.target).to.equal('_blank');
    expect(links[0]!.rel).to.equal('noopener noreferrer nofollow');
  });

  it('renders emphasis inside link text and does not nest links', () => {
    expect(inline('[*a* [b](https://b.example)](/a)')).to.equal(
      '[<em>a</em> <a href="https://b.example/" target="_blank" rel="noopener noreferrer nofollow">b</a>](/a)',
    );
  });

  it('keeps brackets that are not links literal', () => {
    expect(inline('[a] [b](no space) [c] (d)')).to.equal('[a] [b](no space) [c] (d)');
  });

  it('renders autolinks in angle brackets and GFM bare URLs, trimming trailing punctuation', () => {
    const container = renderAll(
      '<https://a.example/x> <me@b.example> see https://c.example/p?q=1. and www.d.example/(x)) end',
    );
    expect([...container.querySelectorAll('a')].map((link) => [link.getAttribute('href'), link.textContent])).to.deep.equal([
      ['https://a.example/x', 'https://a.example/x'],
      ['mailto:me@b.example', 'me@b.example'],
      ['https://c.example/p?q=1', 'https://c.example/p?q=1'],
      ['http://www.d.example/(x)', 'www.d.example/(x)'],
    ]);
    expect(container.textContent).to.contain('q=1. and');
  });

  it('does not autolink inside words', () => {
    expect(inline('xhttps://a.example')).to.equal('xhttps://a.example');
  });

  it('renders images from allowed origins only', () => {
    const allowed = renderAll('![alt *x*](https://img.example/a.png "t")', {
      allowedImageOrigins: ['https://img.example/'],
    });
    const image = allowed.querySelector('img')!;
    expect(image.getAttribute('src')).to.equal('https://img.example/a.png');
    expect(image.alt).to.equal('alt x');
    expect(image.referrerPolicy).to.equal('no-referrer');
    expect(image.title).to.equal('t');

    const blocked = renderAll('![alt](https://other.example/a.png)', { allowedImageOrigins: ['https://img.example'] });
    expect(blocked.querySelector('img')).to.equal(null);
    const placeholder = blocked.querySelector('[part="md-image-placeholder"]')!;
    expect(placeholder.textContent).to.equal('alt');
    expect(placeholder.getAttribute('href')).to.equal('https://other.example/a.png');
  });

  it('names an image placeholder without alt text from the strings table', () => {
    const container = renderAll('![](https://x.example/a.png)', { strings: { image: 'Bild' } });
    expect(container.textContent).to.equal('Bild');
  });
});
