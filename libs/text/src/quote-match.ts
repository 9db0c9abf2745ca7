import { foldTypography, type FoldedText } from './typography-fold';
import type { TextSpan } from './text-span';
import { wordSpans, type WordSpan } from './words';

/**
 * Where `quote` occurs in the source (folded comparison), as a range of the source's own text; also
 * tries the quote without the ellipses and closing punctuation a model adds around a cut quotation.
 */
export function findVerbatim(source: FoldedText, quote: string): TextSpan | null {
  for (const variant of quoteVariants(foldTypography(quote).text.trim())) {
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

/**
 * The source span closest to `quote` word for word (least word-level edit distance, any case and
 * punctuation), if at least `minSimilarity` of the quote's words survive: 1 − distance / words.
 */
export function findClosest(
  source: readonly WordSpan[],
  sourceText: string,
  quote: string,
  minSimilarity: number,
): (TextSpan & { similarity: number }) | null {
  const q = wordSpans(quote).map((t) => t.key);
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
  source: readonly WordSpan[],
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
