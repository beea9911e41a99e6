/**
 * Loads the chart library on first use. A page that never shows a chart never downloads Vega.
 *
 * Bundled builds import `./chart-library.js` (which imports `vega-embed`); the script-tag embed cannot split
 * itself into chunks, so it points the loader at its sidecar file (`convo-embed-chart.js`) instead.
 */
import type * as ChartLibrary from './chart-library.js';

export type ChartLibraryModule = typeof ChartLibrary;

let importLibrary: () => Promise<ChartLibraryModule> = () => import('./chart-library.js');
let loading: Promise<ChartLibraryModule> | undefined;

/**
 * Loads the chart library from `url` (an ES module exporting what `chart-library.ts` exports) rather than
 * from the bundle. The script-tag embed calls it with the address of its sidecar file.
 */
export function loadChartLibraryFrom(url: string): void {
  importLibrary = () => import(/* @vite-ignore */ url) as Promise<ChartLibraryModule>;
  loading = undefined;
}

/** The chart library, loaded once. A failed load is tried again by the next chart (the network may be back). */
export function loadChartLibrary(): Promise<ChartLibraryModule> {
  loading ??= importLibrary().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
