/** CSS (also fine for SCSS and Less): selectors outside blocks, properties and values inside them, nested blocks. */
import type { Grammar, GrammarRule } from '../tokenizer.js';
import { WHITESPACE, DOUBLE_QUOTED, SINGLE_QUOTED, BLOCK_COMMENT_START, BLOCK_COMMENT } from '../rules.js';

const CSS_STRINGS: readonly GrammarRule[] = [DOUBLE_QUOTED, SINGLE_QUOTED];
export const css: Grammar = {
  states: {
    root: [
      WHITESPACE,
      BLOCK_COMMENT_START,
      { pattern: /@[\w-]+/y, kind: 'keyword' },
      { pattern: /\{/y, kind: 'punctuation', push: 'block' },
      ...CSS_STRINGS,
      { pattern: /[.#]?[\w-]+|::?[\w-]+|\[[^\]]*\]?|\*|&/y, kind: 'selector' },
      { pattern: /[>+~,]/y, kind: 'operator' },
      { pattern: /[()]/y, kind: 'punctuation' },
    ],
    block: [
      WHITESPACE,
      BLOCK_COMMENT_START,
      { pattern: /\}/y, kind: 'punctuation', pop: true },
      { pattern: /\{/y, kind: 'punctuation', push: 'block' },
      { pattern: /--[\w-]+|-?[A-Za-z][\w-]*(?=\s*:[^:])/y, kind: 'property' },
      { pattern: /#[\da-fA-F]{3,8}(?![\w-])/y, kind: 'number' },
      { pattern: /-?(?:\d+\.?\d*|\.\d+)(?:%|[A-Za-z]+)?/y, kind: 'number' },
      { pattern: /[\w-]+(?=\()/y, kind: 'function' },
      { pattern: /!important/y, kind: 'keyword' },
      ...CSS_STRINGS,
      { pattern: /@[\w-]+/y, kind: 'keyword' },
      { pattern: /[\w-]+/y, kind: 'literal' },
      { pattern: /[:;,()]/y, kind: 'punctuation' },
    ],
    blockComment: BLOCK_COMMENT,
  },
};
