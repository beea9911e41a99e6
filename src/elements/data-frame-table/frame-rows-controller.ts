import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BlockCache, type WantOptions } from './block-cache.js';
import type { DataFrameSource, FrameRow } from './frame-source.js';

export interface FrameRowsOptions {
  readonly blockSize: number;
  readonly budgetBytes: number;
  readonly onError: (firstRow: number, error: unknown) => void;
}

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
  private options: FrameRowsOptions;

  constructor(
    private readonly host: ReactiveControllerHost,
    options: FrameRowsOptions,
  ) {
    this.options = options;
    this.cache = this.createCache();
    host.addController(this);
  }

  get stats() {
    return this.cache.stats;
  }

  get requestsInFlight(): number {
    return this.cache.requestsInFlight;
  }

  /** Points at another source (or resizes the cache); all cached rows are dropped. */
  configure(source: DataFrameSource | null, options: FrameRowsOptions): void {
    const resized = options.blockSize !== this.options.blockSize || options.budgetBytes !== this.options.budgetBytes;
    this.options = options;
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

  hostDisconnected(): void {
    this.cache.abortAll();
  }

  private createCache(): BlockCache<FrameRow> {
    return new BlockCache<FrameRow>({
      blockSize: this.options.blockSize,
      budgetBytes: this.options.budgetBytes,
      fetchRows: (offset, limit, query, signal) => {
        if (!this.source) return [];
        return this.source.getRows(offset, limit, { columns: query.columns, orderBy: query.orderBy, signal });
      },
      onChange: () => this.host.requestUpdate(),
      onError: (firstRow, error) => this.options.onError(firstRow, error),
    });
  }
}
