import { css } from 'lit';

// The reasons behind the less obvious rules (kept out of the stylesheet, which ships as written):
// - The grid is sticky over the viewport while the canvas scrolls under it; rows are placed from the virtual
//   offset, which is how rows beyond the browser's height cap are painted at all.
// - The grid clips rather than hides its overflow: a hidden overflow is still scrollable, and focusing a cell
//   would scroll the grid itself (pushing the sticky column out) instead of going through the scroller.
// - Rows and cells are restyled every frame while scrolling: class selectors keep that cheap, and no custom
//   property is set per row (each would copy the inherited set).
// - The header and the rows flow; only the body is moved, by less than a row plus the overscan, however far down.
// - Only the sticky column needs an opaque background: the other cells slide under it.
// - A lone active cell is highlighted only while the grid has focus; a range stays visible.
// - The scroller and its grid are laid out left to right on right-to-left pages too (columns are placed, and
//   scrolled, by physical offsets); each cell takes its text's own direction, so right-to-left values read and
//   align as they should.
// - The focused cell shows its whole value, spilling over the rows below rather than staying cut off.

export const dataFrameTableStyles = css`
  :host {
    --_row-height: var(--frame-row-height, 2rem);
    --_header-bg: var(--frame-header-bg, var(--_surface-raised));
    --_row-alt-bg: var(--frame-row-alt-bg, color-mix(in srgb, var(--_surface) 96%, var(--_text)));
    --_selection-bg: var(--frame-selection-bg, color-mix(in srgb, var(--_surface) 82%, var(--_accent)));
    --_grid-line: var(--frame-grid-line, var(--_border));
    --_placeholder-bg: var(--frame-placeholder-bg, color-mix(in srgb, var(--_surface) 85%, var(--_text)));

    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    height: var(--frame-table-height, 30rem);
    min-height: 8rem;
    position: relative;
    overflow: hidden;
    font-family: var(--_font);
    font-size: var(--frame-font-size, 0.875rem);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
  }

  [hidden] {
    display: none !important;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  [part~='row-height-probe'] {
    position: absolute;
    visibility: hidden;
    pointer-events: none;
    width: 1px;
    height: var(--_row-height);
  }

  [part~='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
    padding: calc(var(--_space) * 0.5) var(--_space);
    border-bottom: 1px solid var(--_border);
    background: var(--_surface-raised);
  }

  [part~='summary'] {
    unicode-bidi: plaintext;
    margin-inline-end: auto;
    color: var(--_text-muted);
  }

  [part~='summary'] strong {
    color: var(--_text);
  }

  [part~='go-to-row'] {
    display: flex;
    align-items: center;
    gap: 4px;
  }

  [part~='go-to-row-input'],
  [part~='button'],
  [part~='column-panel'],
  [part~='export-menu'],
  [part~='frame-option'] {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
  }

  [part~='go-to-row-input'] {
    width: 8em;
    font: inherit;
    padding: 2px 6px;
    color: inherit;
  }

  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }

  [part~='button'] {
    padding: 2px 10px;
  }

  [part~='button']:hover:not(:disabled) {
    border-color: var(--_accent);
  }

  [part~='button']:disabled {
    opacity: 0.45;
    cursor: default;
  }

  :is(button, input):focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }

  .popover-anchor {
    position: relative;
  }

  [part~='column-panel'],
  [part~='export-menu'] {
    position: absolute;
    top: calc(100% + 4px);
    inset-inline-end: 0;
    z-index: 10;
    min-width: 14rem;
    max-height: 18rem;
    overflow: auto;
    margin: 0;
    padding: 4px;
    list-style: none;
    box-shadow: var(--_shadow);
  }

  [part~='export-menu'] {
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-width: 10rem;
  }

  [part~='column-option'] {
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 2px 4px;
  }

  [part~='column-option'] label {
    flex: 1;
    display: flex;
    gap: 6px;
    align-items: center;
  }

  [part~='column-option'] [part~='button'] {
    padding: 0 6px;
  }

  [part~='export-progress'] {
    display: flex;
    align-items: center;
    gap: 6px;
    font-variant-numeric: tabular-nums;
  }

  [part~='error'] {
    padding: calc(var(--_space) * 0.5) var(--_space);
    color: var(--_danger);
    background: var(--_danger-surface);
    border-bottom: 1px solid var(--_border);
  }

  [part~='empty'] {
    margin: 0;
    padding: var(--_space);
    color: var(--_text-muted);
  }

  [part~='frame-list'] {
    padding: var(--_space);
    overflow: auto;
  }

  [part~='frame-list'] h2 {
    margin: 0 0 var(--_gap);
    font-size: 1em;
  }

  [part~='frame-list'] ul {
    display: grid;
    gap: var(--_gap);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='frame-option'] {
    display: grid;
    gap: 2px;
    width: 100%;
    padding: var(--_gap) var(--_space);
    text-align: start;
    background: var(--_surface-raised);
  }

  [part~='frame-option'] span {
    color: var(--_text-muted);
  }

  [part~='scroller'] {
    direction: ltr;
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
    position: relative;
    overscroll-behavior: contain;
  }

  [part~='canvas'] {
    position: relative;
  }

  [part~='grid'] {
    position: sticky;
    top: 0;
    left: 0;
    overflow: clip;
    contain: strict;
    outline: none;
  }

  [part~='grid']:focus-visible {
    box-shadow: inset 0 0 0 2px var(--_focus);
  }

  .body {
    position: absolute;
    top: 0;
    left: 0;
    right: 0;
  }

  .header,
  .row {
    position: relative;
    height: var(--_row-height);
  }

  .row.odd {
    background: var(--_row-alt-bg);
  }

  .header {
    z-index: 3;
    font-weight: 600;
    background: var(--_header-bg);
  }

  .row:focus-within {
    z-index: 2;
  }

  .scrolling-cells {
    position: absolute;
    inset: 0;
  }

  .cell {
    position: absolute;
    top: 0;
    box-sizing: border-box;
    height: 100%;
    padding: 0 8px;
    line-height: var(--_row-height);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    unicode-bidi: plaintext;
    border-right: 1px solid var(--_grid-line);
    border-bottom: 1px solid var(--_grid-line);
    outline: none;
  }

  .cell-pinned {
    z-index: 1;
    background: var(--_surface);
    box-shadow: 1px 0 0 var(--_grid-line);
  }

  .odd > .cell-pinned {
    background: var(--_row-alt-bg);
  }

  .header .cell-pinned {
    background: var(--_header-bg);
  }

  .cell-number {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }

  .cell-null {
    color: var(--_text-muted);
    font-style: italic;
  }

  :is(:focus-within, .has-range) > .body .cell[aria-selected='true'] {
    background: var(--_selection-bg);
  }

  .cell:focus-visible,
  .row .cell:focus {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }

  .row .cell:focus {
    z-index: 4;
    height: auto;
    min-height: 100%;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.4;
    padding-block: calc((var(--_row-height) - 1.4em) / 2);
    background: var(--_selection-bg);
    box-shadow: var(--_shadow);
  }

  .header .cell {
    display: flex;
    align-items: center;
    gap: 4px;
    cursor: pointer;
    user-select: none;
    touch-action: none;
  }

  .header .cell-number {
    justify-content: flex-end;
  }

  .header .drop-target {
    box-shadow: inset 3px 0 0 var(--_accent);
  }

  [part~='header-label'] {
    overflow: hidden;
    text-overflow: ellipsis;
  }

  [part~='sort-indicator'] {
    font-size: 0.7em;
    color: var(--_accent);
  }

  [part~='resize-handle'] {
    position: absolute;
    top: 0;
    right: 0;
    width: 7px;
    height: 100%;
    cursor: col-resize;
  }

  [part~='resize-handle']:hover {
    background: var(--_accent);
    opacity: 0.4;
  }

  .provisional {
    color: var(--_text-muted);
  }

  .loading-bar {
    display: inline-block;
    width: 70%;
    height: 0.6em;
    vertical-align: middle;
    border-radius: 3px;
    background: var(--_placeholder-bg);
    animation: frame-placeholder-pulse 1.2s ease-in-out infinite alternate;
  }

  .failed .loading-bar {
    background: color-mix(in srgb, var(--_danger-surface) 60%, var(--_danger));
    animation: none;
  }

  @keyframes frame-placeholder-pulse {
    from {
      opacity: 0.45;
    }
    to {
      opacity: 1;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .loading-bar {
      animation: none;
    }
  }
`;
