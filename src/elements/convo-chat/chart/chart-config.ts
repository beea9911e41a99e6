/**
 * How this page wants Vega to draw: the theme as a Vega config and the spec fitted to the chat column. Loaded
 * with the chart library (only chart-library.ts imports it), since only a drawing needs it.
 */
import type { ChartFormat, ChartSpec } from './chart-spec.js';
import type { ChartTheme } from './chart-theme.js';

/**
 * The element's tokens as a Vega / Vega-Lite config, drawing on the element's own background. A spec's own
 * `config` still wins: the agent may have chosen colours that carry meaning.
 */
export function chartConfig(theme: ChartTheme): Record<string, unknown> {
  const { text, muted, border, accent, font, palette } = theme;
  const guide = { labelColor: muted, titleColor: text, labelFont: font, titleFont: font };
  return {
    background: 'transparent',
    font,
    // The frame (role="img") names the chart; marks and axes need no descriptions of their own.
    aria: false,
    view: { stroke: border },
    mark: { color: accent },
    axis: { ...guide, domainColor: border, tickColor: border, gridColor: border },
    legend: guide,
    header: guide,
    title: { color: text, subtitleColor: muted, font, subtitleFont: font, anchor: 'start' },
    ...(palette.length > 0 ? { range: { category: palette } } : {}),
  };
}

/** Top-level keys of Vega-Lite views that hold several views, whose width applies to each one. */
const COMPOSITE_KEYS = ['facet', 'repeat', 'concat', 'hconcat', 'vconcat'];

/**
 * The spec sized to the chat column: a single Vega-Lite view takes the frame's width, axes and legend
 * included, when it names no width, asks for the container's, or names one wider than the frame (a model's
 * `width: 600` would overflow a narrow chat). Composite views and Vega specs lay themselves out; the frame
 * scrolls sideways when they are wider. `fitted` says the chart should follow the frame's width.
 */
export function fitToWidth(spec: ChartSpec, format: ChartFormat, frameWidth: number): { spec: ChartSpec; fitted: boolean } {
  if (format !== 'vega-lite' || frameWidth <= 0 || COMPOSITE_KEYS.some((key) => key in spec)) return { spec, fitted: false };
  const width = spec['width'];
  const fits = width === undefined || width === 'container' || (typeof width === 'number' && width > frameWidth);
  if (!fits) return { spec, fitted: false };
  return { spec: { ...spec, width: frameWidth, autosize: { type: 'fit-x', contains: 'padding' } }, fitted: true };
}
