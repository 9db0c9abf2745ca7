import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
import {
  DESKTOP,
  PHONE,
  PROJECTOR,
  launchBrowser,
  openPage,
  screenshot,
  type PageErrors,
} from './support/browser';
import { ensureWebBuilt } from './support/web-build';
import { FIXTURE_DOCS, FIXTURE_PERSONAS } from '../support/fixture-corpus';

interface Participant {
  context: BrowserContext;
  page: Page;
  seen: PageErrors;
}

describe('a classroom session, one teacher and two students in separate browser contexts', () => {
  let t: TestApp;
  let browser: Browser;
  let teacher: Participant;
  let ada: Participant;
  let boris: Participant;
  let code = '';

  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startTestApp({
      CORPUS_DIR: subsetCorpus([
        FIXTURE_DOCS.youth,
        FIXTURE_DOCS.state,
        FIXTURE_DOCS.morals,
        FIXTURE_DOCS.farms,
        FIXTURE_DOCS.polemic,
        FIXTURE_DOCS.spain,
        FIXTURE_DOCS.essays,
      ]),
    });
    browser = await launchBrowser();
    teacher = await openPage(browser, t.url, DESKTOP);
    ada = await openPage(browser, t.url, PHONE);
    boris = await openPage(browser, t.url, DESKTOP);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const exchangeCards = (p: Page) => p.locator('article.exchange');

  async function join(p: Page, name: string) {
    await p.goto(`/#/join/${code}`);
    await p.getByLabel('Your name, as the teacher will see it').fill(name);
    if (name === 'Ada') await screenshot(p, 'join-phone');
    await p.getByRole('button', { name: 'Join' }).click();
    await p.getByRole('heading', { level: 1, name: 'Year 11: the revolution' }).waitFor();
  }

  async function ask(p: Page, persona: string, question: string) {
    await p.getByRole('radio', { name: persona }).check();
    const box = p.getByRole('textbox', { name: `Ask ${persona} a question` });
    await box.fill(question);
    await box.press('Enter');
  }

  it('lets a teacher create a session and shows a join code for the board', async () => {
    const { page } = teacher;
    await page.goto('/#/classroom/new');
    await page.getByLabel('Session title').fill('Year 11: the revolution');
    await page.getByRole('checkbox', { name: FIXTURE_PERSONAS.founder.name }).check();
    await page.getByRole('checkbox', { name: FIXTURE_PERSONAS.exile.name }).check();
    await screenshot(page, 'classroom-new-desktop');
    await page.getByRole('button', { name: 'Create the session' }).click();
    const codeBox = page.getByTestId('join-code');
    await codeBox.waitFor();
    code = (await codeBox.textContent())!.replace(/\s/g, '');
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(await page.locator('.join-link a').getAttribute('href')).toContain(`#/join/${code}`);
  });

  it('lets two students join with the code and a name, and the teacher sees both', async () => {
    await join(ada.page, 'Ada');
    await screenshot(ada.page, 'classroom-student-phone');
    await join(boris.page, 'Boris');
    const students = teacher.page.locator('ul.students li');
    await students.filter({ hasText: 'Boris' }).waitFor();
    expect(await students.allTextContents()).toEqual([
      expect.stringContaining('Ada'),
      expect.stringContaining('Boris'),
    ]);
  });

  it('streams answers to each student and shows every exchange to the teacher', async () => {
    await ask(
      ada.page,
      FIXTURE_PERSONAS.founder.name,
      'What was the most important task you gave to the Young Communist League?',
    );
    await ask(boris.page, FIXTURE_PERSONAS.exile.name, 'Do the ends justify the means?');
    for (const p of [ada.page, boris.page]) {
      await exchangeCards(p).locator('article.answer[data-status=complete]').first().waitFor();
    }
    const feed = teacher.page.locator('.dashboard-main article.exchange[data-status=answered]');
    await feed.nth(1).waitFor();
    const texts = await feed.allTextContents();
    expect(texts.some((s) => s.includes('Ada') && s.includes('Young Communist League'))).toBe(true);
    expect(texts.some((s) => s.includes('Boris') && s.includes('ends justify'))).toBe(true);
    // Private visibility: a student sees only their own thread.
    expect(await exchangeCards(ada.page).count()).toBe(1);
    expect(await ada.page.getByText('ends justify').count()).toBe(0);
    await screenshot(teacher.page, 'classroom-teacher-desktop');
    await ada.page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await screenshot(ada.page, 'classroom-student-answer-phone', { fullPage: false });
  });

  it('shows the join code large enough for a projector', async () => {
    await teacher.page.setViewportSize(PROJECTOR);
    await screenshot(teacher.page, 'classroom-teacher-projector', { fullPage: false });
    await teacher.page.getByRole('button', { name: 'Show on the board' }).click();
    const board = teacher.page.getByRole('dialog', { name: 'Join code for the board' });
    const box = await board.locator('.board-code').boundingBox();
    expect(box!.height).toBeGreaterThan(100);
    await screenshot(teacher.page, 'board-projector', { fullPage: false });
    await board.getByRole('button', { name: 'Close' }).click();
    await teacher.page.setViewportSize(DESKTOP);
  });

  it('blocks a student from asking while the teacher has locked the room', async () => {
    await teacher.page.getByRole('button', { name: 'Lock the room' }).click();
    await ada.page.getByTestId('locked').waitFor();
    const box = ada.page.getByRole('textbox', { name: /^Ask .+ a question$/ });
    expect(await box.isDisabled()).toBe(true);
    await teacher.page.getByRole('button', { name: 'Unlock the room' }).click();
    await ada.page.getByTestId('locked').waitFor({ state: 'detached' });
    expect(await box.isDisabled()).toBe(false);
  });

  it('delivers a broadcast and a pinned exchange to every student', async () => {
    await teacher.page.getByLabel('Message to everyone').fill('Now compare the two answers.');
    await teacher.page.getByRole('button', { name: 'Broadcast' }).click();
    for (const p of [ada.page, boris.page]) await p.getByText('Now compare the two answers.').waitFor();
    await teacher.page
      .locator('.dashboard-main article.exchange', { hasText: 'Ada' })
      .getByRole('button', { name: 'Pin for everyone' })
      .click();
    await boris.page
      .locator('section.pinned article.exchange', { hasText: 'Young Communist League' })
      .waitFor();
  });

  it('catches a student up on what was sent while their connection was down', async () => {
    await ada.context.setOffline(true);
    await ada.page.locator('.socket-status[data-status=reconnecting]').waitFor();
    await teacher.page.getByLabel('Message to everyone').fill('Sent while Ada was away.');
    await teacher.page.getByRole('button', { name: 'Broadcast' }).click();
    await boris.page.getByText('Sent while Ada was away.').waitFor();
    await ada.context.setOffline(false);
    await ada.page.getByText('Sent while Ada was away.').waitFor();
    await ada.page.locator('.socket-status[data-status=connected]').waitFor({ state: 'attached' });
  });

  it('downloads the transcript with every exchange', async () => {
    const download = teacher.page.waitForEvent('download');
    await teacher.page.getByRole('button', { name: 'Markdown' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/transcript\.md$/);
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text).toContain('Young Communist League');
    expect(text).toContain('ends justify');
    expect(text).toContain('Ada');
  });

  it('removes a student and ends the session for everyone', async () => {
    await teacher.page.getByRole('button', { name: 'Remove Boris' }).click();
    await boris.page.getByText('The teacher removed you from this session.').waitFor();
    await teacher.page.getByRole('button', { name: 'End the session' }).click();
    await teacher.page.getByRole('button', { name: 'Yes, end the session' }).click();
    await ada.page.getByText('This session has ended.').waitFor();
    expect(await ada.page.getByRole('textbox', { name: /^Ask / }).count()).toBe(0);
  });

  it('stages a debate: personas side by side, turns in order, each citing only their own writings', async () => {
    const host = await openPage(browser, t.url, DESKTOP);
    const { page } = host;
    await page.goto('/#/debate');
    await page.getByRole('checkbox', { name: FIXTURE_PERSONAS.exile.name }).check();
    await page.getByRole('checkbox', { name: FIXTURE_PERSONAS.secretary.name }).check();
    await page.getByLabel('Motion').fill('The revolution must be permanent');
    await page.getByRole('button', { name: 'Start the debate' }).click();
    await page.locator('.motion').filter({ hasText: 'The revolution must be permanent' }).waitFor();

    const turns = page.locator('.debate-turn');
    for (const [n, speaker] of [
      [1, FIXTURE_PERSONAS.exile.name],
      [2, FIXTURE_PERSONAS.secretary.name],
      [3, FIXTURE_PERSONAS.exile.name],
    ] as const) {
      await page.getByRole('button', { name: `Next turn: ${speaker}` }).click();
      await turns
        .nth(n - 1)
        .locator('article.answer[data-status=complete]')
        .waitFor({ timeout: 30_000 });
    }
    // The exile speaks in the first column, the secretary in the second; a row per round of turns.
    const place = (i: number) => turns.nth(i).evaluate((el) => `${el.style.gridColumn}/${el.style.gridRow}`);
    expect([await place(0), await place(1), await place(2)]).toEqual(['1/2', '2/2', '1/3']);
    const cited: Record<string, number> = { Sokol: 0, Kamen: 0 };
    for (const [i, author] of [
      [0, 'Sokol'],
      [1, 'Kamen'],
      [2, 'Sokol'],
    ] as const) {
      const sources = await turns.nth(i).locator('.footnote-source').allTextContents();
      for (const source of sources) expect(source).toContain(author);
      cited[author] += sources.length;
    }
    expect(cited.Sokol).toBeGreaterThan(0);
    expect(cited.Kamen).toBeGreaterThan(0);
    await screenshot(page, 'debate-desktop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'debate-phone');
    expect(host.seen.errors).toEqual([]);
    await host.context.close();
  });

  it('raised no page errors and opened no dialogs', () => {
    for (const p of [teacher, ada, boris]) {
      expect(p.seen.dialogs).toEqual([]);
      expect(p.seen.errors).toEqual([]);
    }
  });
});
