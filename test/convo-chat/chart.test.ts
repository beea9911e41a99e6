import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { messageFromAgents, type AgentsMessage } from '../../src/api/wire-agents.js';
import { setChartLibraryUrl } from '../../src/elements/convo-chat/chart/chart-loader.js';
import type { ConvoChat } from '../../src/elements/convo-chat/convo-chat.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { chatWithAttributes, part, parts, visibleText, waitForReply } from './chat-fixture.js';

/** How long a drawing or a reply may take on a busy machine (the chart library's first load included). */
const DRAWN = { timeout: 10000 };

/** Vega's SVG draws each bar of a bar mark as a path in the mark's group. */
function bars(frame: Element): SVGPathElement[] {
  return [...frame.querySelectorAll<SVGPathElement>('g.mark-rect path')];
}

async function drawnChart(element: ConvoChat): Promise<HTMLElement> {
  await waitUntil(() => part(element, 'chart-frame')?.getAttribute('aria-busy') === 'false' || part(element, 'chart-error') !== null, 'the chart was neither drawn nor refused', DRAWN);
  const frame = part(element, 'chart-frame');
  if (frame === null) throw new Error(`the chart failed: ${visibleText(part(element, 'chart-error'))}`);
  return frame;
}

/** Whether anything on the page asked for `fragment` (script modules, fetches, images). */
function requested(fragment: string): boolean {
  return performance.getEntriesByType('resource').some((entry) => entry.name.includes(fragment));
}

/**
 * Shows an agent message holding `spec` as a stored message of the open conversation would be shown (the
 * reference server's scripted agent only writes well-formed charts; these are what a model might write).
 */
async function showStoredChart(element: ConvoChat, specRaw: string): Promise<void> {
  const wire: AgentsMessage = {
    message_id: `chart-${Math.random().toString(36).slice(2)}`,
    role: 'agent',
    complete: true,
    content: [{ content_id: 'c0', kind: 'vega_chart', complete: true, sub_type: 'vega-lite', chart_spec_raw: specRaw }],
  };
  element.session.transcript.mergeStored([messageFromAgents(wire)]);
  element.requestUpdate();
  await element.updateComplete;
}

