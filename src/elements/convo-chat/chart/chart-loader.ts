/**
 * Loads the chart library on first use. A page that never shows a chart never downloads Vega.
 *
 * Bundled builds import `./chart-library.js` (which imports `vega-embed`); the script-tag embed cannot split
 * itself into chunks, so it points the loader at its sidecar file (`convo-embed-chart.js`) instead.
 */
import { loadOnce } from '../../../api/load-once.js';
import type * as ChartLibrary from './chart-library.js';

export type ChartLibraryModule = typeof ChartLibrary;

let loadLibrary = loadOnce<ChartLibraryModule>(() => import('./chart-library.js'), 'the chart library');

/**
 * Where `<convo-chat>` loads its chart library from when the first chart arrives: an ES module such as
 * `dist/convo-embed-chart.js` (Vega bundled in), instead of the `vega-embed` your bundler resolves. The
 * script-tag embed sets it to the sidecar beside itself; call it to serve that file from elsewhere.
 */
export function setChartLibraryUrl(url: string): void {
  loadLibrary = loadOnce(() => import(/* @vite-ignore */ url) as Promise<ChartLibraryModule>, `the chart library from ${url}`);
}

/**
 * The chart library, loaded once. A failed load rejects with a `ConvoNetworkError` whose cause is the
 * browser's own error, and is tried again by the next chart (the network may be back).
 */
export function loadChartLibrary(): Promise<ChartLibraryModule> {
  return loadLibrary();
}
