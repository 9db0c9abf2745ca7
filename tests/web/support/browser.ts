import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '@parley/core';

/** Debian's Chromium, headless, with everything that phones home switched off. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };
export const PROJECTOR = { width: 1920, height: 1080 };

export const SCREENSHOT_DIR = join(projectRoot(), 'test-output', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface PageErrors {
  /** Uncaught exceptions and console errors seen by the page. */
  errors: string[];
  /** alert/confirm/prompt dialogs the page tried to open (an injected script would). */
  dialogs: string[];
}

/** A fresh browser context (own storage) at `viewport`, recording page errors and dialogs. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; seen: PageErrors }> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    deviceScaleFactor: 1,
    locale: 'en-GB',
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  // Fail a step after 15 s rather than Playwright's 30 s: every step here takes well under a second or two.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const seen: PageErrors = { errors: [], dialogs: [] };
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !isNetworkFailure(m.text())) seen.errors.push(m.text());
  });
  page.on('dialog', (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return { context, page, seen };
}

/**
 * Chromium logs every failed request as a console error, and a WebSocket that cannot connect while a test has
 * taken the context offline (socket.io reconnecting over websocket rather than polling); tests that cut the
 * network expect those. Anything else logged as an error is a fault.
 */
function isNetworkFailure(text: string): boolean {
  return (
    text.startsWith('Failed to load resource') ||
    (text.startsWith('WebSocket connection to ') && text.includes('net::ERR_INTERNET_DISCONNECTED'))
  );
}

/** Saves a screenshot as `test-output/screenshots/<name>.png`: the whole page, or only the viewport (dialogs, sticky bars). */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? true });
}
