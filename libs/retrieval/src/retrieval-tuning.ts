import { z } from 'zod';

/**
 * Every tunable number of retrieval, validated. A call passes a partial override (`SearchOptions.tuning`), never a
 * change to a shared service; the defaults below were fitted as their comments say.
 */
export const RetrievalTuningSchema = z
  .object({
    /** Candidates each leg hands to fusion. */
    candidates: z.number().int().min(1).max(1000),
    /** Weight of the vector leg's normalised score beside the text leg's (weight 1); 0: the text leg alone. */
    vectorWeight: z.number().min(0).max(10),
    /** Weight of a chunk's best sentence-window BM25 beside its whole-chunk BM25 (0: chunk only). */
    passageWeight: z.number().min(0).max(10),
    /**
     * λ of the document–passage interpolation: a chunk's text score is (1 − λ)·passage + λ·document, each
     * normalised by its best value among the candidates; the document's score is its BM25 as one bag of words.
     */
    documentWeight: z.number().min(0).max(1),
    /** HNSW candidate list size (`hnsw.ef_search`). */
    efSearch: z.number().int().min(1).max(1000),
    /** Neighbours added per question word (0 disables query expansion). */
    expansions: z.number().int().min(0).max(20),
    /** Cosine a neighbour needs to be added. */
    expansionMinSimilarity: z.number().min(-1).max(1),
    /** Weight of an expansion term relative to the question's own words. */
    expansionWeight: z.number().min(0).max(1),
    /**
     * 1: the vector leg's weight is scaled by the share of the question's idf mass the embedder represents;
     * 0: it counts in full.
     */
    coverageWeighting: z.number().min(0).max(1),
    /**
     * 1: a chunk's heading, title and year lexemes count in its text-leg BM25 beside its own words; 0: its own words
     * only, as in the bm25 baseline.
     */
    metadataTerms: z.number().min(0).max(1),
    /**
     * 1: the vector leg also scores every text candidate outside its own top N, and normalises over the union, so
     * that fusion compares like with like; 0: a text candidate outside the vector top N scores 0 there.
     */
    vectorAllCandidates: z.number().min(0).max(1),
    /**
     * a: the vector leg's weight is scaled by 1 − a·h per question, h the largest share of the question's own idf
     * mass that one of the text leg's candidates holds in its own words (1: a passage holds every word asked); 0:
     * the weight is fixed.
     */
    vectorConfidence: z.number().min(0).max(1),
    /**
     * 1: the hybrid's top N and plain BM25's top N (N = `candidates`) are re-ranked together by the fitted model of
     * `prompts/rerank-model.yaml` (none there: no re-ranking); 0: the fused order.
     */
    rerank: z.number().min(0).max(1),
    /**
     * BM25 k1 of the text leg (chunk, sentence window and document scores): how fast a word's repeats stop adding
     * (0: presence only). The `bm25` baseline keeps 1.2 whatever this says.
     */
    textK1: z.number().min(0).max(5),
    /**
     * BM25 b of the text leg: how much a longer chunk, window or document is discounted for its length (0: not at
     * all; 1: in full). The `bm25` baseline keeps 0.75 whatever this says.
     */
    textB: z.number().min(0).max(1),
    /**
     * Pseudo-relevance feedback (RM3): the first pass's top k chunks lend their telling words to the final query
     * (0: no feedback, one pass). See `feedback-terms.ts`.
     */
    feedbackChunks: z.number().int().min(0).max(50),
    /** Words added from the feedback chunks, at most. */
    feedbackTerms: z.number().int().min(0).max(100),
    /** Weight of the best feedback word relative to the question's own words; the others in proportion. */
    feedbackWeight: z.number().min(0).max(1),
    /** 1: the first pass is the hybrid search; 0: the text leg alone. */
    feedbackHybrid: z.number().min(0).max(1),
    /** A word held by more than this share of all chunks is never added (too common to tell passages apart). */
    feedbackMaxDf: z.number().min(0).max(1),
    /**
     * Weight of a WordNet expansion term (a synonym of a question word, or with `wordnetRelations` 1 a near
     * relation) relative to the question's own words, times how likely both words are used in the linking sense
     * (`WordNet.related`); 0: no WordNet expansion.
     */
    wordnetWeight: z.number().min(0).max(2),
    /** 0: WordNet synonyms only; 1: also the lemmas of direct hypernyms, hyponyms and similar adjectives. */
    wordnetRelations: z.number().int().min(0).max(1),
    /** WordNet terms added per question word at most, the heaviest the corpus holds. */
    wordnetTerms: z.number().int().min(0).max(20),
    /**
     * Only question words held by at most this share of the chunks are expanded through WordNet (0: only words the
     * corpus lacks; 1: every word).
     */
    wordnetMaxShare: z.number().min(0).max(1),
  })
  .strict();

