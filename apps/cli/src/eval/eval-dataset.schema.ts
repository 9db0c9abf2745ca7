import { z } from 'zod';

export const EvalTypeSchema = z.enum([
  'factual',
  'opinion',
  'paraphrase',
  'anachronism',
  'offtopic',
  'unanswerable',
]);
export type EvalType = z.infer<typeof EvalTypeSchema>;

// A corpus-relative path: forward slashes, no absolute path, no `..` or `.` segments.
const CorpusFile = z
  .string()
  .min(1)
  .refine(
    (f) =>
      !f.startsWith('/') &&
      !f.includes('\\') &&
      f.split('/').every((s) => s !== '' && s !== '.' && s !== '..'),
    {
      message: 'must be a path inside the corpus (forward slashes, no "..")',
    },
  );

/** A gold passage given by its words: `quote` is an exact substring of the corpus file (DESIGN.md §4). */
const QuoteGold = z.object({ file: CorpusFile, quote: z.string().min(1) });
/**
 * A gold passage given by where it is: characters `[start, end)` of the corpus file as read in UTF-8. Lets a
 * dataset kept in this repository point at the corpus without copying its text.
 */
const OffsetGold = z
  .object({ file: CorpusFile, start: z.number().int().nonnegative(), end: z.number().int().positive() })
  .refine((g) => g.end > g.start, { message: 'end must be after start' });

const itemShape = {
  persona: z.string().min(1),
  question: z.string().min(1).max(2000),
  asOf: z.string().optional(),
  type: EvalTypeSchema,
};

export const EvalItemSchema = z.object({ ...itemShape, gold: z.array(QuoteGold).default([]) }).passthrough();
export type EvalItem = z.infer<typeof EvalItemSchema>;

/** An item as a dataset file may give it: gold by quote or by offsets. */
export const DatasetItemSchema = z
  .object({ ...itemShape, gold: z.array(z.union([QuoteGold, OffsetGold])).default([]) })
  .passthrough();
export type DatasetItem = z.infer<typeof DatasetItemSchema>;

export const EvalDatasetSchema = z.array(DatasetItemSchema);

/**
 * The items with every gold passage given by its quote: offsets are read out of the corpus file. Throws with
 * the item and file when a file is missing or the offsets run past its end.
 */
export function resolveGold(
  items: DatasetItem[],
  readCorpusFile: (file: string) => string | null,
): EvalItem[] {
  const files = new Map<string, string | null>();
  const read = (file: string) => {
    if (!files.has(file)) files.set(file, readCorpusFile(file));
    return files.get(file) ?? null;
  };
  return items.map((item, i) => ({
    ...item,
    gold: item.gold.map((g) => {
      if ('quote' in g) return g;
      const text = read(g.file);
      if (text === null) throw new Error(`item ${i + 1}: gold file not in the corpus: ${g.file}`);
      if (g.end > text.length)
        throw new Error(
          `item ${i + 1}: gold offsets ${g.start}-${g.end} run past the end of ${g.file} (${text.length} characters)`,
        );
      return { file: g.file, quote: text.slice(g.start, g.end) };
    }),
  }));
}

export const ANSWERABLE: readonly EvalType[] = ['factual', 'opinion', 'paraphrase'];

/** The refusal an item of each type expects (null: an answer). */
export function expectedRefusal(type: EvalType): string | null {
  switch (type) {
    case 'anachronism':
      return 'anachronism';
    case 'offtopic':
      return 'off_topic';
    case 'unanswerable':
      return 'no_sources';
    case 'factual':
    case 'opinion':
    case 'paraphrase':
      return null;
  }
}
