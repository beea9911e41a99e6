export {
  StreamingMarkdown,
  renderMarkdown,
  type StreamingMarkdownOptions,
  type FrameScheduler,
  type CopyRequest,
} from './streaming-markdown.js';
export { codeForCopyButton } from './code-block.js';
export { DEFAULT_MARKDOWN_STRINGS, type MarkdownStrings, type RenderStats } from './render-context.js';
export type { Grammar, GrammarRule, TokenKind, TokenClassifier } from './highlight/tokenizer.js';
