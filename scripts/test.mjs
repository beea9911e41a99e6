// `npm test`: everything a change must pass, in the order that fails fastest: typecheck, lint, build, the
// Node tests (reference server, the built client in plain Node), the browser tests (real Chromium against
// real servers), and the Storybook build. Prints one summary line per step and a closing count.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { findChromium, CHROMIUM_INSTALL_HINT } from '../test/helpers/chromium.mjs';

const chromium = findChromium();
if (!chromium) {
  console.error(CHROMIUM_INSTALL_HINT);
  process.exit(1);
}

const BROWSER_COUNTS = '.tmp/wtr-counts.json';

/**
 * The chaos test's share of `npm test`: a few seeded schedules over the built bundle, both dialects, each
 * counted as a test (one that lost, duplicated, mismatched or reordered a message fails). The full run is
 * `npm run test:chaos` (200 schedules).
 */
const CHAOS_SCHEDULES = '6';
const CHAOS_SEED = '11';

/** @type {{ name: string, command: string, args: string[], env?: Record<string, string>, counts?: (output: string) => Promise<{passed: number, failed: number}> }[]} */
const steps = [
  { name: 'typecheck', command: 'npx', args: ['tsc', '-p', 'tsconfig.test.json'] },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'build', command: 'npm', args: ['run', '--silent', 'build'] },
  {
    name: 'node tests',
    command: 'node',
    args: ['--test', '--test-reporter=spec', 'test/server/', 'test/node/', 'test/chaos/'],
    counts: async (output) =>
      withSkippedAsFailed({
        passed: lastNumber(output, /ℹ pass (\d+)/g),
        failed: lastNumber(output, /ℹ fail (\d+)/g),
        skipped: lastNumber(output, /ℹ skipped (\d+)/g) + lastNumber(output, /ℹ todo (\d+)/g),
      }),
  },
  {
    name: 'browser tests',
    command: 'npx',
    args: ['wtr'],
    counts: async () => withSkippedAsFailed(JSON.parse(await readFile(BROWSER_COUNTS, 'utf8'))),
  },
  {
    name: 'chaos',
    command: 'node',
    args: ['test/chaos/run.mjs'],
    env: { CHAOS_SCHEDULES, CHAOS_SEED, CHAOS_DIALECT: 'both' },
    counts: async (output) => ({ passed: countLines(output, / ok$/gm), failed: countLines(output, / FAIL$/gm) }),
  },
  { name: 'storybook build', command: 'npm', args: ['run', '--silent', 'build-storybook'] },
];

/** A skipped test hides a defect: it fails the run. */
function withSkippedAsFailed({ passed, failed, skipped = 0 }) {
  if (skipped > 0) console.error(`${skipped} skipped test(s): skipping is not allowed, fix or delete them`);
  return { passed, failed: failed + skipped };
}

function countLines(text, pattern) {
  return [...text.matchAll(pattern)].length;
}

function lastNumber(text, pattern) {
  const matches = [...text.matchAll(pattern)];
  return matches.length ? Number(matches[matches.length - 1][1]) : 0;
}

function run(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    let output = '';
    const child = spawn(step.command, step.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CHROME_PATH: chromium, FORCE_COLOR: '0', WTR_COUNTS_FILE: BROWSER_COUNTS, ...step.env },
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

await rm(BROWSER_COUNTS, { force: true });
const summary = [];
let passed = 0;
let failed = 0;
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.command} ${step.args.join(' ')}`);
  const result = await run(step);
  let line = `${step.name}: ${result.code === 0 ? 'ok' : `FAILED (exit ${result.code})`} in ${result.seconds.toFixed(1)} s`;
  if (step.counts) {
    const counts = await step.counts(result.output).catch(() => null);
    if (counts) {
      passed += counts.passed;
      failed += counts.failed;
      line += ` (${counts.passed} passed, ${counts.failed} failed)`;
      if (counts.failed > 0) result.code ||= 1;
    } else if (result.code === 0) {
      result.code = 1;
      line += ' (no test counts found)';
    }
  }
  summary.push(line);
  if (result.code !== 0) {
    failed += failed === 0 ? 1 : 0;
    console.log(`\n${summary.join('\n')}`);
    console.log(`tests: ${passed} passed, ${failed} failed`);
    process.exit(1);
  }
}
console.log(`\n${summary.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
