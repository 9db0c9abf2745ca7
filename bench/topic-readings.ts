import { existsSync, readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { PassageReader, TopicCorpus, atMostPerDocument, type AnswerPolicy, type Reading } from '@parley/chat';
import { CorpusRepository } from '@parley/corpus';
import { EMBEDDER, GloveEmbedder, type Embedder } from '@parley/embeddings';
import { PersonaRegistry, TopicGuard, type CorpusProfile, type Persona } from '@parley/personas';
import type { Passage } from '@parley/contracts';
import { RetrievalService } from '@parley/retrieval';

/** A development item as the topic benches read it (the fields they use). */
export interface DevQuestion {
  persona: string;
  question: string;
  type: string;
  asOf?: string;
}

/**
 * The items of `types` in each development set, with the set they came from; a set that is not there is skipped and
 * named. eval/test.json is never passed here.
 */
export function readDevQuestions(
  sets: readonly string[],
  types: ReadonlySet<string>,
): { file: string; item: DevQuestion }[] {
  const out: { file: string; item: DevQuestion }[] = [];
  for (const file of sets) {
    if (!existsSync(file)) {
      process.stdout.write(`skipped (not there): ${file}\n`);
      continue;
    }
    const raw = JSON.parse(readFileSync(file, 'utf8')) as DevQuestion[];
    for (const item of raw.filter((x) => types.has(x.type))) out.push({ file, item });
  }
  return out;
}

/**
 * The topic guard as the pipeline has it after start-up: the corpus profile, and with the GloVe embedder the word
 * vectors and the contexts of the corpus's words (the per-word sense decision).
 */
export async function topicGuardReady(
  app: INestApplicationContext,
): Promise<{ corpus: CorpusProfile; guard: TopicGuard; personas: PersonaRegistry }> {
  const corpus = await app.get(TopicCorpus).profile();
  const guard = app.get(TopicGuard);
  const embedder = app.get<Embedder>(EMBEDDER);
  if (embedder instanceof GloveEmbedder) {
    guard.useWordSpace(await embedder.wordVectors());
    guard.sensesOf(
      corpus,
      (await app.get(CorpusRepository).chunkTexts()).map((c) => c.text),
    );
  }
  return { corpus, guard, personas: app.get(PersonaRegistry) };
}

/**
 * What the pipeline reads for a question after retrieval: the passages it keeps (at most `maxPerDocument` of one
 * document) and the relevance gate's reading of them.
 */
export async function readAfterRetrieval(
  app: INestApplicationContext,
  persona: Persona,
  question: string,
  asOf: string,
  policy: AnswerPolicy,
): Promise<{ passages: Passage[]; reading: Reading }> {
  const found = await app.get(RetrievalService).search({
    persona: persona.id,
    query: question,
    asOf,
    k: policy.passages * 4,
  });
  const passages = atMostPerDocument(found, policy.maxPerDocument).slice(0, policy.passages);
  const reading = await app
    .get(PassageReader)
    .read({ persona, mode: 'persona', debate: undefined }, passages, question, policy);
  return { passages, reading };
}
