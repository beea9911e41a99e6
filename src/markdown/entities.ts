/**
 * HTML character references as CommonMark reads them in text and link destinations. Only a small set of
 * named references is known (the ones models actually write); an unknown name stays literal text, which is
 * what a reader expects from `&foo;` anyway. Decoding matters for safety too: link destinations are decoded
 * before their scheme is checked, so `jav&#x61;script:` is seen as `javascript:`.
 */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', larr: '←', rarr: '→', times: '×', deg: '°', euro: '€',
};

/** Matches one reference at a position (sticky); bounded lengths keep a hostile `&&&&` run linear. */
export const ENTITY_PATTERN = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/y;

/** The text a reference stands for, or null when it is not one we know (then it stays literal). */
export function decodeEntityMatch(match: RegExpExecArray): string | null {
  const [, hex, decimal, name] = match;
  if (name !== undefined) return NAMED[name] ?? null;
  const code = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal ?? '0', 10);
  // CommonMark: NUL, surrogates and values past Unicode become the replacement character.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

export function isAsciiPunctuation(char: string): boolean {
  return char.length === 1 && ASCII_PUNCTUATION.test(char);
}

/** Resolves backslash escapes and references in a link destination or title (CommonMark 6.3). */
export function unescapeAndDecode(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('&')) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const char = raw[i]!;
    if (char === '\\' && i + 1 < raw.length && isAsciiPunctuation(raw[i + 1]!)) {
      out += raw[i + 1];
      i += 2;
      continue;
    }
    if (char === '&') {
      ENTITY_PATTERN.lastIndex = i;
      const match = ENTITY_PATTERN.exec(raw);
      const decoded = match ? decodeEntityMatch(match) : null;
      if (match && decoded !== null) {
        out += decoded;
        i += match[0].length;
        continue;
      }
    }
    out += char;
    i += 1;
  }
  return out;
}
