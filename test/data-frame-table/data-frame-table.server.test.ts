/**
 * `<data-frame-table>` against the reference server, through the real client: paging, the cache, aborting
 * superseded requests, sorting (ten million rows too), a scrollbar drag, columns, keyboard, copy, export, and a
 * failed slice retried.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/data-frame-table/define-data-frame-table.js';
import type { DataFrameTable } from '../../src/elements/data-frame-table/data-frame-table.js';
import type { FrameCopyEvent, FrameExportEvent } from '../../src/elements/data-frame-table/data-frame-table.events.js';
import { createClient, type ConvoClient } from '../../src/api/index.js';
import type { DataFramesClient } from '../../src/elements/data-frame-table/client-frame-source.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { bodyRows, cellTexts, key, nextFrame, realRow, rowByIndex, settle, shadow, until } from './table-helpers.js';

interface SliceCall {
  readonly offset: number;
  readonly limit: number;
  readonly columns: string | null;
  readonly orderBy: string | null;
  readonly signal: AbortSignal | null;
}

/**
 * A fetch that records every slice request, can hold answers back until released (to keep requests in
 * flight), and can make the next slice fail with a server error.
 */
class RecordingFetch {
  readonly slices: SliceCall[] = [];
  hold = false;
  failNextSlice = false;
  private held: (() => void)[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (/\/data-frames\/[^/]+$/.test(url.pathname)) {
      this.slices.push({
        offset: Number(url.searchParams.get('offset')),
        limit: Number(url.searchParams.get('limit')),
        columns: url.searchParams.get('column_names'),
        orderBy: url.searchParams.get('order_by'),
        signal: init?.signal ?? null,
      });
      if (this.failNextSlice) {
        this.failNextSlice = false;
        const body = { error: { error_id: 'test', code: 'internal_error', message: 'slice failed' } };
        return new Response(JSON.stringify(body), { status: 500, headers: { 'content-type': 'application/json' } });
      }
      if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    }
    return fetch(input, init);
  };

  release(): void {
    this.hold = false;
    for (const resolve of this.held.splice(0)) resolve();
  }
}

