import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
import { DESKTOP, PHONE, launchBrowser, openPage, screenshot, type PageErrors } from './support/browser';
import { doneAnswer, isChatStream } from './support/sse-answer';
import { ensureWebBuilt } from './support/web-build';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';

// Worded as the fixture speech is ("young communists", "study"): this suite is about the page, not about paraphrase,
// which tests/chat/offline-answers.test.ts covers (a "Young Communist League" question is a known failure there).
const YOUTH_QUESTION = 'What should young communists study, and how should they learn?';

describe('the web chat, in Chromium against the real api', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seen: PageErrors;

  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startTestApp({
      CORPUS_DIR: subsetCorpus([
        FIXTURE_DOCS.youth,
        FIXTURE_DOCS.state,
        FIXTURE_DOCS.morals,
        FIXTURE_DOCS.farms,
      ]),
    });
    browser = await launchBrowser();
    ({ context, page, seen } = await openPage(browser, t.url, DESKTOP));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function ask(question: string) {
    const box = page.getByRole('textbox', { name: /^Ask .+ a question$/ });
    await box.fill(question);
    const response = page.waitForResponse(isChatStream);
    await box.press('Enter');
    return doneAnswer(await response);
  }

  it('shows a card per persona with life dates and number of sources', async () => {
    await page.goto('/');
    const founder = page.locator(`a.persona-card[data-persona=${FOUNDER}]`);
    await founder.waitFor();
    expect(await founder.textContent()).toMatch(/1870\D+1924/);
    expect(await founder.textContent()).toContain('2 sources');
    expect(await page.locator('a.persona-card').count()).toBe(3);
    await screenshot(page, 'home-desktop');
  });

  it('streams an answer from the founder with a citation and opens the cited passage highlighted in the source', async () => {
    await page.locator(`a.persona-card[data-persona=${FOUNDER}]`).click();
    const answer = await ask(YOUTH_QUESTION);
    expect(answer.refusal).toBeNull();
    expect(answer.citations.length).toBeGreaterThan(0);

    const article = page.locator('article.answer[data-status=complete]').last();
    await article.waitFor();
    expect(await article.locator('[data-testid=answer-text]').getAttribute('aria-live')).toBe('polite');
    const first = answer.citations[0];
    await article.locator(`button.marker[data-marker="${first.marker}"]`).first().click();

    const dialog = page.getByRole('dialog');
    const mark = dialog.locator('mark[data-testid=cited-span]');
    await mark.waitFor();
    expect(await mark.textContent()).toBe(first.quote);
    const doc = (await (
      await fetch(`${t.url}/api/documents/${encodeURIComponent(first.documentId)}`)
    ).json()) as { text: string };
    expect(doc.text.slice(first.start, first.end)).toBe(first.quote);
    expect(await dialog.getByRole('heading', { level: 2 }).textContent()).toBe(first.title);

    // The highlighted passage is scrolled into the visible part of the reader.
    const [markBox, paneBox] = [
      await mark.boundingBox(),
      await dialog.locator('.document-text').boundingBox(),
    ];
    expect(markBox && paneBox).toBeTruthy();
    expect(markBox!.y).toBeGreaterThanOrEqual(paneBox!.y - 1);
    expect(markBox!.y).toBeLessThan(paneBox!.y + paneBox!.height);
    await screenshot(page, 'source-viewer-desktop', { fullPage: false });

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Focus returns to the marker that opened the viewer.
    expect(await page.evaluate('document.activeElement && document.activeElement.className')).toBe('marker');
  });

  it('opens the same passage from the numbered footnote under the answer', async () => {
    const footnote = page
      .locator('article.answer[data-status=complete] ol.footnotes button.footnote')
      .first();
    await footnote.click();
    await page.getByRole('dialog').locator('mark[data-testid=cited-span]').waitFor();
    await page.getByRole('button', { name: 'Close the source' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('declines an anachronism and says which date the founder is speaking from', async () => {
    const answer = await ask('What do you make of the fall of the Berlin Wall in 1989?');
    expect(answer.refusal).toBe('anachronism');
    const refused = page.locator('article.answer[data-refusal=anachronism]');
    await refused.waitFor();
    const note = await refused.locator('[data-testid=refusal]').textContent();
    expect(note).toContain('as of');
    expect(note).toContain(answer.persona.asOf.slice(0, 4));
    expect(await refused.locator('ol.footnotes').count()).toBe(0);
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await screenshot(page, 'chat-desktop', { fullPage: false });
  });

  it('bounds the "as of" date by the persona\'s life', async () => {
    const date = page.getByRole('group', { name: 'Speaking as of' });
    expect(await date.getAttribute('data-min')).toMatch(/^1870-/);
    expect(await date.getAttribute('data-max')).toMatch(/^1924-/);
    await date.getByLabel('Year').fill('1930');
    expect(await page.getByRole('alert').filter({ hasText: 'Choose a date between' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Ask', exact: true }).isDisabled()).toBe(true);
    await date.getByLabel('Year').fill('1920');
    await date.getByLabel('Month').selectOption({ label: 'June' });
    await date.getByLabel('Day').fill('1');
    expect(await page.getByRole('alert').filter({ hasText: 'Choose a date between' }).count()).toBe(0);
  });

  it('copies an answer with its numbered sources as plain text', async () => {
    await page
      .locator('article.answer[data-status=complete]')
      .first()
      .getByRole('button', { name: 'Copy answer with sources' })
      .click();
    await page.getByText('Answer and sources copied.').waitFor();
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied).toMatch(/^[A-Z]/);
    expect(copied).toContain('Sources:\n[1] ');
    expect(copied).toMatch(/\[1\]/);
  });

  it('keeps the conversation across a page reload', async () => {
    const before = await page.locator('article.answer').count();
    await page.reload();
    await page
      .locator('article.answer')
      .nth(before - 1)
      .waitFor();
    expect(await page.locator('article.answer').count()).toBe(before);
    expect(await page.locator('article.answer[data-refusal=anachronism]').count()).toBe(1);
    expect(await page.locator('.entry-user').first().textContent()).toContain(YOUTH_QUESTION);
  });

  it('says so when the connection drops, reconnects by itself, and lets the question be asked again', async () => {
    await page.route('**/api/chat/stream', (route) => route.abort('internetdisconnected'));
    const box = page.getByRole('textbox', { name: /^Ask .+ a question$/ });
    await box.fill('What is the state?');
    await box.press('Enter');
    await page.locator('.connection-banner[data-status=reconnecting]').waitFor();
    const failed = page.locator('article.answer[data-status=failed]').last();
    expect(await failed.getByRole('alert').textContent()).toContain('connection');
    await page.unroute('**/api/chat/stream');
    await page.locator('.connection-banner[data-status=reconnected]').waitFor();
    const complete = page.locator('article.answer[data-status=complete]');
    const before = await complete.count();
    await failed.getByRole('button', { name: 'Ask again' }).click();
    await complete.nth(before).waitFor();
    expect(await page.locator('.entry-user').last().textContent()).toContain('What is the state?');
  });

  it('explains a rate limit in plain words', async () => {
    await page.route('**/api/chat/stream', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 429, code: 'rate_limited', message: 'Too many requests.' }),
      }),
    );
    const box = page.getByRole('textbox', { name: /^Ask .+ a question$/ });
    const before = await page.locator('article.answer[data-status=failed]').count();
    await box.fill('And the Soviets?');
    await box.press('Enter');
    const failed = page.locator('article.answer[data-status=failed]').nth(before);
    await failed.waitFor();
    expect(await failed.getByRole('alert').textContent()).toContain('You are asking too quickly');
    await page.unroute('**/api/chat/stream');
  });

  it('lays the chat out for a phone without horizontal scrolling', async () => {
    const phone = await openPage(browser, t.url, PHONE);
    await phone.page.goto('/');
    await phone.page.locator('a.persona-card').first().waitFor();
    await screenshot(phone.page, 'home-phone');
    await phone.page.locator(`a.persona-card[data-persona=${FOUNDER}]`).click();
    const box = phone.page.getByRole('textbox', { name: /^Ask .+ a question$/ });
    await box.fill(YOUTH_QUESTION);
    await box.press('Enter');
    await phone.page.locator('article.answer[data-status=complete]').waitFor();
    expect(await phone.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await phone.page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await screenshot(phone.page, 'chat-phone', { fullPage: false });
    await phone.page.locator('article.answer button.marker').first().click();
    await phone.page.locator('mark[data-testid=cited-span]').waitFor();
    await screenshot(phone.page, 'source-viewer-phone', { fullPage: false });
    expect(phone.seen.errors).toEqual([]);
    await phone.context.close();
  });

  it('can be used with the keyboard alone, with a visible focus ring', async () => {
    const kb = await openPage(browser, t.url, DESKTOP);
    const p = kb.page;
    const active = () =>
      p.evaluate(
        '[document.activeElement.tagName, document.activeElement.className, document.activeElement.dataset.persona || ""].join("|")',
      ) as Promise<string>;
    async function tabTo(pattern: RegExp, max = 40) {
      for (let i = 0; i < max; i++) {
        await p.keyboard.press('Tab');
        if (pattern.test(await active())) return;
      }
      throw new Error(`focus never reached ${pattern}; last on ${await active()}`);
    }
    await p.goto('/');
    await p.locator('a.persona-card').first().waitFor();
    await tabTo(new RegExp(`\\|persona-card\\|${FOUNDER}$`));
    const outline = await p.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await p.keyboard.press('Enter');
    await tabTo(/^TEXTAREA/);
    await p.keyboard.type(YOUTH_QUESTION);
    await p.keyboard.press('Enter');
    await p.locator('article.answer[data-status=complete]').waitFor();
    // From the question box, Tab wraps around to the top of the page and down to the answer's first marker.
    await tabTo(/\|marker\|/, 60);
    await p.keyboard.press('Enter');
    await p.getByRole('dialog').locator('mark[data-testid=cited-span]').waitFor();
    expect(await active()).toMatch(/^MARK/);
    await p.keyboard.press('Escape');
    await p.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await active()).toMatch(/\|marker\|/);
    expect(kb.seen.errors).toEqual([]);
    await kb.context.close();
  });

  it('raised no page errors and opened no dialogs', () => {
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    void context;
  });
});
