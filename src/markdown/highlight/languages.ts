/**
 * The grammars that come with the renderer, for the languages agents write most. JavaScript/TypeScript, JSON
 * and Python are here and ship with it; shell, SQL, HTML/XML and CSS are modules of their own, imported the
 * first time a block asks for them (a separate chunk in the ESM build, inlined in the script-tag build), so
 * a page pays for them only when a reply uses them. Hosts add others through the renderer's `grammars`
 * option, or load them on first use through `loadGrammar`.
 */
import type { Grammar, GrammarRule } from './tokenizer.js';
import {
  words,
  WHITESPACE,
  DOUBLE_QUOTED,
  SINGLE_QUOTED,
  NUMBER,
  PUNCTUATION,
  BLOCK_COMMENT_START,
  BLOCK_COMMENT,
  identifierClassifier,
  SHARED_RULES,
} from './rules.js';

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
  builtins: words('print len range int str float list dict set tuple bool open isinstance enumerate self'),
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

/** Built-in grammars by every name an info string commonly uses for them (lower case). */
export const BUILTIN_GRAMMARS: ReadonlyMap<string, Grammar> = byName([
  [javascript, 'javascript js jsx mjs cjs node typescript ts tsx mts cts'],
  [json, 'json jsonc json5'],
  [python, 'python py py3 python3'],
]);

/** Grammars that come with the renderer but load on first use, by name as above. */
export const LAZY_GRAMMARS: ReadonlyMap<string, () => Promise<Grammar>> = byName([
  [
    () => import('./grammars/shell.js').then((module) => module.shellGrammar(SHARED_RULES)),
    'bash sh shell zsh console shellscript',
  ],
  [
    () => import('./grammars/sql.js').then((module) => module.sqlGrammar(SHARED_RULES)),
    'sql postgres postgresql mysql sqlite psql',
  ],
  [() => import('./grammars/markup.js').then((module) => module.markupGrammar(SHARED_RULES)), 'html htm xml svg xhtml'],
  [() => import('./grammars/css.js').then((module) => module.cssGrammar(SHARED_RULES)), 'css scss less'],
]);

/**
 * Lazy grammars that have arrived, by loader (so every name of a language finds them), shared by every
 * renderer on the page: once one reply has loaded SQL, later replies highlight SQL as they stream instead of
 * showing it plain first.
 */
const arrivedGrammars = new Map<() => Promise<Grammar>, Grammar>();

/** The grammar that comes with the renderer for a language, when it is available now. */
export function builtinGrammar(language: string): Grammar | undefined {
  const load = LAZY_GRAMMARS.get(language);
  return BUILTIN_GRAMMARS.get(language) ?? (load && arrivedGrammars.get(load));
}

/** Starts loading a grammar that comes with the renderer but loads lazily; undefined when there is none. */
export function loadBuiltinGrammar(language: string): Promise<Grammar> | undefined {
  const load = LAZY_GRAMMARS.get(language);
  return load?.().then((grammar) => {
    arrivedGrammars.set(load, grammar);
    return grammar;
  });
}

function byName<T>(entries: readonly (readonly [T, string])[]): ReadonlyMap<string, T> {
  return new Map(entries.flatMap(([value, names]) => names.split(' ').map((name) => [name, value] as const)));
}
