/**
 * A reply that exercises every construct, for streaming-equivalence tests; its code blocks are highlighted
 * only once their grammars have loaded (see CODE_LANGUAGES).
 */
export const EVERY_CONSTRUCT = `# Release notes
Intro with *emphasis*, __strong__, ~~gone~~, \`code\`, a [link](https://example.com/a_(b) "title") and
https://bare.example/path. A hard break follows  
here, and an entity &amp; an escape \\*.

Setext heading
--------------

1. First **bold
   across** lines
2. Second with \`a | pipe\`
   - nested *one*
   - nested two

     with a second paragraph
3. Third

- [ ] open task
- [x] done task

> Quote with **strong**
> > nested quote
lazy line
> - list in quote

\`\`\`ts
// comment
interface A { b: string }
const x = \`template \${1 + 2}
still template\`;
/* block
comment */
\`\`\`

~~~python
def f(x):
    """doc
    string"""
    return x  # done
~~~

\`\`\`sh
npm run build -- --watch && echo "$HOME" # shell
\`\`\`

- \`\`\`sql
  SELECT 'a;b' FROM t /* multi
  line */ WHERE x = 1;
  \`\`\`

\`\`\`html
<a href="/x" title='y'><!-- open
comment --></a>
\`\`\`

\`\`\`css
.a:hover { color: #fff; /* c
d */ margin: 0 }
\`\`\`

| Name | Value | Note |
|:-----|------:|:----:|
| a    | 1     | *x*  |
| b \\| c | 2 | [l](https://t.example) |

***

![diagram](https://img.example/d.png) and ![blocked](https://evil.example/x.png)

Final paragraph with <b>raw html</b> and a tail`;


/** The languages of EVERY_CONSTRUCT's code blocks, in order; their grammars load on first use. */
export const CODE_LANGUAGES = ['ts', 'python', 'sh', 'sql', 'html', 'css'];
