import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RetrievalService } from '@parley/retrieval';
import { startTestApp, type TestApp } from '../support/test-app';
import { FOUNDER } from '../support/fixture-corpus';

// A corpus written for this test (our own words): two documents on the same subject, years apart, so that only
// the year can tell them apart, and two on other things.
const STRIKE_TEXT = (place: string) =>
  [
    `The strike of the ${place} workers showed what an organised class can do.`,
    'When the railway men stopped the trains, the whole country stood still and the government lost its nerve.',
    'A strike teaches the workers their strength, and every strike prepares the next one.',
  ].join(' ');

function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-signals-'));
  mkdirSync(join(dir, FOUNDER));
  writeFileSync(join(dir, `${FOUNDER}/early.txt`), `${STRIKE_TEXT('Moscow')}\n`);
  writeFileSync(join(dir, `${FOUNDER}/late.txt`), `${STRIKE_TEXT('Petrograd')}\n`);
  writeFileSync(
    join(dir, `${FOUNDER}/harvest.txt`),
    'The harvest was poor and the peasants held back their grain. Xylovitch, the commissar, reported famine in the villages.\n',
  );
  writeFileSync(
    join(dir, `${FOUNDER}/chess.txt`),
    'The chess tournament ended in a draw, and the players shook hands over the board.\n',
  );
  const base = { persona: FOUNDER, author: 'I. M. Brandt' };
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify([
      { ...base, file: `${FOUNDER}/early.txt`, title: 'On the General Strike', date: '1905-10-20' },
      { ...base, file: `${FOUNDER}/late.txt`, title: 'Once More on the Strike', date: '1920-03-02' },
      { ...base, file: `${FOUNDER}/harvest.txt`, title: 'On the Harvest', date: '1921-06-01' },
      { ...base, file: `${FOUNDER}/chess.txt`, title: 'A Letter to a Chess Player', date: '1922-01-10' },
    ]),
  );
  return dir;
}

describe('retrieval signals beyond the passage words', () => {
  let t: TestApp;
  let retrieval: RetrievalService;

  beforeAll(async () => {
    t = await startTestApp({ CORPUS_DIR: corpus() });
    retrieval = t.app.get(RetrievalService);
  });
  afterAll(async () => {
    await t.close();
  });

  it("matches a year in the question with the document's date, which its text never states", async () => {
    for (const [year, source] of [
      ['1905', `${FOUNDER}/early.txt`],
      ['1920', `${FOUNDER}/late.txt`],
    ]) {
      const passages = await retrieval.search({
        persona: FOUNDER,
        query: `What did you write about the railway strike in ${year}?`,
        mode: 'text',
      });
      expect(passages[0].source).toBe(source);
    }
  });

  it("gives the bm25 baseline the question's own words alone: no year field, no expansion, no vector", async () => {
    const passages = await retrieval.search({
      persona: FOUNDER,
      query: 'What did you write about the railway strike in 1905?',
      mode: 'bm25',
    });
    // Only the two strike documents hold a question word; the year, which only their dates hold, counts for neither.
    expect(passages.map((p) => p.source).sort()).toEqual([`${FOUNDER}/early.txt`, `${FOUNDER}/late.txt`]);
    expect(passages[0].scores.text).toBeCloseTo(passages[1].scores.text as number, 9);
    for (const p of passages) expect(p.scores.vector).toBeNull();
    // Expansion would find the harvest's "peasants" and "grain" from nothing; the baseline does not expand.
    const none = await retrieval.search({
      persona: FOUNDER,
      query: 'Tell me about the farmers',
      mode: 'bm25',
    });
    expect(none).toEqual([]);
  });

  it('counts the vector leg only for the share of the question the embedder can read', async () => {
    // The vector leg's part of each passage's fused score: what the text leg (weight 1) did not give it.
    const vectorPart = async (query: string, coverageWeighting: number) => {
      const passages = await retrieval.search({
        persona: FOUNDER,
        query,
        k: 10,
        tuning: { coverageWeighting, vectorWeight: 1 },
      });
      return new Map(passages.map((p) => [p.chunkId, p.scores.fused - (p.scores.text ?? 0)]));
    };
    // "Xylovitch" is a name GloVe has no vector for, and the rarest word of the question.
    const unknownFull = await vectorPart('What did Xylovitch say about the railway strike?', 0);
    const unknownScaled = await vectorPart('What did Xylovitch say about the railway strike?', 1);
    // Scores are min–max normalised over the neighbours, so the farthest one has no vector part either way.
    const scored = [...unknownFull].filter(([, part]) => part > 1e-9);
    expect(scored.length).toBeGreaterThan(0);
    for (const [chunk, part] of scored) {
      const scaled = unknownScaled.get(chunk) as number;
      expect(scaled).toBeGreaterThan(0);
      expect(scaled).toBeLessThan(part * 0.9);
    }
    // Every word known: the vector leg counts in full.
    const knownFull = await vectorPart('What did you say about the railway strike?', 0);
    const knownScaled = await vectorPart('What did you say about the railway strike?', 1);
    expect([...knownFull.values()].some((part) => part > 1e-9)).toBe(true);
    for (const [chunk, part] of knownFull) expect(knownScaled.get(chunk)).toBeCloseTo(part, 12);
  });
});
