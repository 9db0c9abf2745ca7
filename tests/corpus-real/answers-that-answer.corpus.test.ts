import { startTestApp, type TestApp } from '../support/test-app';
import { ask, documentTexts, expectSoundAnswer } from '../support/chat-helpers';
import { REAL_CORPUS_ENV } from './support/real-corpus-env';

// "Answers that answer" on the whole shared corpus, offline: a question the sources answer is answered from the
// right work with a citation spanning only the quoted sentences; one they do not answer is declined, with where
// to read further instead of loosely related quotes.
describe('answers that answer, on the whole corpus (offline answers)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(REAL_CORPUS_ENV);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('Lenin says what the state is and why it must wither away by quoting The State and Revolution, citing only the quoted sentences', async () => {
    const answer = await ask(t.url, {
      persona: 'lenin',
      message: 'What is the state, and why must it wither away?',
    });
    expect(answer.refusal).toBeNull();
    const cited = answer.citations.filter((c) => c.source === 'lenin/the-state-and-revolution.txt');
    expect(cited.length).toBeGreaterThan(0);
    const texts = await documentTexts(t.url, answer.citations);
    for (const c of answer.citations) {
      // The source viewer highlights exactly the quote: the citation is the quoted text, as the answer quotes it.
      expect(texts.get(c.documentId)?.slice(c.start, c.end)).toBe(c.quote);
      expect(answer.answer).toContain(`“${c.quote}”`);
    }
    // A framing sentence in Lenin's voice opens the answer; titles carry no catalogue notes.
    expect(answer.answer).toMatch(/^[^“]*\b(?:I|my|me)\b/);
    expect(answer.answer).not.toMatch(/\(reports?,|by Lenin\)|, [A-Z][a-z]+ \*/);
    await expectSoundAnswer(t.url, answer);
  });

  // A who-question is answered only by a sentence that names someone, in a document using the question's most
  // telling word (`AnswerPolicy.requireAnswerType`): Left-Wing Communism's "leaders of the opposition and
  // revolutionary parties" names nobody, and its list of Scheidemanns and Kautskys is in a work that never speaks
  // of succeeding.
  it('Lenin declines to name his successor as leader of the party, pointing to where one might read further', async () => {
    const answer = await ask(t.url, {
      persona: 'lenin',
      message: 'Who should succeed you as leader of the party?',
    });
    expect(answer.refusal).toBe('no_sources');
    expect(answer.citations).toEqual([]);
    expect(answer.readFurther?.length ?? 0).toBeGreaterThan(0);
  });
  // The example of an everyday question whose word ("food") the corpus uses politically (the Commissariat of
  // Food): declined as off topic, with no quote.
  it('Lenin declines "What is your favourite food?" as off topic, quoting nothing', async () => {
    const answer = await ask(t.url, { persona: 'lenin', message: 'What is your favourite food?' });
    expect(answer.refusal).toBe('off_topic');
    expect(answer.citations).toEqual([]);
  });
  // Was a known failure while the fused ranking weighed the vector leg 1 and gave a passage only the text leg found
  // vector score 0: four passages of The Tasks of the Youth Leagues, which both legs find, came above the 1920
  // International Women's Day article that plain BM25 and the full-text leg rank first. It passes since the refit
  // (vector weight 0.5, the vector leg scoring every text candidate).
  it("Lenin answers what he said to the working women on International Women's Day from that article", async () => {
    const answer = await ask(t.url, {
      persona: 'lenin',
      message: "What did you say to the working women on International Women's Day?",
    });
    expect(answer.refusal).toBeNull();
    expect(answer.citations.map((c) => c.source)).toContain('lenin/on-international-womens-day-1920.txt');
  });

  // Short questions naming a later institution read as everyday English to the topic guard (the corpus never uses
  // the name); the anachronism check runs first for a named, non-everyday timeline event, so the persona says it
  // came after its time instead of calling the question off topic.
  it.each([
    ['lenin', 'Is Sputnik impressive?'],
    ['trotsky', 'What about the Marshall Plan?'],
  ])('%s refuses "%s" as an anachronism', async (persona, message) => {
    const answer = await ask(t.url, { persona, message });
    expect(answer.refusal).toBe('anachronism');
    expect(answer.citations).toEqual([]);
  });
});
