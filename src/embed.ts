/**
 * The script-tag entry (`dist/convo-embed.js`): one file that registers every element, so a page needs only
 * `<script src=".../convo-embed.js"></script>` and the tags. The classes are also exposed on the global
 * `ConvoElements` for pages without a bundler (e.g. `new ConvoElements.LocalFrameSource(...)`).
 *
 * The chart library (Vega) is too large to ride along: it lives in `convo-embed-chart.js` next to this file
 * and loads when the first chart arrives. Its address is taken from this script's own, which is known only
 * while the script runs.
 */
import { setChartLibraryUrl } from './elements/convo-chat/chart/chart-loader.js';
import './define.js';

const embedScript = document.currentScript;
if (embedScript instanceof HTMLScriptElement && embedScript.src !== '') setChartLibraryUrl(new URL('convo-embed-chart.js', embedScript.src).href);

export * from './index.js';
