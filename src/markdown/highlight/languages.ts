/**
 * The grammars that come with the renderer, for the languages agents write most: JavaScript/TypeScript, JSON,
 * Python, shell, SQL, HTML/XML and CSS. Each is a module of its own, imported the first time a block asks for
 * it (a separate chunk in the ESM build, inlined in the script-tag build), so a page pays for a language only
 * when a reply uses it; until it arrives the block shows plain, then it is highlighted in place. Hosts add
 * others through the renderer's `grammars` option, or load them on first use through `loadGrammar`.
 */
import type { Grammar } from './tokenizer.js';
import type { SharedRules } from './rules.js';

/**
 * A loader that builds a grammar from the rules the grammars share; those rules load with the first grammar
 * (see SHARED_RULES), so the renderer's own bundle holds none of them.
 */
function withSharedRules(loadBuilder: () => Promise<(rules: SharedRules) => Grammar>): () => Promise<Grammar> {
  return () => Promise.all([loadBuilder(), import('./rules.js')]).then(([build, rules]) => build(rules.SHARED_RULES));
}

/** The grammars that come with the renderer, loaded on first use, by every name an info string commonly uses for them (lower case). */
export const LAZY_GRAMMARS: ReadonlyMap<string, () => Promise<Grammar>> = byName([
  [withSharedRules(() => import('./grammars/javascript.js').then((module) => module.javascriptGrammar)), 'javascript js jsx mjs cjs node typescript ts tsx mts cts'],
  [withSharedRules(() => import('./grammars/json.js').then((module) => module.jsonGrammar)), 'json jsonc json5'],
  [withSharedRules(() => import('./grammars/python.js').then((module) => module.pythonGrammar)), 'python py py3 python3'],
  [withSharedRules(() => import('./grammars/shell.js').then((module) => module.shellGrammar)), 'bash sh shell zsh console shellscript'],
  [withSharedRules(() => import('./grammars/sql.js').then((module) => module.sqlGrammar)), 'sql postgres postgresql mysql sqlite psql'],
  [withSharedRules(() => import('./grammars/markup.js').then((module) => module.markupGrammar)), 'html htm xml svg xhtml'],
  [withSharedRules(() => import('./grammars/css.js').then((module) => module.cssGrammar)), 'css scss less'],
]);

/**
 * Lazy grammars that have arrived, by loader (so every name of a language finds them), shared by every
 * renderer on the page: once one reply has loaded SQL, later replies highlight SQL as they stream instead of
 * showing it plain first.
 */
const arrivedGrammars = new Map<() => Promise<Grammar>, Grammar>();

/** The grammar that comes with the renderer for a language, when it has arrived. */
export function builtinGrammar(language: string): Grammar | undefined {
  const load = LAZY_GRAMMARS.get(language);
  return load && arrivedGrammars.get(load);
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
