/** Rules and helpers the grammars share. */
import type { GrammarRule, TokenClassifier } from './tokenizer.js';

export const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

export const WHITESPACE: GrammarRule = { pattern: /[ \t]+/y, kind: null };
export const DOUBLE_QUOTED: GrammarRule = { pattern: /"(?:[^"\\]|\\.)*"?/y, kind: 'string' };
export const SINGLE_QUOTED: GrammarRule = { pattern: /'(?:[^'\\]|\\.)*'?/y, kind: 'string' };
export const NUMBER: GrammarRule = {
  pattern: /(?:0[xXbBoO][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)[nj]?/y,
  kind: 'number',
};
export const PUNCTUATION: GrammarRule = { pattern: /[{}()[\];,.]/y, kind: 'punctuation' };
export const BLOCK_COMMENT_START: GrammarRule = { pattern: /\/\*/y, kind: 'comment', push: 'blockComment' };
export const BLOCK_COMMENT: readonly GrammarRule[] = [
  { pattern: /\*\//y, kind: 'comment', pop: true },
  { pattern: /[^*]+|\*/y, kind: 'comment' },
];

/**
 * Classifies identifiers: keyword and literal lists first, then calls (`name(`), members (`.name`) and
 * capitalised names (types, classes).
 */
export function identifierClassifier(lists: {
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

/**
 * The rules above as one value, handed to each grammar by its loader (see languages.ts), which loads this
 * module alongside the first grammar a page needs: the grammar modules import none of it, so a bundler
 * cannot pull these rules into the renderer's own bundle or copy them into every grammar's chunk.
 */
export const SHARED_RULES = {
  words,
  WHITESPACE,
  DOUBLE_QUOTED,
  SINGLE_QUOTED,
  NUMBER,
  PUNCTUATION,
  BLOCK_COMMENT_START,
  BLOCK_COMMENT,
  identifierClassifier,
};
export type SharedRules = typeof SHARED_RULES;
