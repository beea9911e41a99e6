/**
 * The rows of a frame fetched in fixed blocks and kept in a least-recently-used cache bounded by a memory
 * budget. No DOM: it is driven by `want()` calls (what the viewport shows now, which way it is moving) and
 * reports arrivals through `onChange`.
 *
 * What it guarantees, because every grid people complain about misses one of them:
 * - at most `maxInFlight` requests at a time, visible blocks before the one prefetched ahead (only from a source
 *   that answers later: one that answers at once has no wait to hide);
 * - a request for a block the viewport has left is aborted (its AbortSignal fires), not left to finish;
 * - nothing new is fetched while the viewport is still flying (a scrollbar drag, a fling): only where it stops;
 * - blocks are keyed by block index, shown columns and order, so a sort or column change never shows rows of
 *   another query, and switching back finds the earlier blocks still cached.
 */

export interface BlockQuery {
  /** Columns the rows must carry, in any order. */
  readonly columns: readonly string[];
  /** `name` ascending, `-name` descending, null for the frame's own order. */
  readonly orderBy: string | null;
}

/** Fetches rows `[offset, offset + limit)` for a query; a synchronous answer is stored at once. */
export type FetchRows<Row> = (
  offset: number,
  limit: number,
  query: BlockQuery,
  signal: AbortSignal,
) => Promise<readonly Row[]> | readonly Row[];

export interface BlockCacheOptions<Row> {
  readonly blockSize: number;
  readonly budgetBytes: number;
  readonly fetchRows: FetchRows<Row>;
  /** Called when a block arrives or fails after `want()` returned, so the host repaints. */
  readonly onChange: () => void;
  /** Called once per failed request with the first row of its block. */
  readonly onError?: (firstRow: number, error: unknown) => void;
  readonly maxInFlight?: number;
  readonly estimateBytes?: (rows: readonly Row[]) => number;
}

export interface WantOptions {
  /** +1 scrolling down, -1 up, 0 still: picks the block prefetched ahead. */
  readonly direction?: number;
  /** The viewport is still moving fast (a scrollbar drag, a fling): fetch nothing new yet. */
  readonly moving?: boolean;
}

export interface BlockCacheStats {
  requestsStarted: number;
  requestsAborted: number;
  requestsFailed: number;
  evictions: number;
}

interface LoadedBlock<Row> {
  readonly rows: readonly Row[];
  readonly bytes: number;
}

export class BlockCache<Row> {
  readonly stats: BlockCacheStats = { requestsStarted: 0, requestsAborted: 0, requestsFailed: 0, evictions: 0 };

  private readonly options: Required<BlockCacheOptions<Row>>;
  private currentQuery: BlockQuery = { columns: [], orderBy: null };
  private currentQueryKey = queryKey(this.currentQuery);
  private currentRowCount = 0;
  /** Insertion order is recency order: a read moves the block to the end. */
  private readonly loaded = new Map<string, LoadedBlock<Row>>();
  private readonly failed = new Map<string, unknown>();
  private readonly inFlight = new Map<string, AbortController>();
  private wanted: string[] = [];
  private moving = false;
  private loadedBytes = 0;
  private provisionalRows: readonly Row[] = [];
  private insideWant = false;
  /** The block wanted ahead of the viewport in the scroll direction, if any. */
  private aheadKey: string | undefined;
  /** The source answered its last request at once (rows in memory): fetching ahead would only add work now. */
  private answersAtOnce = false;

  constructor(options: BlockCacheOptions<Row>) {
    this.options = { maxInFlight: 2, estimateBytes: estimateRowsBytes, onError: () => {}, ...options };
  }

