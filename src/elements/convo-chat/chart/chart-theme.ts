/**
 * The chart's colours and type: the element's design tokens as the chart's frame sees them, read when a chart
 * is drawn and compared to notice a theme change (see chart-config.ts for how they become a Vega config).
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
