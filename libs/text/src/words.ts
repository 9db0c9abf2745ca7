import { isWhitespace } from './text-span';

/** The words of `text`, lower-cased, possessives removed, inner apostrophes dropped (`don't` → `dont`), in order. */
export function words(text: string): string[] {
  const found = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  return found.map((w) => w.replace(/['’]s$/, '').replace(/['’]/g, ''));
}

/** The number of whitespace-separated words in `text[from, to)`: the unit of passage and answer lengths. */
export function countWords(text: string, from = 0, to = text.length): number {
  let count = 0;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const space = isWhitespace(text[i]);
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}
