/** Shell commands: the command word of each pipeline step, options, variables, strings and comments. */
import type { Grammar } from '../tokenizer.js';
import type { SharedRules } from '../rules.js';

/** True when the word is the first of a command (after a line start, `;`, `|`, `&&`, `(`...). */
function startsCommand(line: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t')) i--;
  return i < 0 || ';|&(`'.includes(line[i]!);
}
/** Builds the shell grammar from the shared rules its loader hands over (see SHARED_RULES). */
export function shellGrammar({ words, WHITESPACE, DOUBLE_QUOTED }: SharedRules): Grammar {
  const keywords = words('if then else elif fi for while until do done case esac in function return select time');
  const builtins = words('echo cd export source set unset read printf exit test local eval exec sudo');
  return {
    states: {
      root: [
        WHITESPACE,
        { pattern: /(?<![^\s;|&(])#.*/y, kind: 'comment' },
        DOUBLE_QUOTED,
        { pattern: /'[^']*'?/y, kind: 'string' },
        {
          pattern: /\$\{[^}]*\}?|\$[A-Za-z_]\w*|\$[0-9@#?$!*-]|\$\(/y,
          kind: 'variable',
        },
        { pattern: /(?<=^|[\s;|&(])--?[A-Za-z0-9][\w-]*/y, kind: 'attribute' },
        {
          pattern: /[A-Za-z_][\w.-]*/y,
          kind: (text, line, start) => {
            if (keywords.has(text)) return 'keyword';
            if (builtins.has(text)) return 'builtin';
            return startsCommand(line, start) ? 'function' : null;
          },
        },
        { pattern: /\d+(?![\w.-])/y, kind: 'number' },
        { pattern: /&&|\|\||[|&;<>]+|=/y, kind: 'operator' },
        { pattern: /[{}()[\]]/y, kind: 'punctuation' },
      ],
    },
  };
}
