// custom-elements.json: every element's attributes, properties, events, slots, parts and custom properties,
// read from the JSDoc on the element classes (see STYLE.md), for editors, docs and framework wrappers.
export default {
  globs: ['src/elements/**/*.ts', 'src/events/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json names custom-elements.json itself; the analyzer must not rewrite it when run with another
  // --outdir (helpers and tests do).
  packagejson: false,
};