describe('<data-frame-table> against the reference server', function () {
  this.timeout(60_000);
  let server: ReferenceServer;
  let client: ConvoClient;
  let recorder: RecordingFetch;
  let conversationId: string;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  beforeEach(async () => {
    recorder = new RecordingFetch();
    client = createClient({
      baseUrl: server.agentsBaseUrl,
      token: server.token,
      dialect: 'agents',
      agentId: 'demo-agent',
      fetch: recorder.fetch,
    });
    conversationId = (await client.conversations.create({ title: 'frames' })).id;
  });

  it('takes the real client as its data frames client (checked by the compiler)', () => {
    const tableClient: DataFramesClient = client;
    expect(tableClient.dataFrames).to.equal(client.dataFrames);
  });

  async function openFrame(frameName: string): Promise<DataFrameTable> {
    const table = await fixture<DataFrameTable>(html`<data-frame-table
      style="height:420px;width:1000px"
      locale="en-US"
      .client=${client}
      conversation-id=${conversationId}
      frame-name=${frameName}
    ></data-frame-table>`);
    await until(() => realRow(table, 0), 'the first real rows');
    return table;
  }

  const openSales = () => openFrame('sales_1m');

  /** The row the server itself answers for `offset` (same columns and order), to compare with what is shown. */
  async function serverRow(offset: number, orderBy?: string, frameName = 'sales_1m'): Promise<Record<string, unknown>> {
    const [row] = await client.dataFrames.slice(conversationId, frameName, { offset, limit: 1, ...(orderBy ? { orderBy } : {}) });
    return row!;
  }

  it("lists the conversation's frames, and opening one paints its sample rows, then the real slice", async () => {
    const table = await fixture<DataFrameTable>(html`<data-frame-table
      style="height:420px;width:1000px"
      .client=${client}
      conversation-id=${conversationId}
    ></data-frame-table>`);
    await until(() => !!shadow(table).querySelector('[part~="frame-option"]'), 'the frame list');
    const options = [...shadow(table).querySelectorAll<HTMLButtonElement>('[part~="frame-option"]')];
    await expect(table).to.be.accessible();
    expect(options.map((option) => option.querySelector('strong')!.textContent)).to.include.members(['sales_1m', 'events_10m']);
    expect(options.find((option) => option.textContent!.includes('sales_1m'))!.textContent).to.contain('1,000,000 rows × 12 columns');
    // Each frame shows the description the server lists for it.
    for (const info of await client.dataFrames.list(conversationId)) {
      const option = options.find((candidate) => candidate.querySelector('strong')!.textContent === info.name)!;
      expect(option.textContent).to.contain(info.description!);
    }
    recorder.hold = true;
    const opened = oneEvent(table, 'frame-open');
    options.find((option) => option.textContent!.includes('sales_1m'))!.click();
    expect((await opened).detail.name).to.equal('sales_1m');
    await until(() => rowByIndex(table, 0)?.getAttribute('part') === 'row row-provisional', 'the sample rows');
    await expect(table).to.be.accessible();
    recorder.release();
    await until(() => realRow(table, 0), 'the real slice');
    expect(cellTexts(rowByIndex(table, 0))[0]).to.equal(new Intl.NumberFormat('en-US').format((await serverRow(0))['order_id'] as number));
  });

  it('pages in blocks far into the frame and shows exactly the rows the server has there', async () => {
    const table = await openSales();
    const before = recorder.slices.length;
    table.scrollToRow(654_321);
    await until(() => realRow(table, 654_321), 'row 654,322');
    const offsets = recorder.slices.slice(before).map((call) => call.offset);
    expect(offsets).to.include(654_300);
    expect(recorder.slices.slice(before).every((call) => call.limit <= 100)).to.equal(true);
    const expected = await serverRow(654_321);
    expect(cellTexts(rowByIndex(table, 654_321))[0]).to.equal(new Intl.NumberFormat('en-US').format(expected['order_id'] as number));
    expect(rowByIndex(table, 654_321)!.getAttribute('aria-rowindex')).to.equal('654323');
  });

  it('serves rows seen before from the cache, without a request', async () => {
    const table = await openSales();
    table.scrollToRow(500_000);
    await until(() => realRow(table, 500_000), 'row 500,001');
    await settle(table);
    const before = recorder.slices.length;
    table.scrollToRow(0);
    await settle(table);
    expect(realRow(table, 0)).to.equal(true);
    expect(recorder.slices.slice(before).filter((call) => call.offset === 0)).to.have.length(0);
  });

  it('aborts the requests of blocks the viewport has left', async () => {
    const table = await openSales();
    await settle(table);
    recorder.hold = true;
    const before = recorder.slices.length;
    table.scrollToRow(300_000);
    await settle(table);
    const superseded = recorder.slices.slice(before);
    expect(superseded.length).to.be.within(1, 2);
    table.scrollToRow(700_000);
    await settle(table);
    expect(superseded.every((call) => call.signal?.aborted)).to.equal(true);
    expect(table.cacheStats.requestsAborted).to.be.at.least(superseded.length);
    recorder.release();
    await until(() => realRow(table, 700_000), 'row 700,001');
    expect(rowByIndex(table, 300_000)).to.equal(undefined);
  });

  it('sorts on the server (order_by), ascending then descending, keeping the place', async () => {
    const table = await openSales();
    table.scrollToRow(40);
    await until(() => realRow(table, 40), 'row 41');
    const header = shadow(table).querySelector<HTMLElement>('[role="columnheader"][aria-colindex="2"]')!;
    expect(header.textContent).to.contain('order_date');
    const orderId = async (orderBy: string) =>
      new Intl.NumberFormat('en-US').format((await serverRow(40, orderBy))['order_id'] as number);
    header.focus();
    key(table, 'Enter');
    await until(() => recorder.slices.some((call) => call.orderBy === 'order_date'), 'a sorted request');
    await table.updateComplete;
    await until(() => realRow(table, 40), 'sorted row 41');
    expect(header.getAttribute('aria-sort')).to.equal('ascending');
    expect(cellTexts(rowByIndex(table, 40))[0]).to.equal(await orderId('order_date'));
    key(table, 'Enter');
    await until(() => recorder.slices.some((call) => call.orderBy === '-order_date'), 'a descending request');
    await table.updateComplete;
    await until(() => realRow(table, 40), 'descending row 41');
    expect(cellTexts(rowByIndex(table, 40))[0]).to.equal(await orderId('-order_date'));
  });

  it('sorts the 10,000,000-row frame on the server, keeping the place, with nulls last either way', async () => {
    const table = await openFrame('events_10m');
    table.scrollToRow(5_000_000);
    await until(() => realRow(table, 5_000_000), 'row 5,000,001');
    const header = shadow(table).querySelector<HTMLElement>('[role="columnheader"][aria-colindex="5"]')!;
    expect(header.textContent).to.contain('duration_ms');
    const shownAt = (index: number) => cellTexts(rowByIndex(table, index));
    const expectedAt = async (index: number, orderBy: string) => {
      const row = await serverRow(index, orderBy, 'events_10m');
      const duration = row['duration_ms'] as number | null;
      return [new Intl.NumberFormat('en-US').format(row['event_id'] as number), duration === null ? 'null' : new Intl.NumberFormat('en-US').format(duration)];
    };
    header.focus();
    // The server orders ten million rows the first time it is asked (a second or more): the table waits with
    // placeholders, at the same place.
    key(table, 'Enter');
    await until(() => recorder.slices.some((call) => call.orderBy === 'duration_ms'), 'a sorted request');
    await table.updateComplete;
    expect(rowByIndex(table, 5_000_000)).to.exist;
    await until(() => realRow(table, 5_000_000), 'sorted row 5,000,001', 30_000);
    expect(header.getAttribute('aria-sort')).to.equal('ascending');
    expect([shownAt(5_000_000)[0], shownAt(5_000_000)[4]]).to.deep.equal(await expectedAt(5_000_000, 'duration_ms'));

    key(table, 'Enter');
    await until(() => recorder.slices.some((call) => call.orderBy === '-duration_ms'), 'a descending request');
    await table.updateComplete;
    await until(() => realRow(table, 5_000_000), 'descending row 5,000,001', 30_000);
    expect(header.getAttribute('aria-sort')).to.equal('descending');
    expect([shownAt(5_000_000)[0], shownAt(5_000_000)[4]]).to.deep.equal(await expectedAt(5_000_000, '-duration_ms'));

    // Instant events have no duration: descending, they still come last.
    key(table, 'End', { ctrlKey: true });
    await until(() => realRow(table, 9_999_999), 'the last row', 30_000);
    expect(shownAt(9_999_999)[4]).to.equal('null');
    expect(shownAt(9_999_999)[0]).to.equal((await expectedAt(9_999_999, '-duration_ms'))[0]);
  });

  it('fetches nothing while the scrollbar is dragged through 10,000,000 rows, then the rows where it stops', async () => {
    const table = await openFrame('events_10m');
    await settle(table);
    const scroller = shadow(table).querySelector<HTMLElement>('[part~="scroller"]')!;
    const before = recorder.slices.length;
    // A press on the scroller itself (not on a row) is a press on its scrollbar; then one scroll step a frame,
    // as a dragged thumb moves, to 70% of the way down.
    scroller.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0 }));
    const maxTop = scroller.scrollHeight - scroller.clientHeight;
    const steps = 20;
    for (let step = 1; step <= steps; step++) {
      scroller.scrollTop = Math.round((maxTop * 0.7 * step) / steps);
      await nextFrame();
    }
    await table.updateComplete;
    expect(recorder.slices.length, 'requests during the drag').to.equal(before);
    const duringDrag = bodyRows(table);
    expect(duringDrag.length).to.be.greaterThan(5);
    // Rows not loaded show a placeholder, never another row's values.
    expect(duringDrag.every((row) => row.getAttribute('part') === 'row row-placeholder')).to.equal(true);

    window.dispatchEvent(new PointerEvent('pointerup'));
    const firstShown = () => Math.min(...bodyRows(table).map((row) => Number(row.getAttribute('aria-rowindex')) - 2));
    await until(() => bodyRows(table).every((row) => realRow(table, Number(row.getAttribute('aria-rowindex')) - 2)), 'the rows where it stopped');
    expect(firstShown()).to.be.within(6_900_000, 7_100_000);
    // event_id is the row's position plus one in the frame's own order.
    for (const row of bodyRows(table)) {
      const index = Number(row.getAttribute('aria-rowindex')) - 2;
      expect(cellTexts(row)[0]).to.equal(new Intl.NumberFormat('en-US').format(index + 1));
    }
    const afterDrag = recorder.slices.slice(before);
    expect(afterDrag.length).to.be.within(1, 3);
    expect(afterDrag.every((call) => Math.abs(call.offset - firstShown()) < 300)).to.equal(true);
  });

  it('asks only for the shown columns, in their order', async () => {
    const table = await openSales();
    table.shownColumns = ['revenue', 'order_id', 'region'];
    await table.updateComplete;
    await until(() => realRow(table, 0), 'rows with three columns');
    expect(recorder.slices.at(-1)!.columns).to.equal('revenue,order_id,region');
    expect(shadow(table).querySelectorAll('[role="columnheader"]')).to.have.length(3);
  });

  it('reaches the last row by keyboard and copies a selection as TSV', async () => {
    const table = await openSales();
    (shadow(table).querySelector('[role="gridcell"][tabindex="0"]') as HTMLElement).focus();
    key(table, 'End', { ctrlKey: true });
    await until(() => realRow(table, 999_999), 'the last row');
    key(table, 'Home', { shiftKey: true });
    await settle(table);
    key(table, 'ArrowUp', { shiftKey: true });
    await settle(table);
    const copied = oneEvent(table, 'frame-copy') as Promise<FrameCopyEvent>;
    const clipboardData = new DataTransfer();
    shadow(table).activeElement!.dispatchEvent(new ClipboardEvent('copy', { clipboardData, bubbles: true, composed: true, cancelable: true }));
    const { detail } = await copied;
    const lines = detail.text.split('\r\n');
    expect(detail.rowCount).to.equal(2);
    expect(detail.columnCount).to.equal(12);
    expect(lines[1]!.split('\t')[0]).to.equal(String((await serverRow(999_999))['order_id']));
  });

  it('exports the shown columns of the whole frame from the server, with progress', async () => {
    const table = await fixture<DataFrameTable>(html`<data-frame-table
      style="height:300px;width:800px"
      .client=${client}
      conversation-id=${conversationId}
      frame-name="fx_rates"
    ></data-frame-table>`);
    await until(() => realRow(table, 0), 'the first rows');
    table.shownColumns = ['usd_per_unit', 'currency'];
    await settle(table);
    const progress: number[] = [];
    table.addEventListener('frame-export-progress', (event) => progress.push(event.detail.rowsDone));
    const exported = oneEvent(table, 'frame-export') as Promise<FrameExportEvent>;
    table.addEventListener('frame-export', (event) => event.preventDefault());
    await table.exportCsv();
    const { detail } = await exported;
    expect(detail.fileName).to.equal('fx_rates.csv');
    const lines = (await detail.blob.text()).trim().split('\r\n');
    expect(lines[0]).to.equal('usd_per_unit,currency');
    expect(lines[1]).to.equal('1,USD');
    expect(lines).to.have.length(9);
    expect(progress).to.deep.equal([0, 8]);
  });

  it('cancels an export of the whole frame: the page in flight is aborted, no file, and the progress goes away', async () => {
    const table = await openSales();
    await settle(table);
    let exported = 0;
    table.addEventListener('frame-export', () => exported++);
    recorder.hold = true;
    const before = recorder.slices.length;
    const result = table.exportCsv({ columns: 'all' });
    await until(() => recorder.slices.length > before, 'the first page of the export');
    const page = recorder.slices[before]!;
    expect([page.offset, page.limit]).to.deep.equal([0, 10_000]);
    await settle(table);
    const progress = shadow(table).querySelector('[part~="export-progress"]')!;
    expect(progress.textContent).to.contain('Exporting 0 of 1,000,000 rows');
    [...progress.querySelectorAll('button')].find((button) => button.textContent!.trim() === 'Cancel')!.click();
    expect(page.signal!.aborted).to.equal(true);
    recorder.release();
    expect(await result).to.equal(undefined);
    await settle(table);
    expect(exported).to.equal(0);
    expect(shadow(table).querySelector('[part~="export-progress"]')).to.equal(null);
    expect(shadow(table).querySelector('[part~="export-button"]')).to.exist;
    expect(shadow(table).querySelector('[part~="error"]')).to.equal(null);
    expect(recorder.slices.length).to.equal(before + 1);
  });

  it('shows a failed slice with a retry that loads it', async () => {
    recorder.failNextSlice = true;
    const table = await fixture<DataFrameTable>(html`<data-frame-table
      style="height:420px;width:1000px"
      .client=${client}
      conversation-id=${conversationId}
      frame-name="events_10m"
    ></data-frame-table>`);
    const failed = await oneEvent(table, 'frame-load-error');
    expect(failed.detail.firstRow).to.equal(0);
    await until(() => !!shadow(table).querySelector('[part~="retry-button"]'), 'the retry button');
    // The sample rows (the frame's first rows) stay shown; nothing else stands in for the failed block.
    expect(rowByIndex(table, 0)!.getAttribute('part')).to.equal('row row-provisional');
    shadow(table).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await until(() => realRow(table, 0), 'the retried rows');
    expect(shadow(table).querySelector('[part~="error"]')).to.equal(null);
  });
});
