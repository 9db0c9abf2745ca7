/** Text with typographic variants folded away, and for each folded character its source range. */
export interface FoldedText {
  text: string;
  starts: number[];
  ends: number[];
}

const DOUBLE_QUOTES = /["“”„‟«»″]/;
const SINGLE_QUOTES = /['‘’‚‛′`]/;
const DASHES = /[‐‑‒–—―−-]/;
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;

/**
 * Folds what a model may change when copying a quotation without changing its words: curly and
 * straight quotes and apostrophes, dash variants, runs of whitespace, `…` versus `...`, invisible
 * characters. Nothing else (not case, not punctuation) is folded. Every folded character maps back
 * to the source characters it stands for.
 */
export function foldTypography(text: string): FoldedText {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (s: string, start: number, end: number) => {
    for (const c of s) {
      out.push(c);
      starts.push(start);
      ends.push(end);
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (INVISIBLE.test(c)) continue;
    if (/\s/.test(c)) {
      let j = i;
      while (j + 1 < text.length && (/\s/.test(text[j + 1]) || INVISIBLE.test(text[j + 1]))) j++;
      push(' ', i, j + 1);
      i = j;
    } else if (DOUBLE_QUOTES.test(c)) push('"', i, i + 1);
    else if (SINGLE_QUOTES.test(c)) push("'", i, i + 1);
    else if (DASHES.test(c)) push('-', i, i + 1);
    else if (c === '…') push('...', i, i + 1);
    else push(c, i, i + 1);
  }
  return { text: out.join(''), starts, ends };
}
