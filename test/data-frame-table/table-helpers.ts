/** Helpers shared by the `<data-frame-table>` tests: waiting for paints, reading rows, pressing keys. */
import { oneEvent } from '@open-wc/testing';
import type { DataFrameTable } from '../../src/elements/data-frame-table/data-frame-table.js';

export const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Sizes come from a ResizeObserver, which reports after the next layout: two frames cover it. */
export async function settle(table: DataFrameTable): Promise<void> {
  await table.updateComplete;
  await nextFrame();
  await nextFrame();
  await table.updateComplete;
}

export function shadow(table: DataFrameTable): ShadowRoot {
  return table.shadowRoot!;
}

export function bodyRows(table: DataFrameTable): HTMLElement[] {
  return [...shadow(table).querySelectorAll<HTMLElement>('[part~="body"] > [role="row"]')];
}

export function rowByIndex(table: DataFrameTable, index: number): HTMLElement | undefined {
  return bodyRows(table).find((row) => row.getAttribute('aria-rowindex') === String(index + 2));
}

export function cellTexts(row: HTMLElement | undefined): string[] {
  return [...(row?.querySelectorAll('[role="gridcell"]') ?? [])].map((cell) => cell.textContent!.trim());
}

export function focusedCell(table: DataFrameTable): { row: number; column: number } {
  const active = shadow(table).activeElement!;
  const row = active.closest('[aria-rowindex]')!;
  return { row: Number(row.getAttribute('aria-rowindex')) - 2, column: Number(active.getAttribute('aria-colindex')) - 1 };
}

export function key(table: DataFrameTable, keyName: string, init: KeyboardEventInit = {}): void {
  const target = shadow(table).activeElement!;
  target.dispatchEvent(new KeyboardEvent('keydown', { key: keyName, bubbles: true, composed: true, cancelable: true, ...init }));
}

export async function scrollBodyTo(table: DataFrameTable, top: number): Promise<void> {
  const scroller = shadow(table).querySelector<HTMLElement>('[part~="scroller"]')!;
  scroller.scrollTop = top;
  await oneEvent(scroller, 'scroll');
  await settle(table);
}


/** Waits (frame by frame) until `ready()` holds. */
export async function until(ready: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = performance.now();
  while (!ready()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await nextFrame();
  }
}

/** The row at `index` shows its real values (not a placeholder, not a sample row). */
export function realRow(table: DataFrameTable, index: number): boolean {
  return rowByIndex(table, index)?.getAttribute('part') === 'row';
}