export type RetrievalTuning = z.infer<typeof RetrievalTuningSchema>;

/** A per-call override: any subset of the tuning, each value validated. */
export const RetrievalTuningOverrideSchema = RetrievalTuningSchema.partial().strict();

/**
 * vectorWeight, passageWeight, expansionWeight, metadataTerms and vectorAllCandidates were chosen on the 104
 * answerable items of three development sets (dev 23, validation 45, retrieval-dev2 36) by
 * `npm run eval -- --fit-retrieval --dataset ../shared/eval/dev.json --dataset eval/validation.json
 * --dataset eval/retrieval-dev2.json --grid '{"vectorWeight":[0,0.25,0.5,1],"passageWeight":[0,1],
 * "expansionWeight":[0,0.5],"metadataTerms":[0,1],"vectorAllCandidates":[0,1]}'` (64 tunings, documentWeight 0,
 * 5 folds, seed 20261207; 2026-12-07). Each fold's tuning was chosen on the other four and scored on its own; every
 * fold chose the same tuning, 0.5, 1, 0.5, 1, 1:
 *
 *   fold  items  held-out R@10  bm25 R@10
 *      1     21           0.67       0.57
 *      2     21           0.81       0.71
 *      3     21           0.76       0.52
 *      4     21           0.76       0.57
 *      5     20           0.60       0.45
 *   mean held-out R@10 0.72 ± 0.08, bm25 0.57 ± 0.10
 *
 * In-sample on all 104: 0.72 (the earlier defaults, vector weight 1 without the vector scores of text candidates,
 * 0.65; bm25 0.57). Per component, averaged over the rest of the grid, per fold: vector weight 0 → 0.25 helped in
 * four folds (+0.04 pooled), 0.25 → 0.5 and 0.5 → 1 were within noise (+0.01, −0.00); query expansion helped in four
 * (+0.03), heading/title terms in four (+0.02), passage windows in four (+0.01), the vector scores of every text
 * candidate in three (+0.01). The text leg with all of them off scores exactly as the bm25 baseline in every fold;
 * with them on it beats the bare baseline plus vector evidence (vector 1, union scores: 0.65) in all five folds.
 * documentWeight stays off (no fold chose it in the previous fit); the rest are unchanged from earlier stops.
 *
 * rerank stays 0: the re-ranker of `prompts/rerank-model.yaml` (`npm run eval -- --fit-rerank`, 5 folds over the 144
 * answerable items of dev, validation, retrieval-dev2 and retrieval-dev3) scored R@5 0.68 ± 0.07 / R@10 0.74 ± 0.06
 * out of fold against the hybrid's 0.66 ± 0.06 / 0.76 ± 0.07 (bm25 0.57 ± 0.10 / 0.64 ± 0.11): no gain at R@10.
 *
 * vectorConfidence stays 0: scaling the vector weight per question by how fully a passage holds the question's words
 * did not beat the fixed weight out of fold. `npm run eval -- --fit-retrieval --dataset ../shared/eval/dev.json
 * --dataset eval/validation.json --dataset eval/retrieval-dev2.json --dataset eval/retrieval-dev3.json --dataset
 * eval/retrieval-dev4.json --grid '{"vectorWeight":[0,0.25,0.5,0.75,1],"vectorConfidence":[0,0.5,1]}'` (15 tunings,
 * 192 answerable items, 5 folds, seed 20261207; 2026-12-07), beside the current defaults on the same folds:
 *
 *   fold  items  held-out R@10  chosen (vector, confidence)  defaults R@10  bm25 R@10
 *      1     39           0.69  1, 1                                  0.69       0.64
 *      2     39           0.90  0.25, 0                               0.92       0.85
 *      3     38           0.82  0.25, 0                               0.82       0.58
 *      4     38           0.79  0.75, 0.5                             0.76       0.71
 *      5     38           0.68  0.25, 0                               0.71       0.71
 *   mean held-out R@10 0.78 ± 0.09, defaults 0.78 ± 0.09, bm25 0.70 ± 0.10
 *
 * On retrieval-dev4 alone (48 items written to copy the held-out set's recipe; it reproduces its gap: hybrid 0.83,
 * text leg 0.88, bm25 0.88) the in-sample choice (0.75, 0.5) reaches 0.88 and a fixed vector weight of 0.25 0.90.
 * Over the five sets, the grid '{"vectorWeight":[0,0.25,0.5],"expansionWeight":[0,0.5],"metadataTerms":[0,1],
 * "passageWeight":[0,1]}' chose vector weight 0.25 (the rest as now) in four folds of five, held-out R@10 0.74, 0.90,
 * 0.82, 0.76, 0.68 against the defaults' 0.69, 0.92, 0.82, 0.76, 0.71: the same mean (0.78), ahead in one fold and
 * behind in two, so the default stays 0.5.
 *
 * textK1 and textB stay 1.2 and 0.75 (the formula's former constants and the bm25 baseline's). `npm run eval --
 * --fit-retrieval` over the same five sets with `--grid '{"textK1":[0.6,1.2,2.0],"textB":[0.3,0.75,1.0]}'` (9 tunings,
 * 192 items, 5 folds, seed 20261207; 2026-12-07):
 *
 *   fold  items  held-out R@10  chosen (k1, b)  defaults R@10  bm25 R@10
 *      1     39           0.69  2, 0.75                  0.69       0.64
 *      2     39           0.90  2, 0.75                  0.92       0.85
 *      3     38           0.84  1.2, 1                   0.82       0.58
 *      4     38           0.76  1.2, 1                   0.76       0.71
 *      5     38           0.74  1.2, 1                   0.71       0.71
 *   mean held-out R@10 0.79 ± 0.08, defaults 0.78 ± 0.09, bm25 0.70 ± 0.10
 *
 * One item of 192 ahead (two folds ahead, one behind), and every tuning of the grid within 0.76–0.79 in-sample: no
 * gain beyond noise. With vectorWeight 0.25 and 0.5 in the grid too, 0.77 ± 0.09 (behind in two folds, level in
 * three). README, "BM25 k1 and b of the text leg".
 *
 * feedbackChunks stays 0: pseudo-relevance feedback (RM3 terms from the first pass's best chunks) did not beat the
 * defaults out of fold over the same 192 items and folds. Grid '{"feedbackChunks":[0,5,10],"feedbackTerms":[10,20],
 * "feedbackWeight":[0.3,0.6],"feedbackHybrid":[0,1]}': held-out R@10 0.69, 0.87, 0.79, 0.71, 0.71 (0.75 ± 0.08)
 * against the defaults' 0.69, 0.92, 0.82, 0.76, 0.71 (0.78 ± 0.09; bm25 0.70 ± 0.10), behind in three folds; with
 * lighter weights ('"feedbackWeight":[0.1,0.2,0.3]', 10 terms) 0.69, 0.92, 0.82, 0.76, 0.68 (0.78 ± 0.10), level in
 * four and behind in one; after feedback lexemes were put last in the text leg's candidate budget, '{"feedbackChunks":
 * [0,5,10],"feedbackWeight":[0.1,0.3],"feedbackMaxDf":[0.05,0.1]}' gave exactly the defaults' R@10 in every fold.
 * feedbackTerms, feedbackWeight, feedbackHybrid and feedbackMaxDf only matter when it is on;
 * their values here are the best tuning in-sample (10 chunks: one more gold passage of 192 in the first ten), so
 * that `{"feedbackChunks":10}` alone turns that on (README, "Pseudo-relevance feedback").
 *
 * wordnetWeight stays 0 (WordNet expansion off): over the same five sets with `--grid '{"wordnetWeight":[0,0.25,0.5],
 * "wordnetRelations":[0,1]}'` (6 tunings, 192 items, 5 folds, seed 20261207; 2026-12-08) every fold chose it off,
 * held-out R@5 / R@10 0.69 ± 0.08 / 0.78 ± 0.09, the defaults' to the digit (bm25 0.63 ± 0.10 / 0.70 ± 0.10); every
 * WordNet tuning scored 0.750–0.771 at R@10 in-sample against 0.781 off (weight 1 in an earlier grid: 0.776). In
 * place of the GloVe neighbours (expansionWeight 0) WordNet synonyms recover most of their gain (0.776 against 0.781;
 * neither 0.760) but out of fold 0.76 ± 0.06.
 * A cap of 1 or 3 words per question word (wordnetTerms), the relations' weight shared among a synset's hyponyms, and
 * expanding only the words the corpus lacks or rarely holds (wordnetMaxShare 0, 0.01) were chosen by no fold either
 * (in-sample 0.750–0.776). README, "WordNet query expansion".
 */
