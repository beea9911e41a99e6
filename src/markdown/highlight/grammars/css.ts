/** CSS (also fine for SCSS and Less): selectors outside blocks, properties and values inside them, nested blocks. */
import type { Grammar, GrammarRule } from '../tokenizer.js';
import type { SharedRules } from '../rules.js';

/** Builds the CSS grammar from the shared rules its loader hands over (see SHARED_RULES). */
export function cssGrammar({
  WHITESPACE,
  DOUBLE_QUOTED,
  SINGLE_QUOTED,
  BLOCK_COMMENT_START,
  BLOCK_COMMENT,
}: SharedRules): Grammar {
  const strings: readonly GrammarRule[] = [DOUBLE_QUOTED, SINGLE_QUOTED];
  return {
    states: {
      root: [
        WHITESPACE,
        BLOCK_COMMENT_START,
        { pattern: /@[\w-]+/y, kind: 'keyword' },
        { pattern: /\{/y, kind: 'punctuation', push: 'block' },
        ...strings,
        {
          pattern: /[.#]?[\w-]+|::?[\w-]+|\[[^\]]*\]?|\*|&/y,
          kind: 'selector',
        },
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
        ...strings,
        { pattern: /@[\w-]+/y, kind: 'keyword' },
        { pattern: /[\w-]+/y, kind: 'literal' },
        { pattern: /[:;,()]/y, kind: 'punctuation' },
      ],
      blockComment: BLOCK_COMMENT,
    },
  };
}
