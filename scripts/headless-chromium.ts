import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium by default; playwright-core downloads no browser of its own. */
const CHROMIUM = process.env.ATLAS_CHROMIUM ?? '/usr/bin/chromium';
// Without the background-networking switches Chromium waits on services this closed network never answers.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Chromium for the dashboard's browser tests and benchmark. */
export function launchHeadlessChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
