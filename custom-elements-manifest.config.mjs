// custom-elements.json: every element's attributes, properties, events, slots, parts and custom properties,
// read from the JSDoc on the element classes (see STYLE.md), for editors, docs and framework wrappers.

/**
 * Our events are Event subclasses documented with `@fires` on each element. The analyzer also guesses an
 * event from every `dispatchEvent(new SomeEvent(arg))` and takes the first argument for its name, which
 * yields nameless events or ones named after a variable; only the event families we publish are kept.
 */
function publishedEventsOnly() {
  const published = /^(convo|ticket|frame)-[a-z-]+$/;
  return {
    name: 'convo-published-events-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules ?? []) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.events) continue;
          declaration.events = declaration.events.filter((event) => published.test(event.name ?? ''));
        }
      }
    },
  };
}

export default {
  globs: ['src/elements/**/*.ts', 'src/events/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json names custom-elements.json itself; the analyzer must not rewrite it when run with another
  // --outdir (helpers and tests do).
  packagejson: false,
  plugins: [publishedEventsOnly()],
};
