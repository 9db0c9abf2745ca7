import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { FIXTURE_DOCS } from '../support/fixture-corpus';
import { subsetCorpus } from '../support/test-env';
import { launchBrowser, openPage } from './support/browser';

// The Swagger UI must keep working under the Content-Security-Policy (scripts only from files of this site).
const CORPUS_FILES = [FIXTURE_DOCS.youth];

describe('the API docs page, in Chromium against the real api', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp({ CORPUS_DIR: subsetCorpus(CORPUS_FILES) });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the operations and opens one, without a Content-Security-Policy violation or any other error', async () => {
    const { context, page, seen } = await openPage(browser, t.url);
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI));",
    });
    const response = await page.goto('/api/docs');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const operation = page.locator('.opblock-summary-path', { hasText: '/api/classrooms/join' });
    await operation.first().waitFor();
    await operation.first().click();
    await page.locator('.opblock.is-open .opblock-section-request-body').first().waitFor();
    expect(violations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});
