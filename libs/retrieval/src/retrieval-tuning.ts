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
  })
  .strict();

export type RetrievalTuning = z.infer<typeof RetrievalTuningSchema>;

/** A per-call override: any subset of the tuning, each value validated. */
export const RetrievalTuningOverrideSchema = RetrievalTuningSchema.partial().strict();

/**
 * vectorWeight, passageWeight, documentWeight and expansionWeight: chosen by `npm run eval -- --fit-retrieval`
 * (see README, "Fitting retrieval") on the 68 answerable items of the two development sets. The rest are
 * unchanged from earlier stops.
 */
export const DEFAULT_TUNING: RetrievalTuning = RetrievalTuningSchema.parse({
  candidates: 50,
  vectorWeight: 1,
  passageWeight: 2,
  documentWeight: 0,
  efSearch: 100,
  expansions: 3,
  expansionMinSimilarity: 0.6,
  expansionWeight: 0.5,
  coverageWeighting: 1,
});

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
