// A @web/test-runner reporter that writes how many browser tests passed, failed and were skipped to the
// file named by WTR_COUNTS_FILE, so `npm test` can print one honest closing count for every runner.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

function countSuite(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite?.suites ?? []) countSuite(child, counts);
}

export function countsReporter(file = process.env.WTR_COUNTS_FILE) {
  return {
    async onTestRunFinished({ sessions }) {
      if (!file) return;
      const counts = { passed: 0, failed: 0, skipped: 0, files: sessions.length };
      for (const session of sessions) {
        countSuite(session.testResults, counts);
        // A file that failed to load or threw outside a test counts as a failure too.
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed += 1;
      }
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(counts));
    },
  };
}
