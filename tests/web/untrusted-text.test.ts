import type { Browser } from 'playwright-core';
import {
  fakeReply,
  startFakeOpenAI,
  type FakeOpenAI,
  type RecordedRequest,
} from '../support/fake-openai.server';
import { startTestApp, type TestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
import { DESKTOP, launchBrowser, openPage, screenshot } from './support/browser';
import { doneAnswer, isChatStream } from './support/sse-answer';
import { ensureWebBuilt } from './support/web-build';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';

const INJECTED = '<img src=x onerror=alert(1)>';

/** The first full sentence of passage 1 in the system prompt, so the fake model's quotation verifies. */
function firstPassageSentence(request: RecordedRequest): string {
  const system = String(request.body.messages?.[0]?.content ?? '');
  const passage = /<<<PASSAGE 1\n[\s\S]*?\n---\n([\s\S]*?)\nPASSAGE 1>>>/.exec(system)?.[1] ?? '';
  const sentence = passage.split(/(?<=[.!?])\s+/).find((s) => s.split(/\s+/).length >= 8 && !/["“”]/.test(s));
  return sentence ?? passage.slice(0, 120);
}

describe('model text in the browser', () => {
  let fake: FakeOpenAI;
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    fake = await startFakeOpenAI({ tokenDelayMs: 120 });
    fake.script((request) =>
      request.path.endsWith('/chat/completions')
        ? fakeReply.text(
            `${INJECTED} As I told the young communists: "${firstPassageSentence(request)}" [1] ${INJECTED}`,
          )
        : undefined,
    );
    t = await startTestApp({
      CORPUS_DIR: subsetCorpus([FIXTURE_DOCS.youth, FIXTURE_DOCS.morals]),
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.url,
      OPENAI_MODEL: 'fake-model',
    });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await fake?.close();
  });

  it('shows <img src=x onerror=alert(1)> from the model as text, never as an element, while streaming and after', async () => {
    const { page, seen, context } = await openPage(browser, t.url, DESKTOP);
    await page.goto(`/#/chat/${FOUNDER}`);
    const box = page.getByRole('textbox', { name: /^Ask .+ a question$/ });
    await box.fill('What must young people learn?');
    const response = page.waitForResponse(isChatStream);
    await box.press('Enter');

    // While the tokens stream in, the raw model text is on screen, markup and all, as characters.
    // One locator, so "still streaming" and "shows the markup as text" are observed together.
    const streaming = page.locator(
      'article.answer[data-status=streaming] [data-testid=answer-text][aria-busy=true][aria-live=polite]',
    );
    await streaming.filter({ hasText: INJECTED }).first().waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    await screenshot(page, 'untrusted-streaming-desktop', { fullPage: false });

    const answer = await doneAnswer(await response);
    expect(answer.generator).toBe('openai:fake-model');
    await page.locator('article.answer[data-status=complete]').waitFor();
    const shown = await page.locator('article.answer [data-testid=answer-text]').textContent();
    // The verifier strips markup from the final answer; whatever it keeps is shown exactly as text.
    expect(shown).toBe(answer.answer);
    expect(await page.locator('main img, main script, main iframe').count()).toBe(0);
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});
