import type { SearchMode } from '@parley/retrieval';
import { ANSWERABLE, type EvalItem, type Gold } from './eval-dataset.schema';

/** A span of a corpus document. */
export interface Span {
  source: string;
  start: number;
  end: number;
}

/**
 * Gold spans located in their documents, by quote (its first occurrence) or by offsets; a gold passage that
 * cannot be found, or whose offsets run past the end of its document, is reported, not guessed.
 */
export function locateGold(gold: Gold[], texts: Map<string, string>): { spans: Span[]; missing: string[] } {
  const spans: Span[] = [];
  const missing: string[] = [];
  for (const g of gold) {
    const text = texts.get(g.file);
    if ('quote' in g) {
      const at = text ? text.indexOf(g.quote) : -1;
      if (at < 0) missing.push(`${g.file}: ${g.quote.slice(0, 40)}…`);
      else spans.push({ source: g.file, start: at, end: at + g.quote.length });
    } else if (text === undefined || g.end > text.length) {
      missing.push(
        `${g.file}: ${g.start}-${g.end} ${text === undefined ? '(no such document)' : `(past its end, ${text.length} characters)`}`,
      );
    } else spans.push({ source: g.file, start: g.start, end: g.end });
  }
  return { spans, missing };
}

export function overlaps(a: Span, b: Span): boolean {
  return a.source === b.source && a.start < b.end && b.start < a.end;
}

/** True when one of the first k retrieved spans overlaps a gold span. */
export function hitAt(retrieved: Span[], gold: Span[], k: number): boolean {
  return retrieved.slice(0, k).some((r) => gold.some((g) => overlaps(r, g)));
}

/**
 * True when one of the first k retrieved spans comes from a gold document, wherever in it: beside `hitAt`, this
 * tells a question whose document was not found from one whose document was found but not the passage.
 */
export function documentHitAt(retrieved: Span[], gold: Span[], k: number): boolean {
  return retrieved.slice(0, k).some((r) => gold.some((g) => g.source === r.source));
}

export interface RetrievalSummary {
  mode: SearchMode;
  /** Answerable items with a gold passage found in the corpus: the ones the figures are shares of. */
  items: number;
  recallAt5: number | null;
  recallAt10: number | null;
  /** Share of those items with a passage of a gold document (anywhere in it) among the first 5 / 10. */
  documentRecallAt5: number | null;
  documentRecallAt10: number | null;
}

/** Passage and document recall of one retrieval mode, over the answerable items that have gold spans. */
export function summariseRetrieval(
  mode: SearchMode,
  items: Pick<EvalItem, 'type'>[],
  ranked: Span[][],
  gold: Span[][],
): RetrievalSummary {
  const answerable = items
    .map((_, i) => i)
    .filter((i) => ANSWERABLE.includes(items[i].type) && gold[i].length > 0);
  const hits = (k: number, hit = hitAt) => answerable.filter((i) => hit(ranked[i], gold[i], k)).length;
  return {
    mode,
    items: answerable.length,
    recallAt5: ratio(hits(5), answerable.length),
    recallAt10: ratio(hits(10), answerable.length),
    documentRecallAt5: ratio(hits(5, documentHitAt), answerable.length),
    documentRecallAt10: ratio(hits(10, documentHitAt), answerable.length),
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

export function fmt(x: number | null): string {
  return x === null ? '   n/a' : x.toFixed(2).padStart(6);
}
