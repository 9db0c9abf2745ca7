import { EvalDatasetSchema, parseDataset } from './eval-dataset.schema';

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

  it('say what is wrong with a dataset file, item by item, instead of failing half-way through a run', () => {
    expect(parseDataset('[{')).toEqual({ problems: [expect.stringMatching(/^not JSON: /)] });
    expect(parseDataset('{"items": []}')).toEqual({
      problems: [expect.stringMatching(/^the dataset \(a JSON array of items\): /)],
    });
    const result = parseDataset(
      JSON.stringify([
        item,
        { ...item, question: '' },
        { ...item, type: 'trivia', gold: [{ file: 'x.txt' }] },
      ]),
    );
    expect('problems' in result && result.problems).toEqual([
      expect.stringMatching(/^item 2: question: /),
      expect.stringMatching(/^item 3: type: /),
      expect.stringMatching(/^item 3: gold\.0: /),
    ]);
    expect(parseDataset(JSON.stringify([item]))).toEqual({ items: [{ ...item, gold: [] }], given: [item] });
  });

  it('list at most ten problems and count the rest', () => {
    const result = parseDataset(
      JSON.stringify(Array.from({ length: 12 }, () => ({ ...item, question: '' }))),
    );
    expect('problems' in result && result.problems).toHaveLength(11);
    expect('problems' in result && result.problems[10]).toBe('… and 2 more');
  });
});
