// The build step that minifies the `css` and `html` tagged literals of our sources (Lit's own plugin:
// html-minifier-next for templates, LightningCSS for styles), with the two settings our templates need.
import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defaultShouldMinify, minifyHTMLLiterals } from '@lit-labs/rollup-plugin-minify-html-literals/lib/minify-html-literals.js';
import { defaultStrategy } from '@lit-labs/rollup-plugin-minify-html-literals/lib/strategy.js';

/**
 * LightningCSS reads a stylesheet, but some of our `css` literals are a list of declarations spliced into
 * rules elsewhere (the dark palette goes into `:host` and into a media query). Such a fragment is minified
 * as the body of a rule and unwrapped again.
 */
const strategy = {
  ...defaultStrategy,
  minifyCSS(css, options) {
    try {
      return defaultStrategy.minifyCSS(css, options);
    } catch (error) {
      const rule = defaultStrategy.minifyCSS(`a{${css}}`, options);
      if (!rule.startsWith('a{') || !rule.endsWith('}')) throw error;
      // The minifier drops the last semicolon of a rule; a fragment keeps it, for what follows where it goes.
      const declarations = rule.slice(2, -1);
      return declarations === '' ? '' : `${declarations};`;
    }
  },
};

/**
 * A template whose tag name is an expression (`lit/static-html.js`: `<${tag} …>`) is not HTML a parser can
 * read until Lit fills it in, so it is left as written.
 */
function shouldMinify(template) {
  const hasDynamicTagName = template.parts.slice(0, -1).some((part) => /<\/?$/.test(part.text));
  return defaultShouldMinify(template) && !hasDynamicTagName;
}

/**
 * HTML whitespace collapses to one space, never to none: inline text keeps its spacing, so the rendered page
 * is what the source wrote. `<pre>` and `<textarea>` keep theirs (html-minifier's rule), and bindings stay
 * where they were (a placeholder stands for each while the text is minified).
 */
const options = { strategy, shouldMinify, minifyOptions: { conservativeCollapse: true, collapseBooleanAttributes: true } };

/** Minifies the tagged literals of one module's source; `null` when nothing changed. */
export function minifyTemplateLiteralsIn(source, fileName) {
  return minifyHTMLLiterals(source, { ...options, minifyOptions: { ...options.minifyOptions }, fileName });
}

/**
 * The rollup plugin, to run before TypeScript. A literal the minifier cannot read fails the build rather
 * than shipping unminified.
 */
export function minifyTemplateLiterals({ include = ['src/**/*.ts'] } = {}) {
  return minifyLiterals({
    include,
    failOnError: true,
    minifyHTMLLiterals: (source, { fileName }) => minifyTemplateLiteralsIn(source, fileName),
  });
}
