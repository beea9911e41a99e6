import { expect } from '@open-wc/testing';
import { BlockCache, type BlockQuery } from '../../src/elements/data-frame-table/block-cache.js';

interface Call {
  offset: number;
  limit: number;
  query: BlockQuery;
  signal: AbortSignal;
  resolve(rows: readonly number[]): void;
  reject(error: unknown): void;
}

/** A cache over a fake server whose answers the test releases by hand. */
function setup(options: { blockSize?: number; budgetBytes?: number; rowCount?: number } = {}) {
  const calls: Call[] = [];
  let changes = 0;
  const cache = new BlockCache<number>({
    blockSize: options.blockSize ?? 100,
    budgetBytes: options.budgetBytes ?? 1_000_000,
    estimateBytes: (rows) => rows.length,
    onChange: () => changes++,
    fetchRows: (offset, limit, query, signal) =>
      new Promise((resolve, reject) => calls.push({ offset, limit, query, signal, resolve, reject })),
  });
  cache.reset(options.rowCount ?? 10_000);
  cache.setQuery({ columns: ['a'], orderBy: null });
  const answer = (call: Call) => call.resolve(Array.from({ length: call.limit }, (_, i) => call.offset + i));
  return { cache, calls, answer, changes: () => changes };
}

const settled = () => new Promise((resolve) => setTimeout(resolve));

describe('BlockCache', () => {
  it('fetches the visible blocks, then one ahead in the scroll direction, never more than two at a time', async () => {
    const { cache, calls, answer } = setup();
    cache.want(150, 250, { direction: 1 });
    expect(calls.map((c) => c.offset)).to.deep.equal([100, 200]);
    answer(calls[0]!);
    await settled();
    expect(calls.map((c) => c.offset)).to.deep.equal([100, 200, 300]);
    expect(cache.requestsInFlight).to.equal(2);
  });

  it('asks a source that answers at once for the visible blocks only: it has no wait to hide', () => {
    const offsets: number[] = [];
    const cache = new BlockCache<number>({
      blockSize: 100,
      budgetBytes: 1_000_000,
      onChange: () => {},
      fetchRows: (offset, limit) => {
        offsets.push(offset);
        return Array.from({ length: limit }, (_, i) => offset + i);
      },
    });
    cache.reset(10_000);
    cache.want(150, 250, { direction: 1 });
    cache.want(190, 290, { direction: 1 });
    expect(offsets).to.deep.equal([100, 200]);
    expect(cache.row(289)).to.equal(289);
    expect(cache.row(300)).to.equal(undefined);
  });

  it('prefetches upwards when scrolling up', async () => {
    const { cache, calls } = setup();
    cache.want(520, 560, { direction: -1 });
    expect(calls.map((c) => c.offset)).to.deep.equal([500, 400]);
  });

  it('serves loaded rows and notifies the host when a block arrives', async () => {
    const { cache, calls, answer, changes } = setup();
    cache.want(0, 30);
    expect(cache.row(5)).to.equal(undefined);
    expect(calls.map((c) => c.offset)).to.deep.equal([0, 100]);
    answer(calls[0]!);
    await settled();
    expect(cache.row(5)).to.equal(5);
    expect(changes()).to.be.greaterThan(0);
  });

  it('asks for a short last block', () => {
    const { cache, calls } = setup({ rowCount: 1050 });
    cache.want(1020, 1050, { direction: 1 });
    expect(calls.map((c) => [c.offset, c.limit])).to.deep.equal([[1000, 50]]);
  });

  it('aborts requests for blocks the viewport has left, and drops their late answers', async () => {
    const { cache, calls, answer } = setup();
    cache.want(0, 30, { direction: 1 });
    const [first, second] = calls;
    cache.want(5000, 5030, { direction: 1 });
    expect(first!.signal.aborted).to.equal(true);
    expect(second!.signal.aborted).to.equal(true);
    expect(cache.stats.requestsAborted).to.equal(2);
    expect(calls.map((c) => c.offset).slice(2)).to.deep.equal([5000, 5100]);
    answer(first!);
    await settled();
    expect(cache.row(0)).to.equal(undefined);
  });

  it('fetches nothing while the viewport is still moving, then only where it stops', () => {
    const { cache, calls } = setup();
    for (let first = 0; first < 9000; first += 700) cache.want(first, first + 30, { direction: 1, moving: true });
    expect(calls).to.have.length(0);
    cache.want(9000, 9030, { direction: 1 });
    expect(calls.map((c) => c.offset)).to.deep.equal([9000, 9100]);
  });

  it('keys blocks by columns and order, and keeps earlier queries cached', async () => {
    const { cache, calls, answer } = setup();
    cache.want(0, 30);
    answer(calls[0]!);
    answer(calls[1]!);
    await settled();
    cache.setQuery({ columns: ['a'], orderBy: '-a' });
    expect(cache.row(0)).to.equal(undefined);
    cache.want(0, 30);
    expect(calls[2]!.query).to.deep.equal({ columns: ['a'], orderBy: '-a' });
    cache.setQuery({ columns: ['a'], orderBy: null });
    expect(calls[2]!.signal.aborted).to.equal(true);
    expect(cache.row(0)).to.equal(0);
  });

  it('evicts the least recently used blocks past the budget, never a wanted one', async () => {
    const { cache, calls, answer } = setup({ budgetBytes: 250 });
    // Scrolling up from block 0 prefetches nothing, so each want() asks for exactly one block here.
    for (const first of [0, 100]) {
      cache.want(first, first + 10, { direction: -1 });
      answer(calls.at(-1)!);
      await settled();
    }
    cache.row(0); // block 0 becomes the most recently used, block 100 the least
    cache.want(300, 310, { direction: -1 });
    expect(calls.map((c) => c.offset).slice(2)).to.deep.equal([300, 200]);
    answer(calls[2]!);
    await settled();
    expect(cache.bytes).to.be.at.most(250);
    expect(cache.row(300)).to.equal(300);
    expect(cache.row(0)).to.equal(0);
    expect(cache.row(100)).to.equal(undefined);
    expect(cache.stats.evictions).to.equal(1);
  });

  it('remembers a failed block until retry, then fetches it again', async () => {
    const { cache, calls, answer } = setup();
    cache.want(0, 30, { direction: -1 });
    calls[0]!.reject(new Error('boom'));
    await settled();
    expect((cache.failure(10) as Error).message).to.equal('boom');
    cache.want(0, 30, { direction: -1 });
    expect(calls).to.have.length(1);
    cache.retry();
    expect(calls).to.have.length(2);
    answer(calls[1]!);
    await settled();
    expect(cache.failure(10)).to.equal(undefined);
    expect(cache.row(10)).to.equal(10);
  });

  it('stores synchronous answers at once, without a change notification', () => {
    let changes = 0;
    const cache = new BlockCache<number>({
      blockSize: 10,
      budgetBytes: 1_000,
      onChange: () => changes++,
      fetchRows: (offset, limit) => Array.from({ length: limit }, (_, i) => offset + i),
    });
    cache.reset(95);
    cache.want(0, 95);
    expect(cache.row(94)).to.equal(94);
    expect(changes).to.equal(0);
  });

  it('offers provisional sample rows in the frame order only', () => {
    const { cache } = setup();
    cache.seedProvisional([7, 8, 9]);
    expect(cache.provisionalRow(1)).to.equal(8);
    cache.setQuery({ columns: ['a'], orderBy: 'a' });
    expect(cache.provisionalRow(1)).to.equal(undefined);
  });
});
