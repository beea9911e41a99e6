/**
 * The agent's markdown as a person sees it inside `<convo-chat>`, from a real streamed reply: the reference
 * server's `tour` script writes every construct, plus what untrusted output may try (a `javascript:` link,
 * raw HTML with script in it, a remote image).
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, chatWithAttributes, part, parts, visibleText, waitForReply } from './chat-fixture.js';

declare global {
  interface Window {
    /** Set only if the reply's raw HTML ran (it must not). */
    convoTourHtmlRan?: boolean;
  }
}

/** The rendered text of the agent's last reply. */
function lastReplyText(element: ConvoChat): HTMLElement {
  const replies = parts(element, 'message-agent');
  const text = replies[replies.length - 1]?.querySelector<HTMLElement>('[part~="text"]');
  if (!text) throw new Error('no agent reply text');
  return text;
}

function textsOf(container: Element, selector: string): string[] {
  return [...container.querySelectorAll(selector)].map((node) => visibleText(node));
}

/** An image the test page's own server serves, with a query that keeps each test's request apart. */
function chartImageUrl(label: string): string {
  return `${location.origin}/test/fixtures/images/chart.svg?case=${label}-${Date.now()}`;
}

async function tour(element: ConvoChat, message = 'Give me a markdown tour'): Promise<HTMLElement> {
  await element.send(message);
  await waitForReply(element);
  // The renderer paints a large arrival over a few frames: wait for the tour's last line.
  await waitUntil(() => visibleText(lastReplyText(element)).includes('A chart:'), 'the tour did not render');
  return lastReplyText(element);
}

