/** JavaScript and TypeScript (JSX too): template literals with interpolation, block comments across lines. */
import type { Grammar, GrammarRule } from '../tokenizer.js';
import type { SharedRules } from '../rules.js';

/** Builds the grammar from the shared rules its loader hands over (see SHARED_RULES). */
export function javascriptGrammar({ words, WHITESPACE, DOUBLE_QUOTED, SINGLE_QUOTED, NUMBER, PUNCTUATION, BLOCK_COMMENT_START, BLOCK_COMMENT, identifierClassifier }: SharedRules): Grammar {
  const JS_ROOT: readonly GrammarRule[] = [
    WHITESPACE,
    { pattern: /\/\/.*/y, kind: 'comment' },
    BLOCK_COMMENT_START,
    DOUBLE_QUOTED,
    SINGLE_QUOTED,
    { pattern: /`/y, kind: 'string', push: 'template' },
    {
      pattern: /[A-Za-z_$][\w$]*/y,
      kind: identifierClassifier({
        keywords: words(
          'abstract as async await break case catch class const continue debugger declare default delete do else ' +
            'enum export extends finally for from function get if implements import in infer instanceof interface ' +
            'is keyof let namespace new of private protected public readonly return satisfies set static super ' +
            'switch this throw try type typeof var void while with yield',
        ),
        literals: words('true false null undefined NaN Infinity'),
        types: words('string number boolean any unknown never object symbol bigint'),
        builtins: words('console window document Math JSON Promise Object Array fetch require process'),
      }),
    },
    NUMBER,
    { pattern: /#[A-Za-z_$][\w$]*/y, kind: 'property' },
    { pattern: /@[A-Za-z_$][\w$.]*/y, kind: 'meta' },
    { pattern: /=>|[-+*/%=&|^!<>?:~]+/y, kind: 'operator' },
    PUNCTUATION,
  ];

  return {
    states: {
      root: JS_ROOT,
      blockComment: BLOCK_COMMENT,
      template: [
        { pattern: /`/y, kind: 'string', pop: true },
        { pattern: /\$\{/y, kind: 'punctuation', push: 'interpolation' },
        { pattern: /(?:[^`\\$]|\\.|\$(?!\{))+/y, kind: 'string' },
      ],
      interpolation: [
        { pattern: /\}/y, kind: 'punctuation', pop: true },
        { pattern: /\{/y, kind: 'punctuation', push: 'interpolation' },
        ...JS_ROOT,
      ],
    },
  };
}
