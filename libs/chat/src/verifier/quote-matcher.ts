import type { TextSpan as TextRange } from '@parley/text';

/** Text with typographic variants folded away, and for each folded character its source range. */
export interface FoldedText {
  text: string;
  starts: number[];
  ends: number[];
}

/** A word of a text with its offsets, lower-cased for comparison. */
export interface Token {
  key: string;
  start: number;
  end: number;
}

/** Below this share of matching words a misquotation is not repaired but rejected. */
export const FUZZY_MIN_SIMILARITY = 0.8;

const DOUBLE_QUOTES = /["“”„‟«»″]/;
const SINGLE_QUOTES = /['‘’‚‛′`]/;
const DASHES = /[‐‑‒–—―−-]/;
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;

/**
 * Folds what a model may change when copying a quotation without changing its words: curly and
 * straight quotes and apostrophes, dash variants, runs of whitespace, `…` versus `...`, invisible
 * characters. Nothing else (not case, not punctuation) is folded.
 */
export function fold(text: string): FoldedText {
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

/**
 * Where `quote` occurs in the source (folded comparison), as a range of the source's own text; also
 * tries the quote without the ellipses and closing punctuation a model adds around a cut quotation.
 */
export function findVerbatim(source: FoldedText, quote: string): TextRange | null {
  for (const variant of quoteVariants(fold(quote).text.trim())) {
    const at = source.text.indexOf(variant);
    if (at >= 0) return { start: source.starts[at], end: source.ends[at + variant.length - 1] };
  }
  return null;
}

function quoteVariants(folded: string): string[] {
  const unwrapped = folded.replace(/^(?:\.\.\.|[ ,;:])+/, '').replace(/(?:\.\.\.|[ ,;:])+$/, '');
  const unpunctuated = unwrapped.replace(/[.,;:!?]+$/, '').trimEnd();
  return [...new Set([folded, unwrapped, unpunctuated])].filter((v) => /[\p{L}\p{N}]/u.test(v));
}

/** The words of `text` with their offsets. */
export function tokenize(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)].map((m) => ({
    key: m[0].toLowerCase().replace(/’/g, "'"),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * The source span closest to `quote` word for word (least word-level edit distance, any case and
 * punctuation), if at least `minSimilarity` of the quote's words survive: 1 − distance / words.
 */
export function findClosest(
  source: readonly Token[],
  sourceText: string,
  quote: string,
  minSimilarity = FUZZY_MIN_SIMILARITY,
): (TextRange & { similarity: number }) | null {
  const q = tokenize(quote).map((t) => t.key);
  const m = q.length;
  const n = source.length;
  if (m === 0 || n === 0) return null;
  const best = alignInside(q, source);
  const similarity = 1 - best.distance / m;
  if (best.from >= best.to || similarity < minSimilarity) return null;
  const start = source[best.from].start;
  let end = source[best.to - 1].end;
  // Keep the closing full stop (or ! ?) when the model's quotation had it too.
  const last = quote.trimEnd().slice(-1);
  if (/[.!?]/.test(last) && sourceText[end] === last) end++;
  return { start, end, similarity };
}

/**
 * Semi-global alignment of the quote's words against any window of the source's: the window
 * `[from, to)` of tokens with the least edit distance (earliest on ties), in O(quote × source).
 */
function alignInside(
  q: readonly string[],
  source: readonly Token[],
): { from: number; to: number; distance: number } {
  const n = source.length;
  let prev = new Int32Array(n + 1);
  let prevFrom = Int32Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Int32Array(n + 1);
  let curFrom = new Int32Array(n + 1);
  for (let i = 1; i <= q.length; i++) {
    cur[0] = i;
    curFrom[0] = 0;
    for (let j = 1; j <= n; j++) {
      let d = prev[j - 1] + (q[i - 1] === source[j - 1].key ? 0 : 1);
      let f = prevFrom[j - 1];
      if (prev[j] + 1 < d) {
        d = prev[j] + 1;
        f = prevFrom[j];
      }
      if (cur[j - 1] + 1 < d) {
        d = cur[j - 1] + 1;
        f = curFrom[j - 1];
      }
      cur[j] = d;
      curFrom[j] = f;
    }
    [prev, cur] = [cur, prev];
    [prevFrom, curFrom] = [curFrom, prevFrom];
  }
  let best = { from: 0, to: 0, distance: Number.POSITIVE_INFINITY };
  for (let j = 1; j <= n; j++) {
    if (prevFrom[j] < j && prev[j] < best.distance) best = { from: prevFrom[j], to: j, distance: prev[j] };
  }
  return best;
}