export const DEFAULT_TUNING: RetrievalTuning = RetrievalTuningSchema.parse({
  candidates: 50,
  vectorWeight: 0.5,
  passageWeight: 1,
  documentWeight: 0,
  efSearch: 100,
  expansions: 3,
  expansionMinSimilarity: 0.6,
  expansionWeight: 0.5,
  coverageWeighting: 1,
  metadataTerms: 1,
  vectorAllCandidates: 1,
  vectorConfidence: 0,
  rerank: 0,
  textK1: 1.2,
  textB: 0.75,
  feedbackChunks: 0,
  feedbackTerms: 10,
  feedbackWeight: 0.1,
  feedbackHybrid: 1,
  feedbackMaxDf: 0.1,
  wordnetWeight: 0,
  wordnetRelations: 0,
  wordnetTerms: 3,
  wordnetMaxShare: 1,
});

/**
 * The tuning with the fields that cannot change its ranking dropped (the feedback's when there is no feedback), so
 * that a fit runs each distinct ranking once.
 */
export function effectiveTuning(tuning: Partial<RetrievalTuning>): Partial<RetrievalTuning> {
  const chunks = tuning.feedbackChunks ?? DEFAULT_TUNING.feedbackChunks;
  if (chunks > 0) return tuning;
  const rest: Partial<RetrievalTuning> = { ...tuning };
  for (const k of ['feedbackTerms', 'feedbackWeight', 'feedbackHybrid', 'feedbackMaxDf'] as const)
    delete rest[k];
  return rest;
}

/**
 * Parses a JSON tuning override (the CLI's `--tuning`): the override, or every problem in one message naming
 * the fields.
 */
export function parseTuningOverride(
  json: string,
): { tuning: Partial<RetrievalTuning> } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return { problem: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const parsed = RetrievalTuningOverrideSchema.safeParse(value);
  if (parsed.success) return { tuning: parsed.data };
  return {
    problem: parsed.error.issues
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`)
      .join('; '),
  };
}
