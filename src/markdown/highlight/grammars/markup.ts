/** HTML and XML: tags with their attributes, comments (across lines), declarations and character references. */
import type { Grammar } from '../tokenizer.js';
import type { SharedRules } from '../rules.js';

/** Builds the HTML and XML grammar from the shared rules its loader hands over (see SHARED_RULES). */
export function markupGrammar({ WHITESPACE }: SharedRules): Grammar {
  return {
    states: {
      root: [
        { pattern: /<!--/y, kind: 'comment', push: 'comment' },
        { pattern: /<[!?][^>]*>?/y, kind: 'meta' },
        { pattern: /<\/?[A-Za-z][\w:.-]*/y, kind: 'tag', push: 'tag' },
        {
          pattern: /&(?:#\d+|#[xX][\da-fA-F]+|[A-Za-z]\w*);/y,
          kind: 'literal',
        },
        { pattern: /[^<&]+/y, kind: null },
      ],
      tag: [
        WHITESPACE,
        { pattern: /\/?>/y, kind: 'tag', pop: true },
        { pattern: /=/y, kind: 'operator' },
        { pattern: /"[^"]*"?|'[^']*'?/y, kind: 'string' },
        { pattern: /[^\s"'>/=]+/y, kind: 'attribute' },
      ],
      comment: [
        { pattern: /-->/y, kind: 'comment', pop: true },
        { pattern: /(?:[^-]|-(?!->))+|-/y, kind: 'comment' },
      ],
    },
  };
}
