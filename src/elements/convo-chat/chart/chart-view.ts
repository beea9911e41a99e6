/**
 * A chart part of the agent's reply, as a Lit directive: a placeholder while its specification streams, then
 * the chart drawn by the lazily loaded chart library, or a note saying why it could not be drawn with the
 * specification on demand. Nothing is parsed per streamed delta: the spec is read once its item is complete.
 *
 * Vega owns the drawing's DOM, so it draws into a canvas element this directive creates and Lit only places.
 * The chart follows the frame's width and is drawn again when the element's theme changes.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { AsyncDirective } from 'lit/async-directive.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { directive, PartType, type ChildPart, type PartInfo } from 'lit/directive.js';
import type { ChartPart } from '../../../api/types.js';
import { formatString, type ConvoStrings } from '../../../strings/strings.js';
import type { DrawnChart } from './chart-library.js';
import { loadChartLibrary } from './chart-loader.js';
import { chartPlaceholder } from './chart-placeholder.js';
import { chartStyles } from './chart.styles.js';
import type { FeatureModule } from '../lazy-feature.js';
import { parseChartSpec, type ParsedChart } from './chart-spec.js';
import { readChartTheme, themeSignature } from './chart-theme.js';

export interface ChartSettings {
  strings: ConvoStrings;
  /** Origins the chart may load data and images from (normalised: `https://data.example.com`). */
  allowedOrigins: ReadonlySet<string>;
}

type DrawableChart = Extract<ParsedChart, { ok: true }>;

type ChartState =
  | { kind: 'streaming' }
  | { kind: 'drawing'; chart: DrawableChart }
  | { kind: 'drawn'; chart: DrawableChart }
  | { kind: 'failed'; reason: 'spec' | 'library' | 'render'; detail: string };

const COLOR_SCHEME_QUERY = '(prefers-color-scheme: dark)';

