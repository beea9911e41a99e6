#!/usr/bin/env node
// Bundle size of what a page pays for each entry of the built package (dist/, as `rollup -c` writes it, with
// its template literals minified): the entry with Lit and everything it imports statically, bundled and
// minified as an app would, gzipped (level 9), next to the targets in the issues. Lazily imported chunks
// (grammars, dialect code, features loaded on first use) are reported apart: they are only paid for when used.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureBuilt, minGzipSize, root } from '../helpers.mjs';

const KB = 1024;

/**
 * target: bytes min+gzip of the initial load, from the issues (null: reported only). sessions: what typical
 * sessions load on top of it, by module (its chunk and what that imports), each reported as its total.
 */
const entries = [
  {
    name: '<convo-chat> (with Lit, markdown, highlighting)',
    file: 'src/elements/convo-chat/define-convo-chat.ts',
    target: 40 * KB,
    sessions: [
      {
        what: 'PostHog: client, outbox, drafts, reply stream, conversation list, queue and approvals',
        modules: ['client', 'client-outbox', 'drafts', 'posthog-reply', 'conversation-sidebar', 'run-panels'],
      },
      {
        what: 'agents: the same with its reply stream, and files',
        modules: ['client', 'client-outbox', 'drafts', 'agents-reply', 'conversation-sidebar', 'run-panels', 'chat-files'],
      },
    ],
  },
  { name: '<data-frame-table> (with Lit)', file: 'src/elements/data-frame-table/define-data-frame-table.ts', target: 20 * KB },
  { name: '<ticket-list> (with Lit)', file: 'src/elements/ticket-list/define-ticket-list.ts', target: null },
  { name: 'convo-elements/client', file: 'src/api/index.ts', target: null },
  // Already bundled and minified by the build: its size is the file's; the chart library beside it is
  // fetched only when a reply holds a chart.
  { name: 'script-tag embed (everything, dist/convo-embed.js)', built: 'dist/convo-embed.js', lazyBuilt: ['dist/convo-embed-chart.js'], target: null },
];

/** `chart-library 298.4, agents-reply 2.9, …` (kB), largest first; chunks of one name are added up. */
function describeLazyParts(parts) {
  const byName = new Map();
  for (const part of parts) byName.set(part.name, (byName.get(part.name) ?? 0) + part.bytes);
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${(bytes / KB).toFixed(1)}`)
    .join(', ');
}

async function builtFileSize(file, lazyFiles = []) {
  await ensureBuilt();
  const gzipped = async (path) => gzipSync(await readFile(join(root, path)), { level: 9 }).length;
  const lazyParts = await Promise.all(lazyFiles.map(async (path) => ({ name: basename(path, '.js'), bytes: await gzipped(path) })));
  return { initial: await gzipped(file), lazy: lazyParts.reduce((sum, part) => sum + part.bytes, 0), lazyChunks: lazyParts.length, lazyParts };
}

let over = 0;
for (const entry of entries) {
  const size = entry.built
    ? await builtFileSize(entry.built, entry.lazyBuilt)
    : await minGzipSize(entry.file, { splitting: true, sessions: entry.sessions?.map((session) => session.modules) });
  let verdict = '';
  if (entry.target !== null) {
    const ratio = size.initial / entry.target;
    verdict = `  target ≤ ${(entry.target / KB).toFixed(0)} kB  ratio ${ratio.toFixed(2)} ${ratio <= 1 ? 'ok' : 'OVER'}`;
    if (ratio > 1) over += 1;
  }
  const lazyNote = size.lazyChunks ? `  (+ ${size.lazyChunks} lazy chunk(s), ${(size.lazy / KB).toFixed(1)} kB)` : '';
  console.log(`size: ${entry.name}: ${(size.initial / KB).toFixed(1)} kB min+gzip${verdict}${lazyNote}`);
  if (size.lazyChunks) console.log(`      loaded on first use: ${describeLazyParts(size.lazyParts)}`);
  entry.sessions?.forEach((session, index) => {
    console.log(`      a typical session, ${session.what}: ${(size.sessionBytes[index] / KB).toFixed(1)} kB min+gzip in all`);
  });
}
process.exit(over === 0 ? 0 : 1);
