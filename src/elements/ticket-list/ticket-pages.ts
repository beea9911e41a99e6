/**
 * The queue's rows for one query, fetched from the server page by page as the viewport reaches them. No DOM:
 * the element says which rows it shows (`want`), reads them back (`at`) and repaints on `onChange`.
 *
 * Rows live in one sparse array indexed by position, so deleting a ticket shifts every later row exactly as
 * the server's own offsets shift. A `refresh` keeps showing the rows it has until their new answers land
 * (no flash of placeholders); a `reset` (a new query) drops them, because rows of another query are wrong.
 */

export interface TicketPage<T> {
  items: readonly T[];
  /** The server's count of matching tickets. */
  total: number;
}

export type FetchTicketPage<T> = (
  offset: number,
  limit: number,
  signal: AbortSignal,
) => Promise<TicketPage<T>>;

export interface TicketPagesOptions<T> {
  pageSize: number;
  fetchPage: FetchTicketPage<T>;
  /** A page arrived or failed: repaint. */
  onChange: () => void;
  idOf: (item: T) => string;
  maxInFlight?: number;
}

export type TicketPagesStatus = "loading" | "ready" | "error";

export class TicketPages<T> {
  private readonly options: Required<TicketPagesOptions<T>>;
  private rows: (T | undefined)[] = [];
  /** What a refresh replaces, shown until then. */
  private previousRows: (T | undefined)[] = [];
  private knownTotal: number | null = null;
  private readonly inFlight = new Map<number, AbortController>();
  private wantedPages: number[] = [];
  private lastError: unknown = undefined;
  private failedPages = new Set<number>();

  constructor(options: TicketPagesOptions<T>) {
    this.options = { maxInFlight: 2, ...options };
  }

  /** The server's count, `null` until the first page of this query answered. */
  get total(): number | null {
    return this.knownTotal;
  }

  get status(): TicketPagesStatus {
    if (this.failedPages.size > 0) return "error";
    return this.knownTotal === null ? "loading" : "ready";
  }

  /** Why the last page failed; cleared by `retry`, `refresh` and `reset`. */
  get error(): unknown {
    return this.lastError;
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  at(index: number): T | undefined {
    return this.rows[index] ?? this.previousRows[index];
  }

  indexOf(id: string): number {
    const find = (rows: (T | undefined)[]) =>
      rows.findIndex(
        (row) => row !== undefined && this.options.idOf(row) === id,
      );
    const index = find(this.rows);
    return index >= 0 ? index : find(this.previousRows);
  }

  /** A new query: forget every row, abort every request, start again from nothing. */
  reset(): void {
    this.abortAll();
    this.rows = [];
    this.previousRows = [];
    this.knownTotal = null;
    this.clearFailures();
  }

  /** Same query, newer data: fetch the wanted pages again while the old rows stay on screen. */
  refresh(): void {
    this.abortAll();
    this.previousRows = this.rows.map(
      (row, index) => row ?? this.previousRows[index],
    );
    this.rows = [];
    this.clearFailures();
    this.pump();
  }

  retry(): void {
    this.clearFailures();
    this.pump();
  }

  /** The viewport shows rows `[first, end)`: fetch the pages they need, abort the ones no longer needed. */
  want(first: number, end: number): void {
    const size = this.options.pageSize;
    const last =
      this.knownTotal === null ? end : Math.min(end, this.knownTotal);
    const pages: number[] = [];
    for (
      let page = Math.floor(Math.max(0, first) / size);
      page * size < Math.max(last, 1);
      page++
    )
      pages.push(page);
    this.wantedPages = pages;
    this.pump();
  }

  /** Puts a fresher copy of a ticket wherever it is shown. */
  replace(item: T): void {
    const id = this.options.idOf(item);
    for (const rows of [this.rows, this.previousRows]) {
      const index = rows.findIndex(
        (row) => row !== undefined && this.options.idOf(row) === id,
      );
      if (index >= 0) rows[index] = item;
    }
  }

  /**
   * The ticket is gone on the server: later rows move up one place, as the server's offsets do. Answers false
   * when the ticket was not among the rows held (the count is then the caller's to refresh).
   */
  remove(id: string): boolean {
    let removed = false;
    for (const rows of [this.rows, this.previousRows]) {
      const index = rows.findIndex(
        (row) => row !== undefined && this.options.idOf(row) === id,
      );
      if (index >= 0) {
        rows.splice(index, 1);
        removed = true;
      }
    }
    if (removed && this.knownTotal !== null)
      this.knownTotal = Math.max(0, this.knownTotal - 1);
    return removed;
  }

  abortAll(): void {
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
  }

  private clearFailures(): void {
    this.failedPages.clear();
    this.lastError = undefined;
  }

  private isLoaded(page: number): boolean {
    const size = this.options.pageSize;
    const start = page * size;
    const end =
      this.knownTotal === null
        ? start + size
        : Math.min(start + size, this.knownTotal);
    if (this.knownTotal !== null && start >= this.knownTotal) return true;
    for (let index = start; index < end; index++)
      if (this.rows[index] === undefined) return false;
    return true;
  }

  private pump(): void {
    const wanted = new Set(this.wantedPages);
    for (const [page, controller] of this.inFlight) {
      if (!wanted.has(page)) {
        controller.abort();
        this.inFlight.delete(page);
      }
    }
    for (const page of this.wantedPages) {
      if (this.inFlight.size >= this.options.maxInFlight) break;
      if (
        this.inFlight.has(page) ||
        this.failedPages.has(page) ||
        this.isLoaded(page)
      )
        continue;
      void this.fetch(page);
    }
  }

  private async fetch(page: number): Promise<void> {
    const controller = new AbortController();
    this.inFlight.set(page, controller);
    const size = this.options.pageSize;
    try {
      const answer = await this.options.fetchPage(
        page * size,
        size,
        controller.signal,
      );
      if (controller.signal.aborted) return;
      this.knownTotal = answer.total;
      answer.items.forEach(
        (item, offset) => (this.rows[page * size + offset] = item),
      );
      // The server has fewer rows than were shown before a refresh: the surplus must not linger.
      if (this.rows.length > answer.total) this.rows.length = answer.total;
      if (this.previousRows.length > answer.total)
        this.previousRows.length = answer.total;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.failedPages.add(page);
      this.lastError = error;
    } finally {
      if (this.inFlight.get(page) === controller) this.inFlight.delete(page);
    }
    this.pump();
    this.options.onChange();
  }
}
