import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { testServersPlugin } from './test/helpers/test-servers-plugin.mjs';
import { countsReporter } from './test/helpers/counts-reporter.mjs';
import { findChromium, CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT } from './test/helpers/chromium.mjs';

const executablePath = findChromium();
if (!executablePath) {
  console.error(CHROMIUM_INSTALL_HINT);
  process.exit(1);
}

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['test/**/*.test.ts'],
  reporters: [defaultReporter(), countsReporter()],
  nodeResolve: { exportConditions: ['development'] },
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }), testServersPlugin()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  // Two cores: one browser page at a time keeps timing-sensitive streaming tests honest.
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 15000 } },
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <body>
    <script type="module" src="${testFramework}"></script>
    <script type="module" src="/test/helpers/lit-warnings.js"></script>
  </body>
</html>`,
  // Per test file: a file that hangs fails in minutes instead of holding the run to CI's limit.
  testsFinishTimeout: 3 * 60 * 1000,
  browserStartTimeout: 60000,
};
