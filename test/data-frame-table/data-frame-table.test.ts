import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/elements/data-frame-table/define-data-frame-table.js';
import { bodyRows, cellTexts, focusedCell, key, rowByIndex, scrollBodyTo, settle, shadow } from './table-helpers.js';
import type { DataFrameTable } from '../../src/elements/data-frame-table/data-frame-table.js';
import {
  generatedFrameSource,
  type DataFrameSource,
  type FrameColumn,
  type FrameRow,
  type RowQuery,
} from '../../src/elements/data-frame-table/frame-source.js';
import type { FrameCopyEvent, FrameExportEvent, FrameSortChangeEvent } from '../../src/elements/data-frame-table/data-frame-table.events.js';

function localRows(count: number): { columns: FrameColumn[]; rows: FrameRow[] } {
  const columns: FrameColumn[] = [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'text' },
    { name: 'price', type: 'decimal' },
    { name: 'when', type: 'date' },
    { name: 'ok', type: 'boolean' },
  ];
  const rows = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: i % 7 === 0 ? null : `item ${String(count - i).padStart(6, '0')}`,
    price: (i * 37) % 1000 + 0.5,
    when: `2024-0${(i % 9) + 1}-15`,
    ok: i % 2 === 0,
  }));
  return { columns, rows };
}

/** A remote-like source whose slices the test answers (or fails) by hand. */
class ManualSource implements DataFrameSource {
  readonly sortable = true;
  readonly requests: { offset: number; limit: number; query: RowQuery; resolve(): void; reject(error: Error): void }[] = [];
  constructor(
    readonly columns: readonly FrameColumn[],
    readonly rowCount: number,
    readonly sampleRows: readonly FrameRow[] = [],
  ) {}
  getRows(offset: number, limit: number, query: RowQuery): Promise<readonly FrameRow[]> {
    return new Promise((resolve, reject) => {
      this.requests.push({
        offset,
        limit,
        query,
        resolve: () =>
          resolve(Array.from({ length: limit }, (_, i) => Object.fromEntries(query.columns.map((c) => [c, `${c}:${offset + i}`])))),
        reject,
      });
    });
  }
}

