// `node bench/ticket-list/run.mjs`: the <ticket-list> benchmark of issue 6 in headless Chromium. Bundles
// page.ts (production Lit, minified), measures the queue over 10,000 in-memory tickets served in pages of 100
// (answers timed exactly, so the figures are the element's own work), prints every figure beside its target,
// then the first page over real HTTP against the reference server's seeded inbox, and saves light, dark and
// narrow screenshots of that inbox.
// Exits 1 when a target is missed.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../demo/server/index.mjs";
import {
  benchOutDir,
  bundleBenchPage,
  launchBenchBrowser,
  serveDirectory,
} from "../helpers.mjs";

const outDir = benchOutDir("ticket-list");
const RUNS = 5;

const median = (values) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

await bundleBenchPage("ticket-list");
const pages = await serveDirectory(outDir);
const pageUrl = `http://127.0.0.1:${pages.address().port}/`;
const browser = await launchBenchBrowser();
let missed = 0;

/** Prints each figure's median over the runs beside its target (worst run in brackets), counting misses. */
function report(runs, title) {
  console.log(`${title}, median of ${runs.length} runs (worst in brackets)`);
  for (const [index, figure] of runs[0].entries()) {
    const values = runs.map((figures) => figures[index].value);
    const value = median(values);
    const pass = value <= figure.target;
    if (!pass) missed += 1;
    const shown = (v) =>
      figure.unit === "ms" ? `${v.toFixed(1)} ms` : String(Math.round(v));
    console.log(
      `  ${pass ? "ok  " : "MISS"} ${figure.name}: ${shown(value)} (${shown(Math.max(...values))}), target ≤ ${figure.target}${figure.unit ? ` ${figure.unit}` : ""}`,
    );
  }
}

/** Runs `scenario` in a fresh page RUNS times. */
async function repeat(scenario) {
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
    });
    page.on("pageerror", (error) =>
      console.error("page error:", error.message),
    );
    await page.goto(pageUrl);
    await page.waitForFunction(() => "benchInbox" in window);
    runs.push(await scenario(page));
    await page.close();
  }
  return runs;
}

const dataDir = await mkdtemp(join(tmpdir(), "convo-bench-"));
const reference = await startServer({ port: 0, dataDir, rate: 0, log: false });
try {
  report(
    await repeat((page) => page.evaluate(() => window.benchInbox(10_000))),
    "<ticket-list>, 10,000 tickets in pages of 100",
  );
  const server = { baseUrl: reference.url, token: reference.token };
  report(
    await repeat((page) =>
      page.evaluate((config) => window.benchReference(config), server),
    ),
    "<ticket-list> over HTTP, the reference server's seeded inbox",
  );

  if (!process.argv.includes("--no-screenshots")) {
    const shots = [
      { name: "light", theme: "light", width: 1400, height: 900, open: 12 },
      { name: "dark", theme: "dark", width: 1400, height: 900, open: 12 },
      { name: "narrow", theme: "light", width: 420, height: 800 },
      {
        name: "narrow-detail",
        theme: "light",
        width: 420,
        height: 800,
        open: 12,
      },
    ];
    for (const shot of shots) {
      const page = await browser.newPage({
        viewport: { width: shot.width, height: shot.height },
        colorScheme: shot.theme,
      });
      page.on("pageerror", (error) =>
        console.error("page error:", error.message),
      );
      await page.goto(pageUrl);
      await page.waitForFunction(() => "showReference" in window);
      await page.evaluate((config) => window.showReference(config), {
        ...server,
        theme: shot.theme,
        open: shot.open,
      });
      const file = join(outDir, `ticket-list-${shot.name}.png`);
      await page.screenshot({ path: file });
      console.log(`  screenshot ${file}`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  pages.close();
  await reference.close();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(missed === 0 ? 0 : 1);
