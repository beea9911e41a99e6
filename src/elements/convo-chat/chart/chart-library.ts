/**
 * The part of the chart code that needs Vega: loaded with a dynamic import when the first chart is drawn
 * (the ESM build keeps `vega-embed` a bare import for the page's bundler; the script-tag embed loads this
 * module, with Vega inside, from `convo-embed-chart.js` beside itself).
 *
 * A spec is model output, so it is drawn with everything that could run code or reach the network closed:
 * expressions are evaluated from their syntax tree by vega-interpreter (never `eval` or `new Function`);
 * data and images load only from origins the host allowed; links open in a new tab without an opener;
 * there is no actions menu (it can post the spec to an editor) and no HTML tooltips (the browser's own
 * text tooltip shows instead).
 */
import embed, { vega, type EmbedOptions } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import { safeLinkHref } from '../../../markdown/url-policy.js';
import { chartConfig, fitToWidth } from './chart-config.js';
import type { ChartFormat, ChartSpec } from './chart-spec.js';
import type { ChartTheme } from './chart-theme.js';

export interface DrawOptions {
  format: ChartFormat;
  /** The element's tokens; the spec's own `config` takes precedence. */
  theme: ChartTheme;
  /** The frame's width in pixels: a single view is fitted to it. */
  width: number;
  /** Origins (`https://data.example.com`) the spec may load data and images from. */
  allowedOrigins: ReadonlySet<string>;
  /** An address the spec asked for and the policy refused. */
  onRefused(url: string): void;
}

export interface DrawnChart {
  /** Whether the chart follows the frame's width (see `fitToWidth`): then `resize` lays it out again. */
  fitted: boolean;
  resize(width: number): Promise<void>;
  /** Frees the view's listeners and timers; the container's content stays until replaced. */
  finalize(): void;
}

/** A Vega loader that applies the origin policy to everything the spec asks to load or link to. */
function guardedLoader(allowedOrigins: ReadonlySet<string>, onRefused: (url: string) => void): ReturnType<typeof vega.loader> {
  const base = vega.loader({ target: '_blank', rel: 'noopener noreferrer' } as Parameters<typeof vega.loader>[0]);
  const sanitize = base.sanitize.bind(base);
  return {
    ...base,
    async sanitize(uri, options) {
      const result = await sanitize(uri, options);
      const url = new URL(result.href, document.baseURI);
      // Links follow the markdown's rule (they need a click and open a new tab); loads need an allowed origin.
      const allowed = options.context === 'href' ? safeLinkHref(url.href) !== null : allowedOrigins.has(url.origin);
      if (!allowed) {
        onRefused(url.href);
        throw new Error(`Refused to load ${url.href}: its origin is not allowed`);
      }
      return result;
    },
  };
}

/** A logger that keeps Vega's messages about the spec off the page's console: they are about model output. */
function quietLogger(): ReturnType<typeof vega.logger> {
  return vega.logger(vega.Warn, undefined, () => undefined);
}

/**
 * Draws `spec` as SVG into `container` (which it empties). Rejects when the spec cannot be compiled or
 * parsed; data that could not load leaves its marks out rather than failing the chart.
 */
export async function drawChart(container: HTMLElement, source: ChartSpec, options: DrawOptions): Promise<DrawnChart> {
  const { spec, fitted } = fitToWidth(source, options.format, options.width);
  const embedOptions: EmbedOptions = {
    mode: options.format,
    renderer: 'svg',
    actions: false,
    tooltip: false,
    // The element styles the chart; vega-embed's stylesheet is for its actions menu.
    defaultStyle: false,
    config: chartConfig(options.theme),
    loader: guardedLoader(options.allowedOrigins, options.onRefused),
    logger: quietLogger(),
    ast: true,
    expr: expressionInterpreter,
  };
  const result = await embed(container, spec as Parameters<typeof embed>[1], embedOptions);
  return {
    fitted,
    async resize(width) {
      await result.view.width(width).runAsync();
    },
    finalize() {
      result.finalize();
    },
  };
}