  /** Bytes held by loaded blocks, as estimated. */
  get bytes(): number {
    return this.loadedBytes;
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /** Switches to another set of columns or order; blocks of the previous query stay cached under their key. */
  setQuery(query: BlockQuery): void {
    const key = queryKey(query);
    if (key === this.currentQueryKey) return;
    this.currentQuery = { columns: [...query.columns], orderBy: query.orderBy };
    this.currentQueryKey = key;
    this.wanted = [];
    this.abortUnwanted();
  }

  /** A new frame or a changed row count: everything cached so far is dropped. */
  reset(rowCount: number): void {
    for (const controller of this.inFlight.values()) controller.abort();
    this.stats.requestsAborted += this.inFlight.size;
    this.inFlight.clear();
    this.loaded.clear();
    this.failed.clear();
    this.loadedBytes = 0;
    this.wanted = [];
    this.provisionalRows = [];
    this.currentRowCount = Math.max(0, rowCount);
  }

  /**
   * Rows known before any slice arrives (a frame listing's samples, in the frame's own order): shown in place of
   * a placeholder while the real block loads, then replaced by it.
   */
  seedProvisional(rows: readonly Row[]): void {
    this.provisionalRows = rows;
  }

  /** The row at `index` if its block is loaded (marking the block recently used), else undefined. */
  row(index: number): Row | undefined {
    const key = this.blockKey(this.blockOf(index));
    const block = this.loaded.get(key);
    if (block) {
      this.loaded.delete(key);
      this.loaded.set(key, block);
      return block.rows[index % this.options.blockSize];
    }
    return undefined;
  }

  /** A sample row standing in for `index` until its block arrives; only the frame's own order has samples. */
  provisionalRow(index: number): Row | undefined {
    return this.currentQuery.orderBy === null ? this.provisionalRows[index] : undefined;
  }

  /** The error that made the block holding `index` fail, if it did. */
  failure(index: number): unknown {
    return this.failed.get(this.blockKey(this.blockOf(index)));
  }

  /**
   * Declares the rows the viewport shows, `[first, end)`. Starts the fetches they need (visible blocks first,
   * then one block ahead in `direction`), aborts those no longer needed, and fetches nothing while `moving`.
   */
  want(first: number, end: number, { direction = 0, moving = false }: WantOptions = {}): void {
    this.moving = moving;
    const wantedBlocks: number[] = [];
    this.aheadKey = undefined;
    if (end > first && this.currentRowCount > 0) {
      const firstBlock = this.blockOf(Math.max(0, first));
      const lastBlock = this.blockOf(Math.min(end, this.currentRowCount) - 1);
      for (let block = firstBlock; block <= lastBlock; block++) wantedBlocks.push(block);
      const ahead = direction < 0 ? firstBlock - 1 : lastBlock + 1;
      if (ahead >= 0 && ahead * this.options.blockSize < this.currentRowCount) {
        wantedBlocks.push(ahead);
        this.aheadKey = this.blockKey(ahead);
      }
    }
    this.wanted = wantedBlocks.map((block) => this.blockKey(block));
    this.insideWant = true;
    try {
      this.pump();
    } finally {
      this.insideWant = false;
    }
  }

  /** Forgets the failures of the current query and fetches the wanted blocks again. */
  retry(): void {
    for (const key of this.failed.keys()) if (key.startsWith(this.currentQueryKey)) this.failed.delete(key);
    this.pump();
  }

  /** Aborts every request; the cache stays usable. */
  abortAll(): void {
    this.wanted = [];
    this.abortUnwanted();
  }

  private pump(): void {
    this.abortUnwanted();
    if (this.moving) return;
    for (const key of this.wanted) {
      if (this.inFlight.size >= this.options.maxInFlight) break;
      if (this.loaded.has(key) || this.failed.has(key) || this.inFlight.has(key)) continue;
      if (key === this.aheadKey && this.answersAtOnce) continue;
      this.fetchBlock(key);
    }
  }

  private abortUnwanted(): void {
    const wanted = new Set(this.wanted);
    for (const [key, controller] of this.inFlight) {
      if (wanted.has(key)) continue;
      this.inFlight.delete(key);
      this.stats.requestsAborted++;
      controller.abort();
    }
  }

  private fetchBlock(key: string): void {
    const block = blockIndexOf(key);
    const offset = block * this.options.blockSize;
    const limit = Math.min(this.options.blockSize, this.currentRowCount - offset);
    const controller = new AbortController();
    this.inFlight.set(key, controller);
    this.stats.requestsStarted++;
    let answer: Promise<readonly Row[]> | readonly Row[];
    try {
      answer = this.options.fetchRows(offset, limit, this.currentQuery, controller.signal);
    } catch (error) {
      this.settle(key, controller, { error });
      return;
    }
    this.answersAtOnce = !isPromiseLike(answer);
    if (isPromiseLike(answer)) {
      answer.then(
        (rows) => this.settle(key, controller, { rows }),
        (error: unknown) => this.settle(key, controller, { error }),
      );
    } else {
      this.settle(key, controller, { rows: answer });
    }
  }

  private settle(
    key: string,
    controller: AbortController,
    outcome: { rows: readonly Row[] } | { error: unknown },
  ): void {
    // An aborted request's late answer is dropped: the viewport has moved on, or the query changed.
    if (controller.signal.aborted || this.inFlight.get(key) !== controller) return;
    this.inFlight.delete(key);
    if ('rows' in outcome) {
      this.store(key, outcome.rows);
    } else {
      this.failed.set(key, outcome.error);
      this.stats.requestsFailed++;
      this.options.onError(blockIndexOf(key) * this.options.blockSize, outcome.error);
    }
    if (this.insideWant) return;
    this.pump();
    this.options.onChange();
  }

  private store(key: string, rows: readonly Row[]): void {
    const bytes = this.options.estimateBytes(rows);
    this.loaded.set(key, { rows, bytes });
    this.loadedBytes += bytes;
    this.evict();
  }

  /** Drops least recently used blocks until within budget, never one the viewport wants now. */
  private evict(): void {
    if (this.loadedBytes <= this.options.budgetBytes) return;
    const wanted = new Set(this.wanted);
    for (const [key, block] of this.loaded) {
      if (this.loadedBytes <= this.options.budgetBytes) break;
      if (wanted.has(key)) continue;
      this.loaded.delete(key);
      this.loadedBytes -= block.bytes;
      this.stats.evictions++;
    }
  }

  private blockOf(index: number): number {
    return Math.floor(index / this.options.blockSize);
  }

  private blockKey(block: number): string {
    return `${this.currentQueryKey}#${block}`;
  }
}

function queryKey(query: BlockQuery): string {
  return JSON.stringify([query.columns, query.orderBy]);
}

function blockIndexOf(key: string): number {
  return Number(key.slice(key.lastIndexOf('#') + 1));
}

function isPromiseLike<T>(value: PromiseLike<T> | T): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

/**
 * A rough size of rows in memory: enough to keep the cache near its budget without walking every value (the
 * first rows stand for the block).
 */
export function estimateRowsBytes(rows: readonly unknown[]): number {
  const sampleSize = Math.min(rows.length, 4);
  let sampled = 0;
  for (let i = 0; i < sampleSize; i++) sampled += estimateValueBytes(rows[i]);
  return sampleSize === 0 ? 0 : Math.ceil((sampled / sampleSize) * rows.length);
}

function estimateValueBytes(value: unknown): number {
  if (typeof value === 'string') return 16 + value.length * 2;
  if (value === null || typeof value !== 'object') return 8;
  let bytes = 32;
  for (const item of Array.isArray(value) ? value : Object.values(value)) bytes += 8 + estimateValueBytes(item);
  return bytes;
}
