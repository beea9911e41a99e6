#!/usr/bin/env node
// `npm run bench`: every benchmark under bench/<area>/run.mjs, one after another (the machine has two noisy
// cores: never in parallel), each printing its figures next to the targets. `npm run bench -- markdown` runs
// only the areas whose name contains the word.
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const areas = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(here, entry.name, 'run.mjs')))
  .map((entry) => entry.name)
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

if (areas.length === 0) {
  console.error(`no benchmark matched ${only.join(' ') || '(any)'}`);
  process.exit(1);
}

let failures = 0;
for (const area of areas) {
  console.log(`\n=== bench: ${area}`);
  const code = await new Promise((resolve) => {
    spawn(process.execPath, [path.join(here, area, 'run.mjs')], { stdio: 'inherit' }).on('close', resolve);
  });
  if (code !== 0) {
    failures += 1;
    console.log(`bench ${area}: exited ${code}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