class ChartDirective extends AsyncDirective {
  private state: ChartState = { kind: 'streaming' };
  private part: ChartPart | undefined;
  private settings: ChartSettings | undefined;
  /** The element around the chart: its width and its inherited design tokens are the chart's. */
  private frame: HTMLElement | undefined;
  private canvas: HTMLDivElement | undefined;
  private drawn: DrawnChart | undefined;
  /**
   * The spec and policy the current drawing (or the one under way) was made from. Compared field by field:
   * the entry re-renders on every delta of text streaming after the chart, and the spec text is the same
   * string each time, so the check costs nothing rather than the spec's length.
   */
  private drawnFrom: { specRaw: string; format: string; origins: string } | undefined;
  private drawnTheme: string | undefined;
  private drawnWidth = 0;
  /** The drawing is wider than the frame, which then scrolls sideways and takes keyboard focus to do so. */
  private overflows = false;
  /** Bumped for every drawing started; an older one that finishes late is dropped. */
  private generation = 0;
  private readonly refusedOrigins = new Set<string>();
  private resizeObserver: ResizeObserver | undefined;
  private themeObserver: MutationObserver | undefined;
  private colorScheme: MediaQueryList | undefined;

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.CHILD) throw new Error('chartView() belongs in a child position');
  }

  render(_part: ChartPart, _ready: boolean, _settings: ChartSettings): TemplateResult {
    return this.view();
  }

  override update(childPart: ChildPart, [part, ready, settings]: [ChartPart, boolean, ChartSettings]): TemplateResult {
    this.part = part;
    this.settings = settings;
    this.frame = childPart.parentNode as HTMLElement;
    if (!ready) {
      this.state = { kind: 'streaming' };
      return this.view();
    }
    const origins = [...settings.allowedOrigins].join(' ');
    const from = this.drawnFrom;
    if (from === undefined || from.specRaw !== part.specRaw || from.format !== part.format || from.origins !== origins) {
      this.drawnFrom = { specRaw: part.specRaw, format: part.format, origins };
      this.start();
    }
    return this.view();
  }

  /** Parses the finished spec (once per source text) and starts drawing it. */
  private start(): void {
    const { part } = this;
    if (part === undefined) return;
    const parsed = parseChartSpec(part.specRaw, part.format);
    if (!parsed.ok) {
      this.generation += 1;
      this.state = { kind: 'failed', reason: 'spec', detail: parsed.detail };
      return;
    }
    this.state = { kind: 'drawing', chart: parsed };
    this.refusedOrigins.clear();
    // Placed by the next render, before the library has loaded: Vega draws into a connected element.
    if (this.canvas === undefined) {
      this.canvas = document.createElement('div');
      this.canvas.className = 'chart-canvas';
      // The frame (role="img") names the chart; Vega's own roles inside would be nameless images.
      this.canvas.setAttribute('aria-hidden', 'true');
    }
    void this.draw(parsed, ++this.generation);
  }

  private async draw(chart: DrawableChart, generation: number): Promise<void> {
    let library: Awaited<ReturnType<typeof loadChartLibrary>>;
    try {
      library = await loadChartLibrary();
    } catch (error) {
      // The browser's own words name the address that failed; the loader's wrapper only says what it loaded.
      const detail = messageOf(error instanceof Error && error.cause !== undefined ? error.cause : error);
      this.finish(generation, { kind: 'failed', reason: 'library', detail });
      return;
    }
    const { frame, settings } = this;
    if (generation !== this.generation || !this.isConnected || frame === undefined || settings === undefined) return;
    const canvas = this.canvas;
    if (canvas === undefined) return;
    // Keep the row's height while the old drawing is replaced: the transcript must not jump.
    if (canvas.firstChild !== null) canvas.style.minHeight = `${canvas.offsetHeight}px`;
    const theme = readChartTheme(frame);
    const width = Math.floor(frame.clientWidth);
    this.drawn?.finalize();
    this.drawn = undefined;
    try {
      const drawn = await library.drawChart(canvas, chart.spec, {
        format: chart.format,
        theme,
        width,
        allowedOrigins: settings.allowedOrigins,
        onRefused: (url) => this.refused(url, generation),
      });
      if (generation !== this.generation) {
        drawn.finalize();
        return;
      }
      this.drawn = drawn;
      this.drawnTheme = themeSignature(theme);
      this.drawnWidth = width;
      this.finish(generation, { kind: 'drawn', chart });
    } catch (error) {
      this.finish(generation, { kind: 'failed', reason: 'render', detail: messageOf(error) });
    } finally {
      canvas.style.minHeight = '';
    }
  }

  private finish(generation: number, state: ChartState): void {
    if (generation !== this.generation) return;
    this.state = state;
    if (state.kind === 'drawn') {
      this.watch();
      this.overflows = this.measureOverflow();
    }
    if (this.isConnected) this.setValue(this.view());
  }

  private refused(url: string, generation: number): void {
    if (generation !== this.generation) return;
    const { origin } = new URL(url);
    if (this.refusedOrigins.has(origin)) return;
    this.refusedOrigins.add(origin);
    if (this.isConnected && this.state.kind === 'drawn') this.setValue(this.view());
  }

  /** Follows the frame's width and the element's theme once something is drawn. */
  private watch(): void {
    const { frame } = this;
    if (frame === undefined) return;
    if (this.resizeObserver === undefined) {
      this.resizeObserver = new ResizeObserver(() => this.followWidth());
      this.resizeObserver.observe(frame);
    }
    const host = (frame.getRootNode() as ShadowRoot).host as Element | undefined;
    if (this.themeObserver === undefined && host !== undefined) {
      this.themeObserver = new MutationObserver(() => this.followTheme());
      this.themeObserver.observe(host, { attributes: true, attributeFilter: ['theme', 'style', 'class'] });
    }
    if (this.colorScheme === undefined) {
      this.colorScheme = matchMedia(COLOR_SCHEME_QUERY);
      this.colorScheme.addEventListener('change', this.followTheme);
    }
  }

  /** Read on a drawing or a resize only: reading layout on every render would cost a reflow per delta. */
  private measureOverflow(): boolean {
    return this.drawn?.fitted === false && (this.canvas?.scrollWidth ?? 0) > Math.ceil(this.frame?.clientWidth ?? 0);
  }

  private followWidth(): void {
    const width = Math.floor(this.frame?.clientWidth ?? 0);
    if (this.drawn === undefined || width === 0 || width === this.drawnWidth) return;
    this.drawnWidth = width;
    if (this.drawn.fitted) {
      void this.drawn.resize(width);
      return;
    }
    const overflows = this.measureOverflow();
    if (overflows === this.overflows) return;
    this.overflows = overflows;
    if (this.isConnected) this.setValue(this.view());
  }

  /** The theme may have changed: draw again if the chart's colours or type did. */
  private readonly followTheme = (): void => {
    const { frame, state } = this;
    if (frame === undefined || state.kind !== 'drawn') return;
    if (themeSignature(readChartTheme(frame)) === this.drawnTheme) return;
    void this.draw(state.chart, ++this.generation);
  };

  private retry(): void {
    this.start();
    this.setValue(this.view());
  }

  private view(): TemplateResult {
    const strings = this.settings?.strings;
    if (strings === undefined) return html``;
    const { state } = this;
    switch (state.kind) {
      case 'streaming':
        return chartPlaceholder(strings);
      case 'drawing':
      case 'drawn': {
        const busy = state.kind === 'drawing';
        return html`<div
            part="chart-frame"
            role="img"
            aria-label=${busy ? strings.chartLoading : (state.chart.label ?? strings.chart)}
            aria-busy=${busy ? 'true' : 'false'}
            tabindex=${ifDefined(!busy && this.overflows ? 0 : undefined)}
          >
            ${this.canvas ?? nothing}
          </div>
          ${[...this.refusedOrigins].map((origin) => html`<p part="chart-note">${formatString(strings.chartLoadRefused, { origin })}</p>`)}`;
      }
      case 'failed':
        return html`<div part="chart-error">
          <p>
            <span>${strings.chartFailed}</span>
            <span class="chart-error-detail">${state.reason === 'spec' ? strings.chartInvalidSpec : state.reason === 'library' ? `${strings.chartLibraryFailed} (${state.detail})` : state.detail}</span>
            ${state.reason === 'library' ? html`<button part="button retry-button" type="button" @click=${() => this.retry()}>${strings.retry}</button>` : nothing}
          </p>
          <details>
            <summary>${strings.chartSource}</summary>
            <pre part="chart-source" tabindex="0" role="region" aria-label=${strings.chartSource}>${this.part?.specRaw ?? ''}</pre>
          </details>
        </div>`;
    }
  }

  /** The row left the DOM: the view's listeners and timers go; if it comes back, the chart is drawn again. */
  protected override disconnected(): void {
    this.generation += 1;
    this.drawn?.finalize();
    this.drawn = undefined;
    this.drawnFrom = undefined;
    this.drawnTheme = undefined;
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.themeObserver?.disconnect();
    this.themeObserver = undefined;
    this.colorScheme?.removeEventListener('change', this.followTheme);
    this.colorScheme = undefined;
  }

  protected override reconnected(): void {
    if (this.state.kind === 'streaming' || this.part === undefined) return;
    this.start();
    this.setValue(this.view());
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `${chartView(part, ready, settings)}`: the chart of a `chart` part. `ready` says the spec is complete (the
 * item or its message finished); until then a placeholder shows.
 */
export const chartView = directive(ChartDirective);

/** Charts as `<convo-chat>` loads them on first use: the directive, with its styles (see `LazyFeature`). */
export const feature: FeatureModule<unknown, typeof chartView> = { styles: chartStyles, create: () => chartView };
