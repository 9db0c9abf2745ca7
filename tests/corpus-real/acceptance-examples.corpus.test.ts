import { startTestApp, type TestApp } from '../support/test-app';
import { ask, expectSoundAnswer } from '../support/chat-helpers';
import { REAL_CORPUS_ENV } from './support/real-corpus-env';

// The answers issue's `npm run ask` examples, on the whole shared corpus: a subset corpus cannot show that
// unrelated documents stay out of an answer (with all of Lenin's writings, "General Secretary" meets ordinary
// uses of "general" and "secretary", and the answer must still abstain for want of Stalin).
describe('the acceptance examples on the whole corpus (offline answers)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(REAL_CORPUS_ENV);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('Lenin answers what young communists should study, quoting The Tasks of the Youth Leagues', async () => {
    const answer = await ask(t.url, { persona: 'lenin', message: 'What should young communists study?' });
    expect(answer.refusal).toBeNull();
    expect(answer.citations[0]?.source).toBe('lenin/the-tasks-of-the-youth-leagues.txt');
    expect(answer.answer).toMatch(/^[^“]*\b(?:I|my|me)\b/);
    await expectSoundAnswer(t.url, answer);
  });

  it('Lenin abstains on who should replace Stalin as General Secretary (his Letter to the Congress is not here)', async () => {
    const answer = await ask(t.url, {
      persona: 'lenin',
      message: 'Who should replace Stalin as General Secretary?',
    });
    expect(answer.refusal).toBe('no_sources');
    expect(answer.citations).toEqual([]);
  });

  it('the Second World War is an anachronism for Lenin; Stalin lived through it and abstains for lack of sources', async () => {
    const message = 'What did you think of the Second World War?';
    expect((await ask(t.url, { persona: 'lenin', message })).refusal).toBe('anachronism');
    expect((await ask(t.url, { persona: 'stalin', message })).refusal).toBe('no_sources');
  });
});
