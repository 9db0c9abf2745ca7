import { isWhitespace } from './text-span';

/** A word of a text: `text.slice(start, end)` lower-cased, with ’ read as ', is its `key`. */
export interface WordSpan {
  key: string;
  start: number;
  end: number;
}

// A word: letters and digits, joined by inner apostrophes (`don't`, `Lenin’s`). Everything else separates words.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** The words of `text` with their exact offsets, in order; the verifier aligns quotations on these. */
export function wordSpans(text: string): WordSpan[] {
  return [...text.matchAll(WORD)].map((m) => ({
    key: m[0].toLowerCase().replace(/’/g, "'"),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** The words of `text`, lower-cased, possessives removed, inner apostrophes dropped (`don't` → `dont`), in order. */
export function words(text: string): string[] {
  return wordSpans(text).map((w) => w.key.replace(/'s$/, '').replace(/'/g, ''));
}

/** The runs of non-space characters of `text`, in order: the words of a line as a reader counts them. */
export function spaceSeparated(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
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
