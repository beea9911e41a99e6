/**
 * `<data-frame-table>` against the reference server, through the real client: paging, the cache, aborting
 * superseded requests, sorting, columns, keyboard, copy, export, and a failed slice retried.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/data-frame-table/define-data-frame-table.js';
import type { DataFrameTable } from '../../src/elements/data-frame-table/data-frame-table.js';
import type { FrameCopyEvent, FrameExportEvent } from '../../src/elements/data-frame-table/data-frame-table.events.js';
import { createClient, type ConvoClient } from '../../src/api/index.js';
import type { DataFramesClient } from '../../src/elements/data-frame-table/client-frame-source.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { cellTexts, key, realRow, rowByIndex, settle, shadow, until } from './table-helpers.js';

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

  async function openSales(): Promise<DataFrameTable> {
    const table = await fixture<DataFrameTable>(html`<data-frame-table
      style="height:420px;width:1000px"
      locale="en-US"
      .client=${client}
      conversation-id=${conversationId}
      frame-name="sales_1m"
    ></data-frame-table>`);
    await until(() => realRow(table, 0), 'the first real rows');
    return table;
  }

  /** The row the server itself answers for `offset` (same columns and order), to compare with what is shown. */
  async function serverRow(offset: number, orderBy?: string): Promise<Record<string, unknown>> {
    const [row] = await client.dataFrames.slice(conversationId, 'sales_1m', { offset, limit: 1, ...(orderBy ? { orderBy } : {}) });
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
