import type { Browser } from 'playwright-core';
import { DESKTOP, PHONE, launchBrowser, openPage, screenshot } from './support/browser';
import { startMockApi, type MockApi } from './support/mock-api.server';
import { ensureWebBuilt } from './support/web-build';

describe('scratch: the UI against the mock api', () => {
  let api: MockApi;
  let browser: Browser;
  beforeAll(async () => {
    await ensureWebBuilt();
    api = await startMockApi();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('walks through chat', async () => {
    for (const [label, vp] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { context, page, seen } = await openPage(browser, api.url, vp);
      await page.goto('/');
      await page.getByRole('link', { name: /Vladimir Lenin/ }).waitFor();
      await screenshot(page, `mock-home-${label}`);
      await page.getByRole('link', { name: /Vladimir Lenin/ }).click();
      await page.getByRole('textbox', { name: /Ask Vladimir Lenin/ }).fill('What is the state?');
      await page.keyboard.press('Enter');
      await page.locator('article.answer[data-status=complete]').waitFor();
      api.nextReply = 'Here is <img src=x onerror=alert(1)> as text [1].';
      await page.getByRole('textbox', { name: /Ask Vladimir Lenin/ }).fill('Say html');
      await page.keyboard.press('Enter');
      await page.locator('article.answer[data-status=complete]').nth(1).waitFor();
      await page.getByRole('textbox', { name: /Ask Vladimir Lenin/ }).fill('What about Stalingrad?');
      await page.keyboard.press('Enter');
      await page.locator('article.answer[data-refusal=anachronism]').waitFor();
      await screenshot(page, `mock-chat-${label}`, { fullPage: false });
      await page.locator('button.marker').first().click();
      await page.locator('mark[data-testid=cited-span]').waitFor();
      await screenshot(page, `mock-source-${label}`, { fullPage: false });
      await page.keyboard.press('Escape');
      await page.reload();
      await page.locator('article.answer').nth(2).waitFor();
      console.log(label, seen, await page.locator('article.answer').count());
      await context.close();
    }
  });
});
