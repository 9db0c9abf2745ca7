import { EvalDatasetSchema, resolveGold } from './eval-dataset.schema';

const files: Record<string, string> = { 'lenin/a.txt': 'So long as the state exists there is no freedom.' };
const read = (file: string) => files[file] ?? null;
const item = { persona: 'lenin', question: 'Is there freedom under a state?', type: 'paraphrase' };

describe('evaluation datasets', () => {
  it('takes gold passages by quote or by offsets, and reads offsets out of the corpus file', () => {
    const given = EvalDatasetSchema.parse([
      { ...item, gold: [{ file: 'lenin/a.txt', start: 0, end: 25 }] },
      { ...item, gold: [{ file: 'lenin/a.txt', quote: 'no freedom' }] },
    ]);
    const items = resolveGold(given, read);
    expect(items[0].gold).toEqual([{ file: 'lenin/a.txt', quote: 'So long as the state exis' }]);
    expect(items[1].gold).toEqual([{ file: 'lenin/a.txt', quote: 'no freedom' }]);
    // What a dataset gave is left as it was (the --out file echoes items as given).
    expect(given[0].gold[0]).toEqual({ file: 'lenin/a.txt', start: 0, end: 25 });
  });

  it('rejects offsets that are reversed, paths that leave the corpus, and gold without quote or offsets', () => {
    for (const gold of [
      { file: 'lenin/a.txt', start: 9, end: 3 },
      { file: '../secret.txt', quote: 'x' },
      { file: '/etc/passwd', start: 0, end: 3 },
      { file: 'lenin/a.txt' },
    ]) {
      expect(EvalDatasetSchema.safeParse([{ ...item, gold: [gold] }]).success).toBe(false);
    }
  });

  it('names the item and file when a gold file is missing or the offsets run past its end', () => {
    const missing = EvalDatasetSchema.parse([{ ...item, gold: [{ file: 'lenin/b.txt', start: 0, end: 3 }] }]);
    expect(() => resolveGold(missing, read)).toThrow('item 1: gold file not in the corpus: lenin/b.txt');
    const long = EvalDatasetSchema.parse([{ ...item, gold: [{ file: 'lenin/a.txt', start: 0, end: 500 }] }]);
    expect(() => resolveGold(long, read)).toThrow(
      /item 1: gold offsets 0-500 run past the end of lenin\/a.txt/,
    );
  });
});
