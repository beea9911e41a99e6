import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/data-frame-table/define-data-frame-table.js';
import { focusedCell, key, rowByIndex, settle, shadow } from './table-helpers.js';
import type { DataFrameTable } from '../../src/elements/data-frame-table/data-frame-table.js';
import { generatedFrameSource } from '../../src/elements/data-frame-table/frame-source.js';

// The last row must not only be in the DOM but inside what the person sees: below the sticky header and above
// the scroller's bottom edge (its horizontal scrollbar, when the browser draws one), whatever the frame's size.

function scrollerOf(table: DataFrameTable): HTMLElement {
  return shadow(table).querySelector<HTMLElement>('[part~="scroller"]')!;
}

function expectRowInView(table: DataFrameTable, index: number, when: string): void {
  const scroller = scrollerOf(table);
  const box = scroller.getBoundingClientRect();
  const visibleTop = box.top + scroller.clientTop;
  // clientHeight leaves out a horizontal scrollbar.
  const visibleBottom = visibleTop + scroller.clientHeight;
  const header = shadow(table).querySelector('[part~="header"]')!.getBoundingClientRect();
  expect(header.top, `${when}: the sticky header is not lifted out of view`).to.be.at.least(visibleTop - 0.5);
  const row = rowByIndex(table, index);
  expect(row, `${when}: row ${index + 1} is rendered`).to.exist;
  const rect = row!.getBoundingClientRect();
  expect(rect.top, `${when}: row ${index + 1} starts below the header`).to.be.at.least(Math.max(header.bottom, visibleTop) - 0.5);
  expect(rect.bottom, `${when}: row ${index + 1} ends above the scroller's bottom edge`).to.be.at.most(visibleBottom + 0.5);
}

/** Sets the scroller's offset the way a wheel, a drag or the scrollbar's arrows end up doing. */
async function scrollScrollerTo(table: DataFrameTable, top: number): Promise<void> {
  const scroller = scrollerOf(table);
  const before = scroller.scrollTop;
  scroller.scrollTop = top;
  if (scroller.scrollTop !== before) await oneEvent(scroller, 'scroll');
  await settle(table);
}

const maxScrollTop = (scroller: HTMLElement) => scroller.scrollHeight - scroller.clientHeight;

describe('<data-frame-table> shows the last row inside the viewport', () => {
  for (const rowCount of [100, 100_000, 10_000_000]) {
    it(`${rowCount.toLocaleString('en')} rows: after scrollToRow(last), at the scroller's end, and after the viewport shrinks there`, async () => {
      const container = await fixture<HTMLDivElement>(html`<div></div>`);
      const table = document.createElement('data-frame-table');
      table.style.cssText = 'height:560px;width:900px';
      table.source = generatedFrameSource(rowCount, 9);
      // Called the way a page does right after creating the table: before its viewport has been measured.
      table.scrollToRow(rowCount - 1);
      container.append(table);
      await settle(table);
      await settle(table);
      expectRowInView(table, rowCount - 1, 'scrollToRow before the viewport was measured');

      const scroller = scrollerOf(table);
      await scrollScrollerTo(table, 0);
      expect(rowByIndex(table, 0)).to.exist;
      await scrollScrollerTo(table, maxScrollTop(scroller));
      expectRowInView(table, rowCount - 1, 'scroller at its maximum scrollTop');

      // A shorter viewport (the window, or an error bar above the grid) keeps a view that was at the end there.
      table.style.height = '460px';
      await settle(table);
      await settle(table);
      expect(scroller.scrollTop).to.be.closeTo(maxScrollTop(scroller), 2);
      expectRowInView(table, rowCount - 1, 'viewport shrunk while at the end');
      table.style.height = '600px';
      await settle(table);
      await settle(table);
      expectRowInView(table, rowCount - 1, 'viewport grown while at the end');
    });
  }

  for (const rowCount of [100, 100_000, 10_000_000]) {
    const last = rowCount - 1;
    it(`${rowCount.toLocaleString('en')} rows: Ctrl+End and "go to row ${rowCount}" land on the last row, in view and focused`, async () => {
      const table = await fixture<DataFrameTable>(
        html`<data-frame-table style="height:560px;width:900px" .source=${generatedFrameSource(rowCount, 9)}></data-frame-table>`,
      );
      await settle(table);
      (shadow(table).querySelector('[role="gridcell"][tabindex="0"]') as HTMLElement).focus();
      key(table, 'End', { ctrlKey: true });
      await settle(table);
      expect(focusedCell(table)).to.deep.equal({ row: last, column: 8 });
      expectRowInView(table, last, 'Ctrl+End');

      key(table, 'Home', { ctrlKey: true });
      await settle(table);
      expect(focusedCell(table)).to.deep.equal({ row: 0, column: 0 });
      const input = shadow(table).querySelector<HTMLInputElement>('[part~="go-to-row-input"]')!;
      input.focus();
      await sendKeys({ type: String(rowCount) });
      await sendKeys({ press: 'Enter' });
      await settle(table);
      expect(focusedCell(table).row).to.equal(last);
      expectRowInView(table, last, `go to row ${rowCount}`);
    });
  }
});
