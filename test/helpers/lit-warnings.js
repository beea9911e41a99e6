// Loaded before every browser test file (see web-test-runner.config.mjs). Tests run Lit in dev mode, where
// Lit warns about real mistakes (an update scheduled inside an update, a missing property, …). A warning
// is a defect: any Lit warning makes the test during which it was issued fail. The one-time "dev mode"
// notice is expected in tests and silenced.
globalThis.litIssuedWarnings ??= new Set();
globalThis.litIssuedWarnings.add('dev-mode');

const issued = [];
const warn = console.warn.bind(console);
console.warn = (...args) => {
  const text = args.map((arg) => String(arg)).join(' ');
  if (text.includes('lit.dev/msg/')) issued.push(text);
  warn(...args);
};

// Mocha's globals exist once the test framework module has run, which is before this module (module
// scripts run in document order); a root-level hook applies to every test of the file.
afterEach(function failOnLitWarnings() {
  if (issued.length === 0) return;
  const warnings = issued.splice(0);
  throw new Error(`Lit dev warning(s) during this test:\n${warnings.join('\n')}`);
});
