import { Inject, Injectable } from '@nestjs/common';
import type { Passage } from '@parley/contracts';
import { EMBEDDER, type Embedder } from '@parley/embeddings';
import { ExtractiveAnswerer, type ScoredSentence } from '@parley/llm';
import { PromptRenderer } from '@parley/personas';
import type { AnswerPolicy } from './answer-policy';
import type { GenerateInput } from './answer-generator';

/** The extractive reading of the passages: the offline answer, and how relevant their best evidence is. */
export interface Reading {
  /** The extractive answer; its `[n]` markers refer to `sources`. */
  text: string;
  /**
   * What the markers of `text` refer to: in persona mode each quote's own sentences (a citation then spans exactly
   * what it quotes, even two separate quotes of one passage); in historian mode the passages as retrieved.
   */
  sources: Passage[];
  /** The relevance model's score of the best candidate sentence (0 when there is none). */
  relevance: number;
  /** Every candidate sentence scored, with document offsets, when `explain` was asked. */
  candidates?: (ScoredSentence & { passage: Passage })[];
}

/**
 * Reads retrieved passages the way the offline answerer does, for the relevance gate (every answer, model or not)
 * and for the extractive draft.
 */
@Injectable()
export class PassageReader {
  private readonly extractive: ExtractiveAnswerer;

  constructor(
    @Inject(EMBEDDER) embedder: Embedder,
    private readonly prompts: PromptRenderer,
  ) {
    const softMatch = embedder.softMatch?.bind(embedder);
    this.extractive = new ExtractiveAnswerer(
      // A word-by-word match is already 0 for unrelated words: no further floor.
      softMatch
        ? { similarity: softMatch, similarityFloor: 0 }
        : { similarity: sentenceSimilarity(embedder) },
    );
  }

  /**
   * The extractive answer and the relevance of the best evidence in the passages. In historian mode each persona
   * found gets a voice; sides that fall below half the bar are left out.
   */
  async read(
    input: Pick<GenerateInput, 'persona' | 'mode' | 'debate'>,
    passages: Passage[],
    question: string,
    policy: AnswerPolicy,
    explain = false,
  ): Promise<Reading> {
    // Only the best-ranked passages: retrieval rank is a stronger signal than one sentence's word overlap.
    const top = input.mode === 'historian' ? passages : passages.slice(0, policy.extractivePassages);
    // The historian gives each figure found in the sources a voice: one extract per persona, markers kept
    // global by blanking the other personas' passages rather than renumbering.
    const groups = input.mode === 'historian' ? [...new Set(top.map((p) => p.persona))] : [null];
    const parts: Reading[] = [];
    // Every candidate scored, also of extracts that quote nothing (a question none of whose sentences can answer it).
    const scored: NonNullable<Reading['candidates']> = [];
    const templates = this.prompts.extractiveTemplates(input.mode);
    for (const persona of groups) {
      const result = await this.extractive.answer({
        // The standalone question: a follow-up ("and why?") alone says nothing about which sentences answer it.
        question,
        passages: persona === null ? top : top.map((p) => (p.persona === persona ? p : { ...p, text: '' })),
        persona: { id: input.persona.id, name: input.persona.name },
        mode: input.mode,
        // One opening for the whole answer: the figures after the first are introduced by their quotes alone.
        templates: parts.length === 0 ? templates : { ...templates, intro: [] },
        avoid: input.debate?.alreadyQuoted,
        relevanceModel: policy.relevanceModel,
        requireAnswerType: policy.requireAnswerType,
        // Persona mode has one extract, so its quotes can be numbered on their own; the historian's markers stay
        // global across the figures' extracts.
        numberQuotes: persona === null,
        explain,
      });
      const candidates = result.candidates?.map((c) => ({ ...c, passage: top[c.passageIndex] }));
      scored.push(...(candidates ?? []));
      const sources =
        persona === null
          ? result.used.map((u) => narrowed(top[u.passageIndex], u.quoteStart, u.quoteEnd))
          : passages;
      if (result.text) parts.push({ text: result.text, relevance: result.relevance, candidates, sources });
    }
    const best = Math.max(0, ...parts.map((p) => p.relevance));
    // The best side must answer the question; the other sides of a comparison need only half that evidence.
    const bar = relevanceBar(input, policy);
    const kept = parts.filter((p) => p.relevance >= (p.relevance === best ? 1 : 0.5) * bar);
    return {
      text: kept.map((p) => p.text).join('\n\n'),
      sources: kept[0]?.sources ?? [],
      relevance: best,
      candidates: explain ? scored : undefined,
    };
  }
}

/** The part `[start, end)` of a passage's text, as a passage of its own (offsets still into its document). */
function narrowed(p: Passage, start: number, end: number): Passage {
  return { ...p, text: p.text.slice(start, end), start: p.start + start, end: p.start + end };
}

/** The relevance an answer's best evidence must reach: a debate turn answers the motion the teacher set. */
export function relevanceBar(input: Pick<GenerateInput, 'debate'>, policy: AnswerPolicy): number {
  return input.debate ? policy.minDebateRelevance : policy.minRelevance;
}

/** Cosine similarity of question and sentence embeddings; the question's vector is computed once per question. */
function sentenceSimilarity(embedder: Embedder): (question: string, sentence: string) => Promise<number> {
  let lastQuestion = '';
  let questionVector: Promise<number[]> | null = null;
  return async (question, sentence) => {
    if (question !== lastQuestion || !questionVector) {
      lastQuestion = question;
      questionVector = embedder.embedQuery(question);
    }
    const [q, [s]] = await Promise.all([questionVector, embedder.embedDocuments([sentence])]);
    let dot = 0;
    for (let i = 0; i < q.length; i++) dot += q[i] * s[i];
    return dot;
  };
}