describe('<convo-chat> charts', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  it('loads the chart library only when a chart arrives, then draws the agent\u2019s Vega-Lite bars as accessible SVG', async () => {
    const element = await chatWithAttributes(server, 'agents');
    await element.send('Tell me about retention');
    await waitForReply(element);
    expect(requested('vega'), 'the chart library loaded before any chart').to.equal(false);

    await element.send('Show me a chart of weekly users');
    await waitForReply(element);
    const frame = await drawnChart(element);
    expect(requested('vega'), 'the chart library was not loaded').to.equal(true);
    // The scripted agent's chart: six weeks as six bars, titled.
    expect(bars(frame)).to.have.length(6);
    expect(frame.getAttribute('role')).to.equal('img');
    expect(frame.getAttribute('aria-label')).to.match(/^Weekly active users — /);
    const svg = frame.querySelector('svg')!;
    expect(svg).to.not.equal(null);
    expect(frame.querySelector('canvas')).to.equal(null);
    // Sized to the column, axes included.
    expect(Math.abs(Number(svg.getAttribute('width')) - frame.clientWidth)).to.be.lessThan(2);
    // Coloured with the element's tokens.
    const accent = getComputedStyle(frame).getPropertyValue('--_accent').trim();
    expect(bars(frame)[0]!.getAttribute('fill')).to.equal(accent);
    expect(visibleText(frame.querySelector('.role-title'))).to.match(/^Weekly active users — /);
    expect(parts(element, 'unsupported')).to.have.length(0);
  });

  it('draws the chart again in the dark theme and at a new width', async () => {
    const element = await chatWithAttributes(server, 'agents');
    element.theme = 'light';
    await element.send('chart the signups');
    await waitForReply(element);
    const frame = await drawnChart(element);
    const label = (): string => frame.querySelector('.role-axis-label text')!.getAttribute('fill')!;
    const lightLabel = label();
    expect(lightLabel).to.equal(getComputedStyle(frame).getPropertyValue('--_text-muted').trim());
    await expect(element).to.be.accessible();

    element.theme = 'dark';
    await element.updateComplete;
    const darkMuted = getComputedStyle(frame).getPropertyValue('--_text-muted').trim();
    expect(darkMuted).to.not.equal(lightLabel);
    await waitUntil(() => frame.querySelector('.role-axis-label text')?.getAttribute('fill') === darkMuted, 'the chart kept its light colours', DRAWN);
    expect(bars(frame)).to.have.length(6);
    await expect(element).to.be.accessible();

    element.style.width = '420px';
    await waitUntil(() => Math.abs(Number(frame.querySelector('svg')!.getAttribute('width')) - frame.clientWidth) < 2 && frame.clientWidth < 420, 'the chart did not follow the column', DRAWN);
  });

  it('follows the system colour scheme when no theme is set', async () => {
    const element = await chatWithAttributes(server, 'agents');
    await emulateMedia({ colorScheme: 'light' });
    try {
      await element.send('chart the retention');
      await waitForReply(element);
      const frame = await drawnChart(element);
      const title = (): string | null => frame.querySelector('.role-title-text text')?.getAttribute('fill') ?? null;
      const lightText = title();
      expect(lightText).to.equal(getComputedStyle(frame).getPropertyValue('--_text').trim());
      await emulateMedia({ colorScheme: 'dark' });
      const darkText = getComputedStyle(frame).getPropertyValue('--_text').trim();
      expect(darkText).to.not.equal(lightText);
      await waitUntil(() => title() === darkText, 'the chart kept its light colours', DRAWN);
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('shows a placeholder while the spec streams and never parses a half-written spec', async () => {
    const slow = await startReferenceServer({ rate: 40 });
    try {
      const element = await chatWithAttributes(slow, 'agents');
      await element.send('chart the conversions');
      await waitUntil(() => part(element, 'chart-frame') !== null, 'no chart placeholder', { timeout: 10000 });
      const placeholder = part(element, 'chart-frame')!;
      expect(placeholder.getAttribute('aria-busy')).to.equal('true');
      expect(placeholder.getAttribute('aria-label')).to.equal('Chart, loading');
      expect(parts(element, 'chart-error')).to.have.length(0);
      // A quiet shimmer, still for people who asked for reduced motion.
      expect(getComputedStyle(placeholder).animationName).to.equal('chart-placeholder');
      await emulateMedia({ reducedMotion: 'reduce' });
      expect(getComputedStyle(placeholder).animationName).to.equal('none');
      await emulateMedia({ reducedMotion: 'no-preference' });
      await waitForReply(element, 20000);
      expect(bars(await drawnChart(element))).to.have.length(6);
    } finally {
      await slow.stop();
    }
  });

  it('lets a chart wider than the column scroll sideways, reachable by keyboard; one that fits takes no tab stop', async () => {
    const element = await chatWithAttributes(server, 'agents');
    const view = (width: number): object => ({ width, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } });
    await showStoredChart(element, JSON.stringify({ data: { values: [{ a: 'x', b: 1 }, { a: 'y', b: 2 }] }, hconcat: [view(600), view(600)] }));
    const frame = await drawnChart(element);
    expect(frame.scrollWidth).to.be.greaterThan(frame.clientWidth);
    expect(frame.getAttribute('tabindex')).to.equal('0');
    expect(bars(frame)).to.have.length(4);
    await expect(element).to.be.accessible();

    element.session.transcript.reset();
    await showStoredChart(element, JSON.stringify({ data: { values: [{ a: 'x', b: 1 }] }, ...view(600) }));
    const fitted = await drawnChart(element);
    expect(fitted.scrollWidth).to.equal(fitted.clientWidth);
    expect(fitted.hasAttribute('tabindex')).to.equal(false);
  });

  it('says a spec that is not JSON, or that Vega-Lite rejects, could not be drawn, with the spec on demand', async () => {
    const element = await chatWithAttributes(server, 'agents');
    await element.send('Tell me about retention');
    await waitForReply(element);
    const reply = visibleText(part(element, 'message-agent'));
    const replies = (): string[] => parts(element, 'message-agent').map(visibleText);
    const cut = '{"mark": "bar", "data": {"values": [{"a": 1}';
    await showStoredChart(element, cut);
    const note = part(element, 'chart-error')!;
    expect(note).to.not.equal(null);
    expect(visibleText(note)).to.contain('This chart could not be drawn. Its specification is not a JSON object.');
    const source = note.querySelector('details')!;
    expect(source.open).to.equal(false);
    source.open = true;
    expect(part(element, 'chart-source')!.textContent).to.equal(cut);
    // The rest of the transcript is untouched.
    expect(replies()).to.include(reply);
    await expect(element).to.be.accessible();

    await showStoredChart(element, JSON.stringify({ mark: 'bar', encoding: { x: { field: 'a', type: 'sideways' } }, data: { values: [{ a: 1 }] } }));
    await waitUntil(() => parts(element, 'chart-error').length === 2, 'an encoding Vega-Lite rejects was not reported', DRAWN);
    expect(visibleText(parts(element, 'chart-error')[1]!)).to.match(/^This chart could not be drawn\. .+/);
    expect(replies()).to.have.length(3).and.to.include(reply);
  });

  it('runs no script from a spec: expressions are interpreted, never compiled with eval or new Function', async () => {
    const element = await chatWithAttributes(server, 'agents');
    const compiled: string[] = [];
    const RealFunction = window.Function;
    const realEval = window.eval;
    window.Function = new Proxy(RealFunction, {
      apply: (target, self, args: string[]) => (compiled.push(String(args.at(-1))), Reflect.apply(target, self, args)),
      construct: (target, args: string[]) => (compiled.push(String(args.at(-1))), Reflect.construct(target, args)),
    });
    window.eval = (code: string) => (compiled.push(code), realEval(code));
    try {
      // Expressions in a filter, a calculation, an encoding condition, and a reach for the Function constructor.
      const spec = {
        data: { values: [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }] },
        transform: [{ filter: 'datum.n > 1' }, { calculate: 'datum.n * 10', as: 'm' }, { calculate: "constructor.constructor('window.__chartEscaped = true')()", as: 'escape' }],
        mark: 'bar',
        encoding: { x: { field: 'n', type: 'ordinal' }, y: { field: 'm', type: 'quantitative' }, color: { condition: { test: 'datum.m > 20', value: 'red' }, value: 'blue' } },
      };
      await showStoredChart(element, JSON.stringify(spec));
      await waitUntil(() => part(element, 'chart-frame')?.getAttribute('aria-busy') === 'false' || part(element, 'chart-error') !== null, 'the chart did not settle', DRAWN);
      const safe = { ...spec, transform: spec.transform.slice(0, 2) };
      element.session.transcript.reset();
      await showStoredChart(element, JSON.stringify(safe));
      const frame = await drawnChart(element);
      expect(bars(frame)).to.have.length(3);
    } finally {
      window.Function = RealFunction;
      window.eval = realEval;
    }
    expect(compiled).to.deep.equal([]);
    expect((window as { __chartEscaped?: boolean }).__chartEscaped).to.equal(undefined);
  });

  it('loads no data or image from an origin that is not allowed, and says so; an allowed origin loads', async () => {
    const element = await chatWithAttributes(server, 'agents');
    const stealData = `${server.url}/chart-exfiltration-data.json?conversation=secret`;
    const stealImage = `${server.url}/chart-exfiltration-image.png`;
    const spec = {
      layer: [
        { data: { url: stealData }, mark: 'bar', encoding: { x: { field: 'week', type: 'ordinal' }, y: { field: 'users', type: 'quantitative' } } },
        { data: { values: [{ week: 'W1', users: 3, picture: stealImage }] }, mark: 'image', encoding: { x: { field: 'week', type: 'ordinal' }, y: { field: 'users', type: 'quantitative' }, url: { field: 'picture' } } },
      ],
    };
    await showStoredChart(element, JSON.stringify(spec));
    await drawnChart(element);
    await waitUntil(() => part(element, 'chart-note') !== null, 'the refusal was not shown', DRAWN);
    expect(visibleText(part(element, 'chart-note'))).to.equal(`Content from ${server.url} was not loaded: that site is not on the allowed list.`);
    expect(requested('chart-exfiltration'), 'a refused address was requested').to.equal(false);

    // The same page's origin, once allowed, serves the data.
    element.setAttribute('allowed-image-origins', location.origin);
    element.session.transcript.reset();
    await element.updateComplete;
    await showStoredChart(element, JSON.stringify({ data: { url: new URL('chart-data.json', import.meta.url).href }, mark: 'bar', encoding: { x: { field: 'week', type: 'ordinal' }, y: { field: 'users', type: 'quantitative' } } }));
    const frame = await drawnChart(element);
    await waitUntil(() => bars(frame).length === 4, 'the allowed data did not load', DRAWN);
    expect(parts(element, 'chart-note')).to.have.length(0);
  });

  // Last: it points the page's chart loader elsewhere and back.
  it('says when the chart library cannot be loaded, and draws the chart on retry once it can', async () => {
    const element = await chatWithAttributes(server, 'agents');
    const missing = new URL('/no-such-folder/convo-embed-chart.js', location.origin).href;
    setChartLibraryUrl(missing);
    await showStoredChart(element, JSON.stringify({ data: { values: [{ a: 'x', b: 1 }, { a: 'y', b: 2 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } }));
    await waitUntil(() => part(element, 'chart-error') !== null, 'the failed load was not reported', DRAWN);
    expect(visibleText(part(element, 'chart-error'))).to.contain('This chart could not be drawn. The chart library could not be loaded.').and.to.contain(missing);
    setChartLibraryUrl(new URL('../../src/elements/convo-chat/chart/chart-library.ts', import.meta.url).href);
    part<HTMLButtonElement>(element, 'retry-button')!.click();
    expect(bars(await drawnChart(element))).to.have.length(2);
  });

  it('leaves the PostHog dialect untouched: a chart request gets its text reply and no chart', async () => {
    const element = await chatWithAttributes(server, 'posthog');
    await element.send('Show me a chart of weekly users');
    await waitForReply(element);
    await waitUntil(() => visibleText(part(element, 'message-agent')).length > 20, 'no text reply', DRAWN);
    expect(parts(element, 'chart')).to.have.length(0);
    expect(parts(element, 'unsupported')).to.have.length(0);
    expect(parts(element, 'problem')).to.have.length(0);
  });
});