describe('<data-frame-table> in local mode', () => {
  it('paints the first rows with ARIA counts true to the whole frame, few DOM nodes for 100,000 × 20', async () => {
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:400px;width:900px" .source=${generatedFrameSource(100_000, 20)}></data-frame-table>`,
    );
    await settle(table);
    const grid = shadow(table).querySelector('[role="grid"]')!;
    expect(grid.getAttribute('aria-rowcount')).to.equal('100001');
    expect(grid.getAttribute('aria-colcount')).to.equal('20');
    expect(cellTexts(rowByIndex(table, 0))[0]).to.equal('1');
    expect(shadow(table).querySelectorAll('*').length).to.be.below(1000);
    expect(bodyRows(table).length).to.be.below(20);
  });

  it('passes an accessibility audit, table and toolbar alike', async () => {
    const { columns, rows } = localRows(200);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .columns=${columns} .rows=${rows}></data-frame-table>`,
    );
    await settle(table);
    await expect(table).to.be.accessible();
  });

  it('shows an empty frame as its header, reachable by Tab, with the empty state', async () => {
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .columns=${['a', 'b']} .rows=${[]}></data-frame-table>`,
    );
    await settle(table);
    expect(shadow(table).querySelector('[role="grid"]')!.getAttribute('aria-rowcount')).to.equal('1');
    expect(shadow(table).querySelector('[role="columnheader"][tabindex="0"]')).to.exist;
    expect(shadow(table).querySelector('[part~="empty"]')!.textContent).to.contain('no rows');
  });

  it('formats by type: numbers right-aligned, dates, booleans, nulls shown as such', async () => {
    const { columns, rows } = localRows(50);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" locale="en-US" .columns=${columns} .rows=${rows}></data-frame-table>`,
    );
    await settle(table);
    expect(cellTexts(rowByIndex(table, 0))).to.deep.equal(['1', 'null', '0.5', 'Jan 15, 2024', 'true']);
    const price = rowByIndex(table, 1)!.querySelector('[aria-colindex="3"]')!;
    expect(price.getAttribute('part')).to.contain('cell-number');
    expect(getComputedStyle(price).textAlign).to.equal('right');
    expect(rowByIndex(table, 0)!.querySelector('[aria-colindex="2"]')!.getAttribute('part')).to.contain('cell-null');
  });

  it('scrolls: rows follow the scroll offset and the DOM stays bounded', async () => {
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:400px;width:900px" .source=${generatedFrameSource(100_000, 20)}></data-frame-table>`,
    );
    await settle(table);
    const rowHeight = rowByIndex(table, 0)!.getBoundingClientRect().height;
    await scrollBodyTo(table, rowHeight * 5_000);
    expect(cellTexts(rowByIndex(table, 5_000))[0]).to.equal('5,001');
    expect(bodyRows(table).length).to.be.below(20);
  });

  it('keeps a scroll made while the viewport resizes, before its scroll event arrives', async () => {
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .source=${generatedFrameSource(1_000, 3)}></data-frame-table>`,
    );
    await settle(table);
    const rowHeight = rowByIndex(table, 0)!.getBoundingClientRect().height;
    const scroller = shadow(table).querySelector<HTMLElement>('[part~="scroller"]')!;
    // Both in one task: the new size is measured before the scroll event is handled.
    table.style.height = '340px';
    scroller.scrollTop = rowHeight * 100;
    await oneEvent(scroller, 'scroll');
    await settle(table);
    await settle(table);
    expect(scroller.scrollTop).to.equal(rowHeight * 100);
    expect(cellTexts(rowByIndex(table, 100))[0]).to.equal('101');
  });

  it('reaches and paints the last of 10,000,000 rows, by keyboard and by scrollbar', async () => {
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:400px;width:900px" .source=${generatedFrameSource(10_000_000)}></data-frame-table>`,
    );
    await settle(table);
    (shadow(table).querySelector('[role="gridcell"][tabindex="0"]') as HTMLElement).focus();
    key(table, 'End', { ctrlKey: true });
    await settle(table);
    expect(cellTexts(rowByIndex(table, 9_999_999))[0]).to.equal('10,000,000');
    expect(focusedCell(table)).to.deep.equal({ row: 9_999_999, column: 8 });
    const lastRow = rowByIndex(table, 9_999_999)!;
    const grid = shadow(table).querySelector('[role="grid"]')!.getBoundingClientRect();
    expect(lastRow.getBoundingClientRect().bottom).to.be.at.most(grid.bottom + 0.5);

    key(table, 'Home', { ctrlKey: true });
    await settle(table);
    expect(focusedCell(table)).to.deep.equal({ row: 0, column: 0 });
    const scroller = shadow(table).querySelector<HTMLElement>('[part~="scroller"]')!;
    // A big jump lands proportionally (half way down is half way through the rows)...
    await scrollBodyTo(table, (scroller.scrollHeight - scroller.clientHeight) / 2);
    const firstShown = () => Math.min(...bodyRows(table).map((row) => Number(row.getAttribute('aria-rowindex')) - 2));
    const middle = firstShown();
    expect(middle).to.be.within(4_990_000, 5_010_000);
    // ...while a wheel-sized step still moves row by row, even though the rows are many times taller than the height cap.
    const rowHeight = rowByIndex(table, middle)!.getBoundingClientRect().height;
    await scrollBodyTo(table, scroller.scrollTop + rowHeight * 3);
    expect(firstShown()).to.equal(middle + 3);
    await scrollBodyTo(table, scroller.scrollHeight);
    expect(cellTexts(rowByIndex(table, 9_999_999))[0]).to.equal('10,000,000');
  });

  it('moves by keyboard: arrows, Page Up/Down, Home/End, and announces the row', async () => {
    const { columns, rows } = localRows(1_000);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .columns=${columns} .rows=${rows}></data-frame-table>`,
    );
    await settle(table);
    (shadow(table).querySelector('[role="gridcell"][tabindex="0"]') as HTMLElement).focus();
    key(table, 'ArrowDown');
    await settle(table);
    key(table, 'ArrowRight');
    await settle(table);
    expect(focusedCell(table)).to.deep.equal({ row: 1, column: 1 });
    key(table, 'PageDown');
    await settle(table);
    expect(focusedCell(table).row).to.be.greaterThan(4);
    key(table, 'End');
    await settle(table);
    expect(focusedCell(table).column).to.equal(4);
    key(table, 'Home');
    await settle(table);
    expect(focusedCell(table).column).to.equal(0);
    key(table, 'ArrowUp');
    await settle(table);
    const row = focusedCell(table).row;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await table.updateComplete;
    expect(shadow(table).querySelector('[part~="announcer"]')!.textContent).to.equal(`Row ${row + 1} of 1,000`);
    expect(shadow(table).querySelectorAll('[tabindex="0"][aria-colindex]').length).to.equal(1);
  });

  it('keeps keyboard focus truthful when the focused row scrolls away, and brings it back on the next key', async () => {
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .source=${generatedFrameSource(100_000)}></data-frame-table>`,
    );
    await settle(table);
    (shadow(table).querySelector('[role="gridcell"][tabindex="0"]') as HTMLElement).focus();
    key(table, 'ArrowDown');
    await settle(table);
    const rowHeight = rowByIndex(table, 0)!.getBoundingClientRect().height;
    await scrollBodyTo(table, rowHeight * 50_000);
    expect(shadow(table).activeElement!.getAttribute('role')).to.equal('grid');
    key(table, 'ArrowDown');
    await settle(table);
    expect(focusedCell(table)).to.deep.equal({ row: 2, column: 0 });
    expect(cellTexts(rowByIndex(table, 2))[0]).to.equal('3');
  });

  it('sorts by a header (ascending, descending, off) and keeps the place', async () => {
    const { columns, rows } = localRows(500);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .columns=${columns} .rows=${rows}></data-frame-table>`,
    );
    await settle(table);
    const rowHeight = rowByIndex(table, 0)!.getBoundingClientRect().height;
    await scrollBodyTo(table, rowHeight * 100);
    const header = shadow(table).querySelector<HTMLElement>('[role="columnheader"][aria-colindex="3"]')!;
    header.focus();
    const sorted = oneEvent(table, 'frame-sort-change') as Promise<FrameSortChangeEvent>;
    key(table, 'Enter');
    expect((await sorted).detail).to.deep.equal({ orderBy: 'price', column: 'price', direction: 'ascending' });
    await settle(table);
    expect(header.getAttribute('aria-sort')).to.equal('ascending');
    expect(rowByIndex(table, 100)).to.exist;
    const prices = bodyRows(table).map((row) => Number(cellTexts(row)[2]!.replaceAll(',', '')));
    expect(prices).to.deep.equal([...prices].sort((a, b) => a - b));
    key(table, 'Enter');
    await settle(table);
    expect(table.orderBy).to.equal('-price');
    key(table, 'Enter');
    await settle(table);
    expect(table.orderBy).to.equal(null);
    expect(header.getAttribute('aria-sort')).to.equal('none');
  });

  it('hides, reorders and resizes columns, asking the source only for shown ones', async () => {
    const source = new ManualSource([{ name: 'a' }, { name: 'b' }, { name: 'c' }], 1_000);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .source=${source}></data-frame-table>`,
    );
    await settle(table);
    shadow(table).querySelector<HTMLButtonElement>('[part~="columns-button"]')!.click();
    await settle(table);
    const panel = shadow(table).querySelector<HTMLElement>('[part~="column-panel"]')!;
    expect(panel.checkVisibility()).to.equal(true);
    const boxes = panel.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
    const changed = oneEvent(table, 'frame-columns-change');
    boxes[1]!.click();
    expect((await changed).detail.shownColumns).to.deep.equal(['a', 'c']);
    await settle(table);
    expect(source.requests.at(-1)!.query.columns).to.deep.equal(['a', 'c']);
    boxes[0]!.focus();
    boxes[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await settle(table);
    expect(shadow(table).querySelector('[part~="column-panel"]')).to.equal(null);
    expect(shadow(table).querySelector('[part~="columns-button"]')!.getAttribute('aria-expanded')).to.equal('false');
    expect(shadow(table).activeElement!.getAttribute('part')).to.contain('columns-button');

    const header = shadow(table).querySelector<HTMLElement>('[role="columnheader"][aria-colindex="1"]')!;
    const width = header.getBoundingClientRect().width;
    header.focus();
    key(table, 'ArrowRight', { altKey: true });
    await settle(table);
    expect(shadow(table).querySelector('[role="columnheader"][aria-colindex="1"]')!.getBoundingClientRect().width).to.equal(width + 16);
    key(table, 'ArrowRight', { altKey: true, shiftKey: true });
    await settle(table);
    expect(table.shownColumns).to.deep.equal(['c', 'a']);
    expect(focusedCell(table)).to.deep.equal({ row: -1, column: 1 });
  });

  it('shows placeholders, then sample rows, then the real slice; never a wrong row', async () => {
    const samples = [{ a: 'sample 0', b: 'sample 0' }];
    const source = new ManualSource([{ name: 'a' }, { name: 'b' }], 10_000, samples);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .source=${source}></data-frame-table>`,
    );
    await settle(table);
    expect(rowByIndex(table, 0)!.getAttribute('part')).to.equal('row row-provisional');
    expect(cellTexts(rowByIndex(table, 0))[0]).to.equal('sample 0');
    expect(rowByIndex(table, 1)!.getAttribute('part')).to.equal('row row-placeholder');
    expect(source.requests).to.have.length(2);
    source.requests[0]!.resolve();
    await settle(table);
    expect(rowByIndex(table, 0)!.getAttribute('part')).to.equal('row');
    expect(cellTexts(rowByIndex(table, 1))).to.deep.equal(['a:1', 'b:1']);
  });

  it('aborts its requests when removed and asks again when put back', async () => {
    const source = new ManualSource([{ name: 'a' }], 1_000);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .source=${source}></data-frame-table>`,
    );
    await settle(table);
    const parent = table.parentElement!;
    const first = source.requests.length;
    table.remove();
    expect(source.requests.slice(0, first).every((request) => request.query.signal?.aborted)).to.equal(true);
    parent.append(table);
    await settle(table);
    expect(source.requests.length).to.be.greaterThan(first);
    for (const request of source.requests.slice(first)) request.resolve();
    await settle(table);
    expect(cellTexts(rowByIndex(table, 0))).to.deep.equal(['a:0']);
  });

  it('shows failed rows with a retry that fetches them again', async () => {
    const source = new ManualSource([{ name: 'a' }], 50);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .source=${source}></data-frame-table>`,
    );
    await settle(table);
    const failed = oneEvent(table, 'frame-load-error');
    source.requests[0]!.reject(new Error('slice failed'));
    expect((await failed).detail.firstRow).to.equal(0);
    await settle(table);
    expect(rowByIndex(table, 0)!.getAttribute('part')).to.equal('row row-failed');
    shadow(table).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await settle(table);
    expect(source.requests).to.have.length(2);
    source.requests[1]!.resolve();
    await settle(table);
    expect(cellTexts(rowByIndex(table, 0))).to.deep.equal(['a:0']);
    expect(shadow(table).querySelector('[part~="error"]')).to.equal(null);
  });

  it('copies the selected cells as tab-separated text', async () => {
    const { columns, rows } = localRows(100);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .columns=${columns} .rows=${rows}></data-frame-table>`,
    );
    await settle(table);
    (shadow(table).querySelector('[role="gridcell"][tabindex="0"]') as HTMLElement).focus();
    key(table, 'ArrowDown', { shiftKey: true });
    await settle(table);
    key(table, 'ArrowRight', { shiftKey: true });
    await settle(table);
    expect(shadow(table).querySelectorAll('[role="gridcell"][aria-selected="true"]').length).to.equal(4);
    const copied = oneEvent(table, 'frame-copy') as Promise<FrameCopyEvent>;
    const clipboardData = new DataTransfer();
    shadow(table).activeElement!.dispatchEvent(new ClipboardEvent('copy', { clipboardData, bubbles: true, composed: true, cancelable: true }));
    const { detail } = await copied;
    expect(detail.text).to.equal('1\t\r\n2\titem 000099\r\n');
    expect(clipboardData.getData('text/plain')).to.equal(detail.text);
    await table.updateComplete;
    expect(shadow(table).querySelector('[part~="announcer"]')!.textContent).to.equal('Copied 2 rows × 2 columns');
  });

  it('exports the whole frame or the shown columns as CSV, with progress', async () => {
    const { columns, rows } = localRows(25_000);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:300px;width:900px" .columns=${columns} .rows=${rows} .shownColumns=${['price', 'id']}></data-frame-table>`,
    );
    await settle(table);
    const progress: number[] = [];
    table.addEventListener('frame-export-progress', (event) => progress.push(event.detail.rowsDone));
    table.addEventListener('frame-export', (event: FrameExportEvent) => event.preventDefault());
    const shown = await table.exportCsv({ columns: 'shown' });
    const lines = (await shown!.text()).split('\r\n');
    expect(lines[0]).to.equal('price,id');
    expect(lines[1]).to.equal('0.5,1');
    expect(lines).to.have.length(25_002);
    expect(progress).to.deep.equal([0, 10_000, 20_000, 25_000]);
    const all = await table.exportCsv({ columns: 'all' });
    expect((await all!.text()).split('\r\n')[0]).to.equal('id,name,price,when,ok');
  });

  it('reads the row height from --frame-row-height, and keeps the header and the first column in place', async () => {
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="--frame-row-height:40px;height:400px;width:640px" .source=${generatedFrameSource(10_000, 12)}></data-frame-table>`,
    );
    await settle(table);
    const scroller = shadow(table).querySelector<HTMLElement>('[part~="scroller"]')!;
    const box = scroller.getBoundingClientRect();
    const viewportLeft = box.left + scroller.clientLeft;
    const viewportTop = box.top + scroller.clientTop;
    expect(rowByIndex(table, 0)!.getBoundingClientRect().height).to.equal(40);
    expect(rowByIndex(table, 1)!.getBoundingClientRect().top - rowByIndex(table, 0)!.getBoundingClientRect().top).to.equal(40);
    expect(scroller.scrollHeight).to.equal(40 * 10_001);

    scroller.scrollLeft = 500;
    await scrollBodyTo(table, 40 * 5_000);
    const header = shadow(table).querySelector('[part~="header"]')!;
    expect(header.getBoundingClientRect().top).to.equal(viewportTop);
    const row = rowByIndex(table, 5_000)!;
    expect(row.getBoundingClientRect().top).to.equal(viewportTop + 40);
    const pinnedCell = row.querySelector('[role="gridcell"][aria-colindex="1"]')!;
    const pinnedHeader = header.querySelector('[role="columnheader"][aria-colindex="1"]')!;
    expect(pinnedCell.getBoundingClientRect().left).to.equal(viewportLeft);
    expect(pinnedHeader.getBoundingClientRect().left).to.equal(viewportLeft);
    expect(cellTexts(row)[0]).to.equal('5,001');
    // The other columns slid under the sticky one: the first shown beside it is no longer the second column.
    expect(row.querySelector('[role="gridcell"][aria-colindex="2"]')).to.equal(null);
    // What is painted at the sticky column's place is the sticky column itself.
    const [x, y] = [viewportLeft + 10, viewportTop + 40 + 20];
    expect(shadow(table).elementFromPoint(x, y)).to.equal(pinnedCell);
  });

  it('keeps its columns left to right on a right-to-left page, scrolling sideways under the sticky first column', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div dir="rtl"><data-frame-table style="height:300px;width:640px" .source=${generatedFrameSource(1_000, 12)}></data-frame-table></div>`,
    );
    const table = wrapper.querySelector<DataFrameTable>('data-frame-table')!;
    await settle(table);
    const scroller = shadow(table).querySelector<HTMLElement>('[part~="scroller"]')!;
    const viewportLeft = scroller.getBoundingClientRect().left + scroller.clientLeft;
    const pinned = () => rowByIndex(table, 0)!.querySelector('[role="gridcell"][aria-colindex="1"]')!.getBoundingClientRect();
    const second = () => rowByIndex(table, 0)!.querySelector('[role="gridcell"][aria-colindex="2"]')?.getBoundingClientRect();
    expect(pinned().left).to.equal(viewportLeft);
    expect(second()!.left).to.equal(pinned().right);
    scroller.scrollLeft = 60;
    await oneEvent(scroller, 'scroll');
    await settle(table);
    expect(pinned().left).to.equal(viewportLeft);
    expect(second()!.left).to.equal(pinned().right - 60);
    // The summary reads in its own (English) order, the count first, not reordered by the page's direction.
    const summary = shadow(table).querySelector('[part~="summary"]')!;
    const text = [...summary.childNodes].find((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes('rows'))!;
    const rectOf = (word: string) => {
      const range = document.createRange();
      const start = text.textContent!.indexOf(word);
      range.setStart(text, start);
      range.setEnd(text, start + word.length);
      return range.getBoundingClientRect();
    };
    expect(text.textContent!.trim()).to.equal('1,000 rows × 12 columns');
    expect(rectOf('1,000').left).to.be.lessThan(rectOf('rows').left);
  });

  it('shows a long value in full on hover (title) and on focus, and a short one plainly', async () => {
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table
        style="height:400px;width:600px"
        .source=${generatedFrameSource(100, 9)}
        .shownColumns=${['order_id', 'note']}
      ></data-frame-table>`,
    );
    await settle(table);
    const row = rowByIndex(table, 1)!;
    const note = row.querySelector<HTMLElement>('[role="gridcell"][aria-colindex="2"]')!;
    const text = note.textContent!.trim();
    expect(text).to.match(/^Order 2 for the \w+ region, packed with care and shipped by the usual carrier$/);
    expect(note.title).to.equal(text);
    expect(note.scrollWidth).to.be.greaterThan(note.clientWidth);
    expect(row.querySelector('[role="gridcell"][aria-colindex="1"]')!.hasAttribute('title')).to.equal(false);
    const rowHeight = row.getBoundingClientRect().height;
    note.focus();
    await settle(table);
    expect(note.getBoundingClientRect().height).to.be.greaterThan(rowHeight);
    expect(note.scrollWidth).to.be.at.most(note.clientWidth);
  });

  it('takes replacement strings, the locale and the dark theme', async () => {
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table
        style="height:300px;width:900px"
        theme="dark"
        locale="de-DE"
        .strings=${{ rowsByColumns: '{rowCount} Zeilen × {columnCount} Spalten', goToRowButton: 'Los' }}
        .source=${generatedFrameSource(12_345, 5)}
      ></data-frame-table>`,
    );
    await settle(table);
    expect(shadow(table).querySelector('[part~="summary"]')!.textContent!.trim()).to.equal('12.345 Zeilen × 5 Spalten');
    expect(shadow(table).querySelector('[part~="go-to-row"] button')!.textContent!.trim()).to.equal('Los');
    expect(cellTexts(rowByIndex(table, 0))[4]).to.match(/^\d{1,3}(\.\d{3})*(,\d+)?$/);
    expect(getComputedStyle(table).backgroundColor).to.equal('rgb(21, 24, 29)');
    expect(getComputedStyle(rowByIndex(table, 0)!.querySelector('[role="gridcell"]')!).color).to.equal('rgb(230, 233, 238)');
    await expect(table).to.be.accessible();
  });
});

