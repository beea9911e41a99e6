/**
 * The grammars built into the renderer: the languages agents write most (JavaScript/TypeScript, JSON,
 * Python, shell, SQL, HTML/XML, CSS). Others can be passed in through the renderer's `grammars` option or
 * loaded on demand through `loadGrammar`.
 */
import type { Grammar, GrammarRule, TokenClassifier } from './tokenizer.js';

const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

const WHITESPACE: GrammarRule = { pattern: /[ \t]+/y, kind: null };
const DOUBLE_QUOTED: GrammarRule = { pattern: /"(?:[^"\\]|\\.)*"?/y, kind: 'string' };
const SINGLE_QUOTED: GrammarRule = { pattern: /'(?:[^'\\]|\\.)*'?/y, kind: 'string' };
const NUMBER: GrammarRule = {
  pattern: /(?:0[xXbBoO][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)[nj]?/y,
  kind: 'number',
};
const PUNCTUATION: GrammarRule = { pattern: /[{}()[\];,.]/y, kind: 'punctuation' };
const BLOCK_COMMENT_START: GrammarRule = { pattern: /\/\*/y, kind: 'comment', push: 'blockComment' };
const BLOCK_COMMENT: readonly GrammarRule[] = [
  { pattern: /\*\//y, kind: 'comment', pop: true },
  { pattern: /[^*]+|\*/y, kind: 'comment' },
];

/**
 * Classifies identifiers: keyword and literal lists first, then calls (`name(`), members (`.name`) and
 * capitalised names (types, classes).
 */
function identifierClassifier(lists: {
  keywords: ReadonlySet<string>;
  literals?: ReadonlySet<string>;
  types?: ReadonlySet<string>;
  builtins?: ReadonlySet<string>;
  caseInsensitive?: boolean;
}): TokenClassifier {
  return (text, line, start) => {
    const word = lists.caseInsensitive ? text.toUpperCase() : text;
    if (lists.keywords.has(word)) return 'keyword';
    if (lists.literals?.has(word)) return 'literal';
    if (lists.types?.has(word)) return 'type';
    if (line[start + text.length] === '(') return 'function';
    if (line[start - 1] === '.') return 'property';
    if (lists.builtins?.has(word)) return 'builtin';
    return !lists.caseInsensitive && /^[A-Z]/.test(text) ? 'type' : null;
  };
}

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
      builtins: words(
        'console window document globalThis Math JSON Promise Array Object String Number Boolean Map Set Date ' +
          'RegExp Error Symbol fetch require module exports process',
      ),
    }),
  },
  NUMBER,
  { pattern: /#[A-Za-z_$][\w$]*/y, kind: 'property' },
  { pattern: /@[A-Za-z_$][\w$.]*/y, kind: 'meta' },
  { pattern: /=>|[-+*/%=&|^!<>?:~]+/y, kind: 'operator' },
  PUNCTUATION,
];

