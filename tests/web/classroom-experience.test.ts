import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CitationSchema, INTRODUCTION_GENERATOR, type Citation } from '@parley/contracts';
import { projectRoot } from '@parley/core';
import { startTestApp, type TestApp } from '../support/test-app';
import { PersonaRegistry } from '@parley/personas';
import { FIXTURE_DOCS, FIXTURE_PERSONAS, FIXTURE_PERSONAS_DIR } from '../support/fixture-corpus';
import { subsetCorpus } from '../support/test-env';
import { SCREENSHOT_DIR, launchBrowser, openPage, screenshot, type PageErrors } from './support/browser';
import { doneAnswer, isChatStream } from './support/sse-answer';
import { ensureWebBuilt } from './support/web-build';

// Issue 18, as a new user tries it: in Chromium at 1280×900 and 390×844. Persona, corpus and questions come from
// the fixture corpus (tests/support/fixture-corpus.ts); assertions do not depend on the corpus's wording.
const PERSONA = FIXTURE_PERSONAS.founder.id;
const PERSONA_NAME = FIXTURE_PERSONAS.founder.name;
const SECOND_PERSONA_NAME = FIXTURE_PERSONAS.exile.name;
/** The persona's last day ("15 January 1924"), as the page writes dates and as the date fields take it. */
const LAST_DAY = FIXTURE_PERSONAS.founder.diedInWords;
const [LAST_DAY_DAY, LAST_DAY_MONTH, LAST_DAY_YEAR] = LAST_DAY.split(' ');
const CORPUS = [FIXTURE_DOCS.youth, FIXTURE_DOCS.state, FIXTURE_DOCS.morals, FIXTURE_DOCS.farms];
const ANSWERABLE = 'What was the most important task you gave to the youth circles?';
const HISTORIAN_QUESTION = 'What did the revolutionaries write about morality and the youth?';
const ANACHRONISM = 'What do you make of the fall of the Berlin Wall in 1989?';
const UNANSWERABLE = 'What did you think of the Japanese tea ceremony in Kyoto?';
const CLASS_TITLE = 'Year 11: sources';
const GREETING = 'Hello, who are you?';
const MOTION = 'Morality must serve the struggle of the working class';
const FOUNDER_STANCE = 'For the motion';
/** The founder's starter questions, as its persona file gives them. */
const STARTERS = PersonaRegistry.load(FIXTURE_PERSONAS_DIR).get(PERSONA).starters;

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

/**
 * Screenshots the issue asks for go to test-output; with UPDATE_SCREENSHOTS=1 they also replace the ones kept in
 * docs/screenshots. The kept ones show the real personas (taken before the suite moved to the fixture corpus), so a
 * plain `npm test` leaves them alone.
 */
async function keep(page: Page, name: string, fullPage = false): Promise<void> {
  await screenshot(page, name, { fullPage });
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  const dir = join(projectRoot(), 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(SCREENSHOT_DIR, `${name}.png`), join(dir, `${name}.png`));
}

/** The `citations` and `done` events of a finished chat stream, as the browser received them. */
function streamEvents(body: string): { citations: Citation[][]; deltas: string[] } {
  const blocks = body.split('\n\n').filter(Boolean);
  const data = (b: string) => JSON.parse(b.slice(b.indexOf('data: ') + 6)) as Record<string, unknown>;
  return {
    citations: blocks
      .filter((b) => b.startsWith('event: citations'))
      .map((b) => CitationSchema.array().parse(data(b).citations)),
    deltas: blocks.filter((b) => b.startsWith('event: delta')).map((b) => String(data(b).text)),
  };
}

