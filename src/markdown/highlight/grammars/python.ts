/** Python: triple-quoted strings across lines, string prefixes, decorators, the names `def` and `class` define. */
import type { Grammar } from '../tokenizer.js';
import type { SharedRules } from '../rules.js';

/** Builds the grammar from the shared rules its loader hands over (see SHARED_RULES). */
export function pythonGrammar({ words, WHITESPACE, NUMBER, PUNCTUATION, identifierClassifier }: SharedRules): Grammar {
  const PYTHON_DEFINITION = /(?:def|class)\s+$/;
  const pythonIdentifier = identifierClassifier({
    keywords: words(
      'and as assert async await break case class continue def del elif else except finally for from global if ' +
        'import in is lambda match nonlocal not or pass raise return try while with yield',
    ),
    literals: words('True False None'),
    builtins: words('print len range int str float list dict set tuple bool open isinstance enumerate self'),
  });
  return {
    states: {
      root: [
        WHITESPACE,
        { pattern: /#.*/y, kind: 'comment' },
        { pattern: /[rRbBuUfF]{0,2}"""/y, kind: 'string', push: 'tripleDouble' },
        { pattern: /[rRbBuUfF]{0,2}'''/y, kind: 'string', push: 'tripleSingle' },
        { pattern: /[rRbBuUfF]{0,2}"(?:[^"\\]|\\.)*"?/y, kind: 'string' },
        { pattern: /[rRbBuUfF]{0,2}'(?:[^'\\]|\\.)*'?/y, kind: 'string' },
        { pattern: /@[A-Za-z_][\w.]*/y, kind: 'meta' },
        {
          pattern: /[A-Za-z_]\w*/y,
          kind: (text, line, start) =>
            PYTHON_DEFINITION.test(line.slice(Math.max(0, start - 8), start))
              ? 'function'
              : pythonIdentifier(text, line, start),
        },
        NUMBER,
        { pattern: /->|[-+*/%=&|^!<>~:]+/y, kind: 'operator' },
        PUNCTUATION,
      ],
      tripleDouble: [
        { pattern: /"""/y, kind: 'string', pop: true },
        { pattern: /(?:[^"\\]|\\.|"(?!""))+/y, kind: 'string' },
      ],
      tripleSingle: [
        { pattern: /'''/y, kind: 'string', pop: true },
        { pattern: /(?:[^'\\]|\\.|'(?!''))+/y, kind: 'string' },
      ],
    },
  };
}
