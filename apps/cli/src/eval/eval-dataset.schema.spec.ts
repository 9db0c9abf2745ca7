import { EvalDatasetSchema } from './eval-dataset.schema';

const item = { persona: 'lenin', question: 'Is there freedom under a state?', type: 'paraphrase' };

describe('evaluation datasets', () => {
  it('take gold passages by quote or by offsets, and keep them as given (the --out file echoes items)', () => {
    const [byOffsets, byQuote] = EvalDatasetSchema.parse([
      { ...item, gold: [{ file: 'lenin/a.txt', start: 0, end: 25 }] },
      { ...item, gold: [{ file: 'lenin/a.txt', quote: 'no freedom' }] },
    ]);
    expect(byOffsets.gold).toEqual([{ file: 'lenin/a.txt', start: 0, end: 25 }]);
    expect(byQuote.gold).toEqual([{ file: 'lenin/a.txt', quote: 'no freedom' }]);
  });

  it('reject offsets that are reversed, paths that leave the corpus, and gold without quote or offsets', () => {
    for (const gold of [
      { file: 'lenin/a.txt', start: 9, end: 3 },
      { file: '../secret.txt', quote: 'x' },
      { file: '/etc/passwd.txt', start: 0, end: 3 },
      { file: 'lenin/a.txt' },
    ]) {
      expect(EvalDatasetSchema.safeParse([{ ...item, gold: [gold] }]).success).toBe(false);
    }
  });
});
