import { css } from 'lit';

/**
 * Charts in the transcript. `--convo-chart-palette` lists the colours of categories (space-separated);
 * single-series marks use the accent colour. The defaults are mid-tones that read on light and dark alike.
 */
export const chartStyles = css`
  [part='chart'] {
    --_chart-palette: var(--convo-chart-palette, #3f6fd8 #e07b39 #2e9d6a #c94f7c #8a63d2 #c9a227 #1f9bb5 #7d8590);
    display: block;
    margin-block: var(--_gap);
    min-width: 0;
  }

  [part='chart-frame'] {
    overflow-x: auto;
    border-radius: var(--_radius-small);
  }

  /* A chart still streaming or loading: a quiet block of about a chart's height, so the row does not jump. */
  [part='chart-frame'][aria-busy='true'] {
    min-height: var(--convo-chart-placeholder-height, 12rem);
    background: linear-gradient(90deg, var(--_surface-sunken), var(--_surface-raised), var(--_surface-sunken)) 0 0 / 200% 100%;
    animation: chart-placeholder 1.6s ease-in-out infinite;
  }

  @keyframes chart-placeholder {
    to {
      background-position: -200% 0;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    [part='chart-frame'][aria-busy='true'] {
      animation: none;
    }
  }

  .chart-canvas svg {
    display: block;
  }

  [part='chart-note'] {
    margin: 0.25em 0 0;
    color: var(--_text-muted);
    font-size: 0.85em;
  }

  [part='chart-error'] {
    padding: 0.4em 0.7em;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius-small);
    color: var(--_text-muted);
    font-size: 0.9em;
  }

  [part='chart-error'] > p {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em 0.5em;
    margin: 0 0 0.25em;
  }

  [part='chart-error'] summary {
    cursor: pointer;
  }

  [part='chart-source'] {
    max-height: 16rem;
    margin: 0.4em 0 0;
    padding: 0.5em 0.7em;
    overflow: auto;
    background: var(--_code-bg);
    border-radius: var(--_radius-small);
    color: var(--_text);
    font-family: var(--_mono);
    font-size: 0.85em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
`;
