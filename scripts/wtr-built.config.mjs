// The browser tests against the package as built (`npm run test:built`): every src/ module a test loads is
// served as rollup wrote it to dist/ (template literals minified, TypeScript as the build emits it), so the
// build's transforms are tested by the same suites as the sources. Modules the build does not ship (test
// helpers' own imports) are served from src/ as usual.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import base from '../web-test-runner.config.mjs';

const root = process.cwd();
const servedFromBuild = new Set();

const serveBuiltModules = {
  name: 'serve-built-modules',
  async serve(context) {
    if (!context.path.startsWith('/src/')) return undefined;
    const built = path.join(root, 'dist', context.path.slice('/src/'.length).replace(/\.(ts|js)$/, '.js'));
    const exists = await stat(built).then(
      () => true,
      () => false,
    );
    if (!exists) return undefined;
    servedFromBuild.add(context.path);
    return { body: await readFile(built, 'utf8'), type: 'js' };
  },
};

// A run that served nothing from dist/ tested the sources, not the build: say so and fail.
process.on('exit', (code) => {
  console.log(`test:built: ${servedFromBuild.size} modules served from dist/`);
  if (servedFromBuild.size === 0 && code === 0) process.exitCode = 1;
});

export default {
  ...base,
  files: ['test/convo-chat/**/*.test.ts', 'test/ticket-list/**/*.test.ts', 'test/data-frame-table/**/*.test.ts'],
  plugins: [serveBuiltModules, ...base.plugins],
};