for (const dialect of DIALECTS) {
  describe(`<convo-chat> markdown in a streamed reply (${dialect})`, () => {
    let server: ReferenceServer;

    before(async () => {
      server = await startReferenceServer();
    });

    after(async () => {
      await server.stop();
    });

    it('shows headings, emphasis, lists, a quote and a GFM table, never the markdown syntax', async () => {
      const element = await chatWithAttributes(server, dialect);
      const text = await tour(element);
      expect(textsOf(text, 'h1[part~="md-heading"]')).to.deep.equal(['A markdown tour']);
      expect(textsOf(text, 'h2[part~="md-heading"]')).to.deep.equal(['Lists', 'Quotes and tables', 'Code', 'Links', 'Untrusted content']);
      expect(textsOf(text, 'em[part~="md-emphasis"]')).to.deep.equal(['emphasised']);
      expect(textsOf(text, 'strong[part~="md-strong"]')).to.deep.equal(['strong', 'bold']);
      expect(textsOf(text, '[part~="md-strikethrough"]')).to.deep.equal(['struck through']);
      expect(textsOf(text, 'code[part~="md-inline-code"]')).to.deep.equal(['inline code']);

      const bulleted = text.querySelector(':scope > ul[part~="md-list"]')!;
      expect(textsOf(bulleted, ':scope > li > p')).to.deep.equal(['Unordered item', 'Another one, with bold']);
      expect(textsOf(bulleted, 'li ul > li')).to.deep.equal(['A nested item']);
      const numbered = text.querySelector(':scope > ol[part~="md-list"]')!;
      expect(textsOf(numbered, ':scope > li')).to.deep.equal(['First step', 'Second step', 'Third step']);
      expect(textsOf(text, 'blockquote[part~="md-blockquote"]')).to.deep.equal(['Measure what matters.']);

      const table = text.querySelector('table[part~="md-table"]')!;
      expect(textsOf(table, 'th')).to.deep.equal(['Metric', 'Value']);
      expect([...table.querySelectorAll('tbody tr')].map((row) => textsOf(row, 'td'))).to.deep.equal([
        ['Sign-ups', '1,204'],
        ['Conversion', '41.0 %'],
      ]);
      // `---:` aligns the numbers to the end of their column.
      expect(getComputedStyle(table.querySelector('tbody td:last-child')!).textAlign).to.be.oneOf(['right', 'end']);

      const shown = visibleText(text);
      for (const syntax of ['# ', '**', '~~', '| ---', '```', '> Measure']) expect(shown).not.to.contain(syntax);
      await expect(element).to.be.accessible();
    });

    it('links only to http, https and mailto, in a new tab without an opener; a javascript: link stays inert text', async () => {
      const element = await chatWithAttributes(server, dialect);
      const text = await tour(element);
      const links = [...text.querySelectorAll<HTMLAnchorElement>('a[part~="md-link"]')];
      expect(links.map((link) => [visibleText(link), link.getAttribute('href')])).to.deep.equal([
        ['the docs', 'https://posthog.com/docs'],
        ['the team', 'mailto:hey@posthog.com'],
      ]);
      for (const link of links) {
        expect(link.target).to.equal('_blank');
        expect(link.rel.split(' ')).to.include('noopener');
      }
      // An address that is no URL at all is shown as words (and, as a citation, left out).
      expect(visibleText(text)).to.contain('Models get addresses wrong too: a link to nowhere.');
      const citations = parts<HTMLAnchorElement>(element, 'citation').map((link) => link.getAttribute('href'));
      expect(citations).to.deep.equal(dialect === 'agents' ? ['https://posthog.com/docs'] : []);
      // The trick's words are shown, but nothing anywhere in the chat links to script.
      expect(visibleText(text)).to.contain('try this trick.');
      const everyLink = [...element.shadowRoot!.querySelectorAll('a')];
      expect(everyLink.filter((link) => /^\s*javascript:/i.test(link.getAttribute('href') ?? ''))).to.have.length(0);
      const trick = [...text.querySelectorAll('p')].find((paragraph) => paragraph.textContent!.includes('this trick'))!;
      const trickWords = [...trick.childNodes].find((node) => node.textContent!.includes('this trick'))!;
      expect(trickWords.nodeType === Node.TEXT_NODE || (trickWords as Element).localName !== 'a').to.equal(true);
    });

    it('offers suggested replies whose links are web links only; one that is script sends its words instead', async () => {
      const element = await chatWithAttributes(server, dialect);
      await tour(element, 'Give me a markdown tour with quick replies');
      await waitUntil(() => parts(element, 'quick-reply').length === 3, 'no quick replies');
      const replies = parts(element, 'quick-reply');
      expect(replies.map((reply) => visibleText(reply))).to.deep.equal(['Open the docs', 'Claim your prize', 'Another markdown tour']);
      // Only PostHog options carry links.
      const links = replies.filter((reply): reply is HTMLAnchorElement => reply.localName === 'a');
      expect(links.map((link) => link.getAttribute('href'))).to.deep.equal(dialect === 'posthog' ? ['https://posthog.com/docs'] : []);
      for (const link of links) expect(link.rel.split(' ')).to.include('noopener');
      const prize = replies[1]!;
      expect(prize.localName).to.equal('button');
      (prize as HTMLButtonElement).click();
      await waitUntil(() => parts(element, 'message-user').length === 2, 'the reply was not sent');
      expect(visibleText(parts(element, 'message-user')[1]!.querySelector('[part~="bubble"]'))).to.equal('Claim your prize');
    });

    it('shows raw HTML as text and never runs it', async () => {
      delete window.convoTourHtmlRan;
      const element = await chatWithAttributes(server, dialect);
      const text = await tour(element);
      expect(visibleText(text)).to.contain('Raw HTML stays text: <img src=x onerror="window.convoTourHtmlRan = true"> <script>window.convoTourHtmlRan = true</script>');
      expect(text.querySelector('script, img:not([part~="md-image"]), [onerror]')).to.equal(null);
      // An image that failed to load would have run its handler by now.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(window.convoTourHtmlRan).to.equal(undefined);
    });

    it('highlights fenced code and copies it with the block’s button', async () => {
      const element = await chatWithAttributes(server, dialect);
      const text = await tour(element);
      const block = text.querySelector<HTMLElement>('[part~="md-code-block"]')!;
      expect(block.dataset['language']).to.equal('ts');
      expect(visibleText(block.querySelector('[part~="md-code-language"]'))).to.equal('ts');
      const code = 'const total = values.reduce((sum, value) => sum + value, 0);\nconsole.log(`total: ${total}`);';
      expect(block.querySelector('[part~="md-code"]')!.textContent!.replace(/\n$/, '')).to.equal(code);
      await waitUntil(() => block.querySelector('[part~="token-keyword"]') !== null, 'the code was not highlighted');
      expect(visibleText(block.querySelector('[part~="token-keyword"]'))).to.equal('const');
      expect(getComputedStyle(block.querySelector('[part~="token-keyword"]')!).color).not.to.equal(getComputedStyle(block.querySelector('[part~="md-code"]')!).color);

      const copied: string[] = [];
      const clipboard = navigator.clipboard;
      Object.defineProperty(clipboard, 'writeText', { configurable: true, value: async (value: string) => void copied.push(value) });
      try {
        const button = block.querySelector<HTMLButtonElement>('[part~="md-copy-button"]')!;
        expect(button.getAttribute('aria-label')).to.equal('Copy ts code');
        expect(visibleText(button)).to.equal('Copy');
        button.click();
        await waitUntil(() => copied.length === 1, 'nothing was copied');
        expect(copied[0]).to.equal(code);
        // Seen and heard: the text and the accessible name both say so, then both go back.
        await waitUntil(() => visibleText(button) === 'Copied', 'the button did not say it copied');
        expect(button.getAttribute('aria-label')).to.equal('Copied');
        button.click();
        await waitUntil(() => copied.length === 2, 'copying again copied nothing');
        await waitUntil(() => visibleText(button) === 'Copy', 'the button kept saying it copied', { timeout: 4000 });
        expect(button.getAttribute('aria-label')).to.equal('Copy ts code');
      } finally {
        delete (clipboard as { writeText?: unknown }).writeText;
      }
    });

    it('selects the code for the person to copy when the page may not use the clipboard', async () => {
      const element = await chatWithAttributes(server, dialect);
      const text = await tour(element);
      const clipboard = navigator.clipboard;
      Object.defineProperty(clipboard, 'writeText', { configurable: true, value: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) });
      try {
        const button = text.querySelector<HTMLButtonElement>('[part~="md-copy-button"]')!;
        button.click();
        const code = text.querySelector('[part~="md-code"]')!.textContent!.trimEnd();
        await waitUntil(() => document.getSelection()!.toString().trimEnd() === code, 'the code was not selected');
        expect(visibleText(button)).to.equal('Copy');
      } finally {
        delete (clipboard as { writeText?: unknown }).writeText;
        document.getSelection()!.removeAllRanges();
      }
    });

    it('keeps a remote image unloaded unless its origin is allowed, and loads it when it is', async () => {
      const blockedUrl = chartImageUrl(`blocked-${dialect}`);
      const blocked = await chatWithAttributes(server, dialect);
      const blockedText = await tour(blocked, `Give me a markdown tour with the chart at ${blockedUrl}`);
      expect(blockedText.querySelector('img')).to.equal(null);
      const placeholder = blockedText.querySelector<HTMLElement>('[part~="md-image-placeholder"]')!;
      expect(visibleText(placeholder)).to.equal('Weekly active users');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(performance.getEntriesByName(blockedUrl)).to.have.length(0);

      const allowedUrl = chartImageUrl(`allowed-${dialect}`);
      const allowed = await chatWithAttributes(server, dialect);
      allowed.setAttribute('allowed-image-origins', `https://images.example.com ${location.origin}`);
      await allowed.updateComplete;
      const allowedText = await tour(allowed, `Give me a markdown tour with the chart at ${allowedUrl}`);
      const image = allowedText.querySelector<HTMLImageElement>('img[part~="md-image"]')!;
      expect(image).to.not.equal(null);
      expect(image.alt).to.equal('Weekly active users');
      expect(image.getAttribute('src')).to.equal(allowedUrl);
      expect(image.referrerPolicy).to.equal('no-referrer');
      // Images load lazily: bring it into view, as a reader would (the last paragraph may be drawn again as
      // the reply completes, so look the image up each time).
      await waitUntil(
        () => {
          const shown = allowedText.querySelector<HTMLImageElement>('img[part~="md-image"]');
          // Centred: an image not loaded yet has no size, and at an edge it may not count as in view.
          shown?.scrollIntoView({ block: 'center' });
          return shown !== null && shown.complete && shown.naturalWidth > 0;
        },
        'the allowed image did not load',
        { timeout: 5000 },
      );
      expect(part(allowed, 'md-image-placeholder')).to.equal(null);
    });
  });
}
