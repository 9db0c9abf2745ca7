import type { INestApplicationContext } from '@nestjs/common';
import { CorpusRepository } from '@parley/corpus';
import { PersonaRegistry } from '@parley/personas';
import { RetrievalService, type RetrievalTuning, type SearchMode } from '@parley/retrieval';
import type { EvalItem } from './eval-dataset.schema';
import { locateGold, type Span } from './eval-metrics';

/** Passages retrieved per item for the recall figures. */
export const RETRIEVED_K = 10;

/** Each item's gold spans, located in the ingested documents; a gold passage that cannot be found is warned about. */
export async function goldSpans(app: INestApplicationContext, items: EvalItem[]): Promise<Span[][]> {
  const corpus = app.get(CorpusRepository);
  const files = [...new Set(items.flatMap((i) => i.gold.map((g) => g.file)))];
  const texts = new Map<string, string>();
  for (const f of files) {
    const doc = await corpus.findDocument(f);
    if (doc) texts.set(f, doc.text);
  }
  return items.map((item) => {
    const { spans, missing } = locateGold(item.gold, texts);
    for (const m of missing) process.stderr.write(`warning: gold passage not found in the corpus: ${m}\n`);
    return spans;
  });
}

/** The first k passages retrieved for each item in one mode, under a tuning override (none: the defaults). */
export async function retrieveAll(
  app: INestApplicationContext,
  items: EvalItem[],
  mode: SearchMode,
  options: { k?: number; tuning?: Partial<RetrievalTuning> } = {},
): Promise<Span[][]> {
  const retrieval = app.get(RetrievalService);
  const personas = app.get(PersonaRegistry);
  const results: Span[][] = [];
  for (const item of items) {
    const asOf = personas.resolveAsOf(item.persona, item.asOf);
    const passages = await retrieval.search({
      persona: item.persona,
      query: item.question,
      asOf,
      k: options.k ?? RETRIEVED_K,
      mode,
      tuning: options.tuning,
    });
    results.push(passages.map((p) => ({ source: p.source, start: p.start, end: p.end })));
  }
  return results;
}
