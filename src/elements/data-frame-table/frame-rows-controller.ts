import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BlockCache, type WantOptions } from './block-cache.js';
import type { DataFrameSource, FrameRow } from './frame-source.js';

export interface CacheSizes {
  /** Rows per request. */
  readonly blockSize: number;
  /** Memory the cached rows may take, in bytes. */
  readonly budgetBytes: number;
}

const DEFAULT_SIZES: CacheSizes = { blockSize: 100, budgetBytes: 32 * 1024 * 1024 };

/** What a row slot in the viewport shows. */
export type RowSlot =
  | { readonly kind: 'row'; readonly row: FrameRow; readonly provisional: boolean }
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * Connects a `DataFrameSource` to the block cache for an element: repaints the host when blocks arrive, aborts
 * every request when the host leaves the page, and starts over when the source or the cache sizes change.
 */
export class FrameRowsController implements ReactiveController {
  private cache: BlockCache<FrameRow>;
  private source: DataFrameSource | null = null;
  private sizes = DEFAULT_SIZES;

  /** `onError` hears of every failed slice, with the first row of its block. */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onError: (firstRow: number, error: unknown) => void,
  ) {
    this.cache = this.createCache();
    host.addController(this);
  }

  get stats() {
    return this.cache.stats;
  }

  /** Points at another source (or resizes the cache); all cached rows are dropped. */
  configure(source: DataFrameSource | null, sizes: CacheSizes): void {
    const resized = sizes.blockSize !== this.sizes.blockSize || sizes.budgetBytes !== this.sizes.budgetBytes;
    this.sizes = sizes;
    if (!resized && source === this.source) return;
    this.cache.abortAll();
    if (resized) this.cache = this.createCache();
    this.source = source;
    this.cache.reset(source?.rowCount ?? 0);
    this.cache.seedProvisional(source?.sampleRows ?? []);
  }

  /** Declares the query (shown columns, order) and the rows the viewport shows; see `BlockCache.want`. */
  want(columns: readonly string[], orderBy: string | null, first: number, end: number, options: WantOptions): void {
    this.cache.setQuery({ columns, orderBy });
    this.cache.want(first, end, options);
  }

  slot(index: number): RowSlot {
    const row = this.cache.row(index);
    if (row) return { kind: 'row', row, provisional: false };
    const provisional = this.cache.provisionalRow(index);
    if (provisional) return { kind: 'row', row: provisional, provisional: true };
    const error = this.cache.failure(index);
    return error === undefined ? { kind: 'loading' } : { kind: 'failed', error };
  }

  /** The loaded row at `index`, or undefined (samples do not count: they may lack the exact query's order). */
  loadedRow(index: number): FrameRow | undefined {
    return this.cache.row(index);
  }

  /** True when the block holding `index` failed, even if a sample row stands in for it. */
  hasFailed(index: number): boolean {
    return this.cache.failure(index) !== undefined;
  }

  retry(): void {
    this.cache.retry();
  }

  hostConnected(): void {
    // Requests aborted when the host left are asked again by its next update.
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.cache.abortAll();
  }

  private createCache(): BlockCache<FrameRow> {
    return new BlockCache<FrameRow>({
      blockSize: this.sizes.blockSize,
      budgetBytes: this.sizes.budgetBytes,
      fetchRows: (offset, limit, query, signal) => {
        if (!this.source) return [];
        return this.source.getRows(offset, limit, { columns: query.columns, orderBy: query.orderBy, signal });
      },
      onChange: () => this.host.requestUpdate(),
      onError: this.onError,
    });
  }
}
