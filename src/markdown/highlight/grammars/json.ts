/** JSON (with the comments JSONC and JSON5 allow): keys apart from string values. */
import type { Grammar } from '../tokenizer.js';
import type { SharedRules } from '../rules.js';

/** Builds the grammar from the shared rules its loader hands over (see SHARED_RULES). */
export function jsonGrammar({ WHITESPACE, DOUBLE_QUOTED, BLOCK_COMMENT_START, BLOCK_COMMENT }: SharedRules): Grammar {
  return {
    states: {
      root: [
        WHITESPACE,
        { pattern: /"(?:[^"\\]|\\.)*"(?=\s*:)/y, kind: 'property' },
        DOUBLE_QUOTED,
        { pattern: /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y, kind: 'number' },
        { pattern: /true|false|null/y, kind: 'literal' },
        { pattern: /\/\/.*/y, kind: 'comment' },
        BLOCK_COMMENT_START,
        { pattern: /[{}[\],:]/y, kind: 'punctuation' },
      ],
      blockComment: BLOCK_COMMENT,
    },
  };
}
