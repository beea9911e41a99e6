/** Shell commands: the command word of each pipeline step, options, variables, strings and comments. */
import type { Grammar } from '../tokenizer.js';
import { words, WHITESPACE, DOUBLE_QUOTED } from '../rules.js';

const SHELL_KEYWORDS = words('if then else elif fi for while until do done case esac in function return select time');
const SHELL_BUILTINS = words('echo cd export source set unset read printf exit test local eval exec sudo');
/** True when the word is the first of a command (after a line start, `;`, `|`, `&&`, `(`...). */
function startsCommand(line: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t')) i--;
  return i < 0 || ';|&(`'.includes(line[i]!);
}
export const shell: Grammar = {
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
