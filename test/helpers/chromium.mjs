// Where the Chromium for tests, benchmarks and screenshots lives. No browser download works on our
// machines, so we use the system's: CHROME_PATH, else Debian's /usr/bin/chromium.
import { existsSync } from 'node:fs';

export const CHROMIUM_INSTALL_HINT =
  'No Chromium found. Set CHROME_PATH to a Chromium/Chrome binary, or on Debian/Ubuntu run: ' +
  'sudo apt-get update && sudo apt-get install -y chromium';

/** @returns {string | null} */
export function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? null;
}

/** Flags for a quiet headless Chromium on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