const javascript: Grammar = {
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

const json: Grammar = {
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

const PYTHON_DEFINITION = /(?:def|class)\s+$/;
const pythonIdentifier = identifierClassifier({
  keywords: words(
    'and as assert async await break case class continue def del elif else except finally for from global if ' +
      'import in is lambda match nonlocal not or pass raise return try while with yield',
  ),
  literals: words('True False None'),
  builtins: words(
    'print len range int str float list dict set tuple bool open type isinstance enumerate zip map filter ' +
      'sorted sum min max abs super self cls Exception ValueError TypeError KeyError',
  ),
});
const python: Grammar = {
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

const SHELL_KEYWORDS = words('if then else elif fi for while until do done case esac in function return select time');
const SHELL_BUILTINS = words(
  'echo cd pwd export source alias unalias set unset read printf exit test local declare eval exec trap shift sudo',
);
/** True when the word is the first of a command (after a line start, `;`, `|`, `&&`, `(`...). */
function startsCommand(line: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t')) i--;
  return i < 0 || ';|&(`'.includes(line[i]!);
}
const shell: Grammar = {
  states: {
    root: [
      WHITESPACE,
      { pattern: /(?<![^\s;|&(])#.*/y, kind: 'comment' },
      DOUBLE_QUOTED,
      { pattern: /'[^']*'?/y, kind: 'string' },
      { pattern: /\$\{[^}]*\}?|\$[A-Za-z_]\w*|\$[0-9@#?$!*-]|\$\(/y, kind: 'variable' },
      { pattern: /(?<=^|[\s;|&(])--?[A-Za-z0-9][\w-]*/y, kind: 'attribute' },
      {
        pattern: /[A-Za-z_][\w.-]*/y,
        kind: (text, line, start) => {
          if (SHELL_KEYWORDS.has(text)) return 'keyword';
          if (SHELL_BUILTINS.has(text)) return 'builtin';
          return startsCommand(line, start) ? 'function' : null;
        },
      },
      { pattern: /\d+(?![\w.-])/y, kind: 'number' },
      { pattern: /&&|\|\||[|&;<>]+|=/y, kind: 'operator' },
      { pattern: /[{}()[\]]/y, kind: 'punctuation' },
    ],
  },
};

const sql: Grammar = {
  states: {
    root: [
      WHITESPACE,
      { pattern: /--.*/y, kind: 'comment' },
      BLOCK_COMMENT_START,
      { pattern: /'(?:[^'\\]|\\.|'')*'?/y, kind: 'string' },
      { pattern: /"(?:[^"]|"")*"?|`[^`]*`?/y, kind: 'property' },
      { pattern: /[:@$][A-Za-z_]\w*|\$\d+|\?/y, kind: 'variable' },
      {
        pattern: /[A-Za-z_][\w$]*/y,
        kind: identifierClassifier({
          caseInsensitive: true,
          keywords: words(
            'ADD ALL ALTER AND ANY AS ASC BETWEEN BY CASE CAST CHECK COLUMN CONSTRAINT CREATE CROSS CURRENT_DATE ' +
              'CURRENT_TIMESTAMP DATABASE DEFAULT DELETE DESC DISTINCT DROP ELSE END EXCEPT EXISTS EXPLAIN FETCH ' +
              'FOREIGN FROM FULL GROUP HAVING IF ILIKE IN INDEX INNER INSERT INTERSECT INTERVAL INTO IS JOIN KEY ' +
              'LATERAL LEFT LIKE LIMIT NOT OFFSET ON OR ORDER OUTER OVER PARTITION PRIMARY REFERENCES RETURNING ' +
              'RIGHT ROW ROWS SELECT SET TABLE THEN UNION UNIQUE UPDATE USING VALUES VIEW WHEN WHERE WINDOW WITH',
          ),
          literals: words('NULL TRUE FALSE'),
          types: words(
            'INT INTEGER BIGINT SMALLINT DECIMAL NUMERIC REAL FLOAT DOUBLE BOOLEAN BOOL CHAR VARCHAR TEXT DATE ' +
              'TIME TIMESTAMP TIMESTAMPTZ JSON JSONB UUID BYTEA SERIAL ARRAY',
          ),
        }),
      },
      NUMBER,
      { pattern: /[-+*/%=<>!|&~^]+/y, kind: 'operator' },
      PUNCTUATION,
    ],
    blockComment: BLOCK_COMMENT,
  },
};

const markup: Grammar = {
  states: {
    root: [
      { pattern: /<!--/y, kind: 'comment', push: 'comment' },
      { pattern: /<[!?][^>]*>?/y, kind: 'meta' },
      { pattern: /<\/?[A-Za-z][\w:.-]*/y, kind: 'tag', push: 'tag' },
      { pattern: /&(?:#\d+|#[xX][\da-fA-F]+|[A-Za-z]\w*);/y, kind: 'literal' },
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

const CSS_STRINGS: readonly GrammarRule[] = [DOUBLE_QUOTED, SINGLE_QUOTED];
const css: Grammar = {
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

/** Built-in grammars by every name an info string commonly uses for them (lower case). */
export const BUILTIN_GRAMMARS: ReadonlyMap<string, Grammar> = new Map(
  (
    [
      [javascript, 'javascript js jsx mjs cjs node typescript ts tsx mts cts'],
      [json, 'json jsonc json5'],
      [python, 'python py py3 python3'],
      [shell, 'bash sh shell zsh console shellscript'],
      [sql, 'sql postgres postgresql mysql sqlite psql'],
      [markup, 'html htm xml svg xhtml'],
      [css, 'css scss less'],
    ] as const
  ).flatMap(([grammar, names]) => names.split(' ').map((name) => [name, grammar] as const)),
);
