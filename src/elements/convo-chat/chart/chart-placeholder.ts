/**
 * What a chart shows until it can be drawn (its specification still streaming, the chart's code or library
 * still loading): a busy image of about a chart's height, named as loading.
 */
import { html, type TemplateResult } from 'lit';
import type { ConvoStrings } from '../../../strings/strings.js';

export function chartPlaceholder(strings: ConvoStrings): TemplateResult {
  return html`<div part="chart-frame" role="img" aria-label=${strings.chartLoading} aria-busy="true"></div>`;
}