describe('<data-frame-table> with a real mouse', () => {
  afterEach(() => resetMouse());

  async function centre(element: Element): Promise<[number, number]> {
    const box = element.getBoundingClientRect();
    return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
  }

  it('sorts by clicking a header, selects a range with shift-click, and goes to a typed row', async () => {
    const { columns, rows } = localRows(300);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:320px;width:900px" .columns=${columns} .rows=${rows}></data-frame-table>`,
    );
    await settle(table);
    const header = shadow(table).querySelector('[role="columnheader"][aria-colindex="1"]')!;
    await sendMouse({ type: 'click', position: await centre(header) });
    await settle(table);
    expect(table.orderBy).to.equal('id');
    await sendMouse({ type: 'click', position: await centre(header) });
    await settle(table);
    expect(table.orderBy).to.equal('-id');
    expect(cellTexts(rowByIndex(table, 0))[0]).to.equal('300');

    await sendMouse({ type: 'click', position: await centre(rowByIndex(table, 1)!.querySelector('[aria-colindex="1"]')!) });
    await sendKeys({ down: 'Shift' });
    await sendMouse({ type: 'click', position: await centre(rowByIndex(table, 3)!.querySelector('[aria-colindex="2"]')!) });
    await sendKeys({ up: 'Shift' });
    await settle(table);
    expect(shadow(table).querySelectorAll('[role="gridcell"][aria-selected="true"]').length).to.equal(6);

    const input = shadow(table).querySelector<HTMLInputElement>('[part~="go-to-row-input"]')!;
    input.focus();
    await sendKeys({ type: '250' });
    await sendKeys({ press: 'Enter' });
    await settle(table);
    expect(focusedCell(table).row).to.equal(249);
    expect(rowByIndex(table, 249)).to.exist;
  });

  it('resizes a column by its handle and reorders columns by dragging a header', async () => {
    const { columns, rows } = localRows(50);
    const table = await fixture<DataFrameTable>(
      html`<data-frame-table style="height:320px;width:900px" .columns=${columns} .rows=${rows}></data-frame-table>`,
    );
    await settle(table);
    const name = shadow(table).querySelector('[role="columnheader"][aria-colindex="2"]')!;
    const width = name.getBoundingClientRect().width;
    const handle = name.querySelector('[part~="resize-handle"]')!;
    const [x, y] = await centre(handle);
    const resized = oneEvent(table, 'frame-columns-change');
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [x + 60, y] });
    await sendMouse({ type: 'up' });
    expect((await resized).detail.columnWidths['name']).to.equal(Math.round(width + 60));
    await settle(table);

    const price = shadow(table).querySelector('[role="columnheader"][aria-colindex="3"]')!;
    const [px, py] = await centre(price);
    const [nx] = await centre(shadow(table).querySelector('[role="columnheader"][aria-colindex="2"]')!);
    await sendMouse({ type: 'move', position: [px, py] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [px - 20, py] });
    await sendMouse({ type: 'move', position: [nx, py] });
    await sendMouse({ type: 'up' });
    await settle(table);
    expect(table.shownColumns).to.deep.equal(['id', 'price', 'name', 'when', 'ok']);
    expect(table.orderBy).to.equal(null);
  });
});