describe.each(SIZES)('the classroom experience at $name size', ({ name, viewport }) => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let seen: PageErrors;

  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startTestApp({ CORPUS_DIR: subsetCorpus(CORPUS) });
    browser = await launchBrowser();
    ({ page, seen } = await openPage(browser, t.url, viewport));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const box = () => page.getByRole('textbox', { name: /^Ask .+ a question$/ });

  async function ask(question: string) {
    await box().fill(question);
    const response = page.waitForResponse(isChatStream);
    await box().press('Enter');
    const res = await response;
    return { answer: await doneAnswer(res), body: await res.text() };
  }

  async function openSettings() {
    const settings = page.locator('details.settings-disclosure');
    if ((await settings.getAttribute('open')) === null) await settings.locator('summary').click();
  }

  /** On a phone the reader folds the settings away again before asking. */
  async function foldSettingsOnPhone() {
    const settings = page.locator('details.settings-disclosure');
    if (name === 'phone' && (await settings.getAttribute('open')) !== null)
      await settings.locator('summary').click();
  }

  it('folds the settings on a phone, says once that answers are chosen passages, and shows the date as the page writes dates', async () => {
    await page.goto(`/#/chat/${PERSONA}`);
    const settings = page.locator('details.settings-disclosure');
    await settings.waitFor();
    const open = (await settings.getAttribute('open')) !== null;
    expect(open).toBe(name === 'desktop');
    const toolbar = await page.locator('.chat-toolbar').boundingBox();
    expect(toolbar!.height).toBeLessThan(viewport.height * (name === 'phone' ? 0.2 : 0.4));

    const notice = page.getByTestId('mode-notice');
    await notice.waitFor();
    expect(await notice.count()).toBe(1);
    const text = await notice.textContent();
    expect(text).toContain('passages chosen from');
    expect(text).toContain('OPENAI_API_KEY');
    expect(text).toContain('OPENAI_BASE_URL');
    expect(text).toContain('Ollama');

    await openSettings();
    const dateFields = page.getByRole('group', { name: 'Speaking as of' });
    const month = dateFields.getByLabel('Month');
    // The month is a word, as in "15 January 1924" elsewhere on the page.
    expect(await month.locator('option:checked').textContent()).toMatch(/^[A-Z][a-z]+$/);
    await dateFields.getByLabel('Year').fill('1930');
    expect(await page.getByRole('alert').filter({ hasText: 'Choose a date between' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Ask', exact: true }).isDisabled()).toBe(true);
    await dateFields.getByLabel('Year').fill('1920');
    await dateFields.getByLabel('Day').fill('1');
    await month.selectOption({ label: 'June' });
    expect(await page.getByRole('alert').filter({ hasText: 'Choose a date between' }).count()).toBe(0);
    expect(await page.locator('.settings-summary').textContent()).toContain('1 June 1920');
    // Back to the persona's last day, so the questions below may use all of the sources.
    await dateFields.getByLabel('Year').fill(LAST_DAY_YEAR);
    await month.selectOption({ label: LAST_DAY_MONTH });
    await dateFields.getByLabel('Day').fill(LAST_DAY_DAY);
    expect(await page.locator('.settings-summary').textContent()).toContain(LAST_DAY);
  });

  it("offers starter questions on the empty chat, answers one with citations, and marks a greeting's reply as Parley's description", async () => {
    await foldSettingsOnPhone();
    const starters = page.getByRole('region', { name: 'Questions to start with' });
    await starters.waitFor();
    expect(await starters.getByRole('button').allTextContents()).toEqual(STARTERS);
    const response = page.waitForResponse(isChatStream);
    await starters.getByRole('button', { name: STARTERS[0] }).click();
    const answer = await doneAnswer(await response);
    expect(answer.refusal).toBeNull();
    expect(answer.citations.length).toBeGreaterThan(0);
    await page.locator('article.answer[data-status=complete]').last().waitFor();
    // Once the conversation has started, the starters give way to it.
    expect(await starters.count()).toBe(0);

    const { answer: intro } = await ask(GREETING);
    expect(intro.generator).toBe(INTRODUCTION_GENERATOR);
    const article = page.locator('article.answer[data-introduction=true][data-status=complete]').last();
    await article.waitFor();
    expect(await article.locator('.speaker').textContent()).toBe('Parley');
    expect(await article.getByTestId('introduction-label').textContent()).toContain(
      `description of ${PERSONA_NAME}, not ${PERSONA_NAME}`,
    );
    expect(await article.getAttribute('aria-label')).toBe(`Parley's description of ${PERSONA_NAME}`);
    expect(await article.getByRole('button', { name: 'Copy answer with sources' }).count()).toBe(0);
  });

  it('brings a new answer into view above the composer, with one numbering in the stream and the answer', async () => {
    await foldSettingsOnPhone();
    const { answer, body } = await ask(ANSWERABLE);
    const article = page.locator('article.answer[data-status=complete]').last();
    await article.waitFor();
    // The first line of the answer is on screen, above the question box.
    const answerBox = (await article.boundingBox())!;
    const dock = (await page.locator('.composer-dock').boundingBox())!;
    expect(answerBox.y).toBeGreaterThanOrEqual(0);
    expect(answerBox.y + 24).toBeLessThanOrEqual(dock.y);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    // The citations event numbers passages as the streamed text and the final answer do.
    const events = streamEvents(body);
    if (answer.refusal === null) {
      expect(events.deltas.join('')).toBe(answer.answer);
      expect(events.citations.at(-1)).toEqual(answer.citations);
      for (const c of answer.citations) {
        const marker = article.locator(`button.marker[data-marker="${c.marker}"]`).first();
        expect(await marker.getAttribute('aria-label')).toBe(`Source ${c.marker}: ${c.title}`);
      }
    }
    await keep(page, `chat-${name}`);

    if (answer.citations.length > 0) {
      await article.locator('button.marker').first().click();
      await page.getByRole('dialog').locator('mark[data-testid=cited-span]').waitFor();
      await keep(page, `source-viewer-${name}`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
    }
  });

  it('offers no copy button on a refusal, and offers the closest documents when the sources are silent', async () => {
    await foldSettingsOnPhone();
    await ask(ANACHRONISM);
    const refused = page.locator('article.answer[data-refusal=anachronism]').last();
    await refused.waitFor();
    expect(await refused.getByRole('button', { name: 'Copy answer with sources' }).count()).toBe(0);

    const { answer } = await ask(UNANSWERABLE);
    expect(answer.refusal).not.toBeNull();
    const silent = page.locator('article.answer[data-status=complete]').last();
    await silent.waitFor();
    expect(await silent.getByRole('button', { name: 'Copy answer with sources' }).count()).toBe(0);
    if (answer.refusal === 'no_sources' && answer.readFurther?.length) {
      const further = silent.getByRole('complementary', { name: 'Closest documents to read' });
      expect(await further.getByRole('button').count()).toBe(answer.readFurther.length);
      await further.getByRole('button').first().click();
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      // A reloaded conversation offers the same documents again.
      await page.reload();
      const reloaded = page
        .locator('article.answer[data-refusal=no_sources]')
        .last()
        .getByRole('complementary', { name: 'Closest documents to read' });
      await reloaded.waitFor();
      expect(await reloaded.getByRole('button').allTextContents()).toEqual(
        answer.readFurther.map((d) => d.title),
      );
    }
  });

  it('labels a historian answer as the historian, opens it once and says whose document each source is', async () => {
    await openSettings();
    await page.getByRole('switch', { name: 'Historian mode' }).check();
    await foldSettingsOnPhone();
    const { answer } = await ask(HISTORIAN_QUESTION);
    const article = page.locator('article.answer[data-mode=historian][data-status=complete]').last();
    await article.waitFor();
    expect(await article.locator('.speaker').textContent()).toBe('Historian');
    expect(await article.locator('.answer-header').textContent()).not.toContain('speaking as of');
    expect(await article.getAttribute('aria-label')).toContain('historian');
    if (answer.refusal === null) {
      const personas = await article.getByTestId('footnote-persona').allTextContents();
      expect(personas.length).toBe(answer.citations.length);
      for (const p of personas) expect(p.trim()).toMatch(/\S/);
      // One opening: the historian's first sentence is not said again.
      const first = answer.answer.split(/(?<=[.:])\s/)[0];
      expect(answer.answer.split(first).length - 1).toBe(1);
    }
    await article.scrollIntoViewIfNeeded();
    await keep(page, `historian-answer-${name}`);
    await openSettings();
    await page.getByRole('switch', { name: 'Historian mode' }).uncheck();
    await foldSettingsOnPhone();
  });

  it('shows a banner on an idle page within seconds of the server going away, and clears it when it is back', async () => {
    await page.route('**/health', (route) => route.abort('connectionrefused'));
    const banner = page.locator('.connection-banner[data-status=reconnecting]');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain('Cannot reach Parley');
    await page.unroute('**/health');
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.locator('.connection-banner').textContent()).not.toContain('Cannot reach');
  });

  it('lets a teacher put a QR code of the join link on the board; the pinned answer shows once; the transcript reads well', async () => {
    const teacher = page;
    await teacher.goto('/#/classroom/new');
    await teacher.getByLabel('Session title').fill(CLASS_TITLE);
    await teacher.getByRole('checkbox', { name: PERSONA_NAME }).check();
    await teacher.getByRole('checkbox', { name: SECOND_PERSONA_NAME }).check();
    await teacher.getByRole('button', { name: 'Create the session' }).click();
    await teacher.getByTestId('join-code').waitFor();
    const link = (await teacher.locator('.join-link a').getAttribute('href'))!;
    // Built from the address this browser used; on a loopback address the teacher is told students cannot use it.
    expect(link.startsWith(`${new URL(t.url).origin}/`)).toBe(true);
    expect(await teacher.getByTestId('loopback-warning').count()).toBe(1);

    await teacher.getByRole('button', { name: 'Show on the board' }).click();
    const board = teacher.getByRole('dialog', { name: 'Join code for the board' });
    const qr = board.getByTestId('join-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('data-text')).toBe(link);
    const qrBox = (await qr.boundingBox())!;
    expect(qrBox.width).toBeGreaterThan(150);
    expect(qrBox.y + qrBox.height).toBeLessThanOrEqual(viewport.height);
    await keep(teacher, `teacher-board-${name}`);
    await board.getByRole('button', { name: 'Close' }).click();

    const student = await openPage(browser, t.url, viewport);
    await student.page.goto(link);
    await student.page.getByLabel('Your name, as the teacher will see it').fill('Ada');
    await student.page.getByRole('button', { name: 'Join' }).click();
    await student.page.getByRole('heading', { level: 1, name: CLASS_TITLE }).waitFor();
    await student.page.getByRole('radio', { name: PERSONA_NAME }).check();
    const studentBox = student.page.getByRole('textbox', { name: `Ask ${PERSONA_NAME} a question` });
    await studentBox.fill(ANSWERABLE);
    await studentBox.press('Enter');
    await student.page.locator('article.exchange[data-status=answered]').first().waitFor();
    await keep(student.page, `student-view-${name}`);

    const feedCard = teacher.locator('.dashboard-main article.exchange', { hasText: 'Ada' }).first();
    await feedCard.getByRole('button', { name: 'Pin for everyone' }).click();
    await teacher.locator('section.pinned article.exchange').waitFor();
    expect(await teacher.locator('article.exchange', { hasText: ANSWERABLE }).count()).toBe(1);
    expect(await teacher.locator('.pinned-ref').count()).toBe(1);

    if (name === 'desktop') {
      const download = teacher.waitForEvent('download');
      await teacher.getByRole('button', { name: 'Markdown' }).click();
      const md = readFileSync((await (await download).path())!, 'utf8');
      expect(md).not.toContain('\\*');
      expect(md).not.toMatch(/Mode: (?:qa|debate)/);
      expect(md).toContain(PERSONA_NAME);
      expect(md).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} \([A-Za-z_/]+/);
    }
    expect(student.seen.errors).toEqual([]);
    await student.context.close();
  });

  it('stages a three-turn debate with stances, each turn answering the previous claim, the next turn always in reach', async () => {
    await page.goto('/#/debate');
    await page.getByRole('checkbox', { name: PERSONA_NAME }).check();
    await page.getByRole('checkbox', { name: SECOND_PERSONA_NAME }).check();
    await page.getByLabel('Motion', { exact: true }).fill(MOTION);
    await page.getByLabel(`Stance of ${PERSONA_NAME}`).fill(FOUNDER_STANCE);
    await page.getByRole('button', { name: 'Start the debate' }).click();
    await page.locator('.motion').filter({ hasText: MOTION }).waitFor();
    // The debate's dashboard sits under "Debate" in the navigation, not under "Teach".
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Debate' }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: 'Teach' }).getAttribute('aria-current')).toBeNull();
    const status = page.getByTestId('turn-status');
    expect(await status.textContent()).not.toMatch(/Turn 0/);

    const stances = page.getByRole('list', { name: 'Stances' }).getByTestId('stance');
    expect(await stances.nth(0).textContent()).toContain(`argues: ${FOUNDER_STANCE}`);
    const turns = page.locator('.debate-turn');
    const speakers = [PERSONA_NAME, SECOND_PERSONA_NAME, PERSONA_NAME];
    for (const [i, speaker] of speakers.entries()) {
      await page.getByRole('button', { name: `Next turn: ${speaker}` }).click();
      await turns.nth(i).locator('article.answer[data-status=complete]').waitFor({ timeout: 60_000 });
      expect(await status.textContent()).toBe(`Turn ${i + 1} finished.`);
    }
    // The second debater, given no stance, declares one with its first claim, in its own quoted words.
    expect(await stances.nth(1).textContent()).toMatch(/declares: \S/);
    for (const i of [1, 2]) {
      const claim = turns.nth(i).getByTestId('claim-answered');
      if (
        (await turns
          .nth(i - 1)
          .locator('article.answer.refused')
          .count()) > 0
      )
        continue;
      expect(await claim.textContent()).toContain(`Answering ${speakers[i - 1]}`);
      await claim.getByRole('button').click();
      await page.getByRole('dialog').locator('mark[data-testid=cited-span]').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
    }
    // Scrolled back to the first turn, the next-turn control is still on screen.
    await turns.nth(0).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const next = (await page.getByRole('button', { name: /^Next turn/ }).boundingBox())!;
    expect(next.y).toBeGreaterThanOrEqual(0);
    expect(next.y + next.height).toBeLessThanOrEqual(viewport.height);
    // At the bottom of the page the sticky control rests in its place below the turns, as a full-page picture needs.
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await keep(page, `debate-${name}`, true);
  });

  it('raised no page errors and opened no dialogs', () => {
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
  });
});
