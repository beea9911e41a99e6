/**
 * The script-tag entry (`dist/convo-embed.js`): one file that registers every element, so a page needs only
 * `<script src=".../convo-embed.js"></script>` and the tags. The classes are also exposed on the global
 * `ConvoElements` for pages without a bundler (e.g. `new ConvoElements.LocalFrameSource(...)`).
 */
import './define.js';

export * from './index.js';
