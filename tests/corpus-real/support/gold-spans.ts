import type { EvalItem } from '../../../apps/cli/src/eval/eval-dataset.schema';
import { locateGold } from '../../../apps/cli/src/eval/eval-metrics';

const LETTER = /[\p{L}\p{N}]/u;

/**
 * Every gold span of `items` resolves in the ingested `texts` to at least eight words that start and end on a word
 * boundary, and is at most `maxChars` long: what an eval set's offsets must keep meaning when the corpus or a
 * normaliser changes under them.
 */
export function expectGoldOnWordBoundaries(
  items: readonly EvalItem[],
  texts: Map<string, string>,
  maxChars = Number.POSITIVE_INFINITY,
): void {
  for (const item of items) {
    const { spans, missing } = locateGold(item.gold, texts);
    expect(missing).toEqual([]);
    for (const s of spans) {
      const text = texts.get(s.source) ?? '';
      const quote = text.slice(s.start, s.end);
      expect(quote).toMatch(/^\S[\s\S]*\S$/);
      expect(quote.split(/\s+/).length).toBeGreaterThanOrEqual(8);
      expect(quote.length).toBeLessThanOrEqual(maxChars);
      expect(LETTER.test(text[s.start - 1] ?? ' ') && LETTER.test(quote[0])).toBe(false);
      expect(LETTER.test(text[s.end] ?? ' ') && LETTER.test(quote.at(-1) ?? '')).toBe(false);
    }
  }
}
