// Saves a PNG of a page as a person would see it, in the system Chromium:
//   node scripts/screenshot.mjs <url> <out.png> [--dark] [--rtl] [--width 1200] [--height 800] [--wait-for <css>] [--full]
// Used to look at every state before calling it done.
import { chromium } from 'playwright-core';
import { findChromium, CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT } from '../test/helpers/chromium.mjs';

const [url, out, ...flags] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node scripts/screenshot.mjs <url> <out.png> [--dark] [--rtl] [--width N] [--height N] [--wait-for css] [--full]');
  process.exit(2);
}
const flag = (name) => flags.includes(name);
const option = (name, fallback) => {
  const index = flags.indexOf(name);
  return index >= 0 ? flags[index + 1] : fallback;
};

const executablePath = findChromium();
if (!executablePath) {
  console.error(CHROMIUM_INSTALL_HINT);
  process.exit(1);
}
const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({
    viewport: { width: Number(option('--width', 1200)), height: Number(option('--height', 800)) },
    colorScheme: flag('--dark') ? 'dark' : 'light',
  });
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`page error: ${message.text()}`);
  });
  page.on('pageerror', (error) => console.error(`page exception: ${error.message}`));
  await page.goto(url, { waitUntil: 'load' });
  if (flag('--rtl')) await page.locator('html').evaluate((root) => root.setAttribute('dir', 'rtl'));
  const waitFor = option('--wait-for', null);
  if (waitFor) await page.locator(waitFor).first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(Number(option('--settle', 400)));
  await page.screenshot({ path: out, fullPage: flag('--full') });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
