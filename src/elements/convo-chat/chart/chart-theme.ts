/**
 * The chart's colours and type from the element's design tokens, as a Vega config. A spec's own `config`
 * still wins: the agent may have chosen colours that carry meaning.
 */

/** The tokens a chart reads, resolved for the current light or dark palette. */
export interface ChartTheme {
  text: string;
  muted: string;
  border: string;
  accent: string;
  font: string;
  /** Colours of categories, in order. */
  palette: string[];
}

/**
 * Splits a list of colours written in a custom property (`#2f5bd3 rgb(0 0 0) ...`, commas allowed between
 * them) without breaking functional notations apart.
 */
function colourList(value: string): string[] {
  return value.match(/[a-z-]+\([^)]*\)|#[\da-f]+|[a-z]+/gi) ?? [];
}

/** The tokens as `element` sees them (custom properties inherit into the chart's frame). */
export function readChartTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const token = (name: string): string => style.getPropertyValue(name).trim();
  return {
    text: token('--_text'),
    muted: token('--_text-muted'),
    border: token('--_border'),
    accent: token('--_accent'),
    font: token('--_font'),
    palette: colourList(token('--_chart-palette')),
  };
}

/** Equal for equal themes: a chart is drawn again only when its theme really changed. */
export function themeSignature(theme: ChartTheme): string {
  return JSON.stringify(theme);
}

/** A Vega / Vega-Lite config drawing the chart in the element's colours, on its own background. */
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
