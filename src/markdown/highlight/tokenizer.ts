/**
 * A line-at-a-time, state-carrying tokenizer for code blocks. A streamed code block is highlighted as its
 * lines arrive: each line is tokenized once from the state the previous line ended in (inside a block
 * comment, a template literal, a triple-quoted string, ...), so a 2,000-line block costs one pass in total.
 *
 * A grammar is a set of named states, each an ordered list of sticky regular expressions; the first rule
 * that matches at the current position wins. Rules must be linear (no nested quantifiers over overlapping
 * classes): model output is untrusted and a code line can be a megabyte long.
 */
export type TokenKind =
  | 'keyword'
  | 'string'
  | 'number'
  | 'comment'
  | 'literal'
  | 'builtin'
  | 'function'
  | 'type'
  | 'property'
  | 'operator'
  | 'punctuation'
  | 'tag'
  | 'attribute'
  | 'variable'
  | 'meta'
  | 'selector';

/** Decides a token's kind from its text and surroundings (keywords, calls, members, ...). */
export type TokenClassifier = (text: string, line: string, start: number) => TokenKind | null;

export interface GrammarRule {
  /** Must carry the sticky flag (`y`). */
  readonly pattern: RegExp;
  readonly kind: TokenKind | null | TokenClassifier;
  /** Enters a state after this token (e.g. the inside of a block comment). */
  readonly push?: string;
  /** Returns to the state that pushed the current one. */
  readonly pop?: boolean;
}

/** A language: tokenizing starts in the `root` state. */
export interface Grammar {
  readonly states: Readonly<Record<string, readonly GrammarRule[]>>;
}

/** The stack of states at the end of a line; empty means `root`. */
export type TokenizerState = readonly string[];

export interface Token {
  readonly kind: TokenKind | null;
  readonly text: string;
}

/** Nesting past this (template literals within template literals...) stays in the deepest state. */
const MAX_STATE_DEPTH = 16;

export function tokenizeLine(
  grammar: Grammar,
  line: string,
  state: TokenizerState,
): { tokens: Token[]; state: TokenizerState } {
  const stack = [...state];
  const tokens: Token[] = [];
  const emit = (kind: TokenKind | null, text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind) tokens[tokens.length - 1] = { kind, text: last.text + text };
    else tokens.push({ kind, text });
  };
  let position = 0;
  let plainStart = 0;
  while (position < line.length) {
    const rules = grammar.states[stack[stack.length - 1] ?? 'root'] ?? grammar.states['root'] ?? [];
    let rule: GrammarRule | undefined;
    let match: RegExpExecArray | null = null;
    for (const candidate of rules) {
      candidate.pattern.lastIndex = position;
      match = candidate.pattern.exec(line);
      if (match && match[0].length > 0) {
        rule = candidate;
        break;
      }
    }
    if (!rule || !match) {
      position++;
      continue;
    }
    if (plainStart < position) emit(null, line.slice(plainStart, position));
    const text = match[0];
    emit(typeof rule.kind === 'function' ? rule.kind(text, line, position) : rule.kind, text);
    position += text.length;
    plainStart = position;
    if (rule.pop) stack.pop();
    if (rule.push && stack.length < MAX_STATE_DEPTH) stack.push(rule.push);
  }
  if (plainStart < line.length) emit(null, line.slice(plainStart));
  return { tokens, state: stack };
}
