import type { INestApplicationContext } from '@nestjs/common';
import type { Embedder } from '@parley/embeddings';
import {
  HybridSearchRepository,
  RetrievalService,
  type RetrievalTuning,
  type SearchMode,
} from '@parley/retrieval';
import { FIXTURE_PERSONAS, SECRETARY } from '../support/fixture-corpus';
import { searchTestDatabase, seedDocument, writeSearchStats } from './support/search-database';

// A small corpus of our own. Two of the secretary's 1910 passages hold the words asked ("hives", "kept") beside
// orchard, clover and swarm; a third says orchard, clover and swarm but not the words asked. Two later or foreign
// passages also hold the words asked, each beside a word (lavender, rosemary) that one more of the secretary's 1910
// passages uses and nothing else does: feedback that read them would lift that passage.
const QUESTION = 'Where were the hives kept?';
const FARM = [
  'The hives were kept in the orchard, where clover grew and the swarm wintered.',
  'We kept two hives under the old orchard wall; clover fed the swarm in June.',
  'Clover and apple blossom fed the swarm, and the orchard gave honey all summer.',
  'Lavender lined the path to the mill.',
  'Rosemary stood by the mill door.',
  'The ferry crossed the river twice a day.',
  'The tax on salt was raised again in spring.',
  'A printer in the town set the leaflets by night.',
];
const LATER = ['The hives were kept among lavender, lavender on every side.'];
const FOREIGN = ['The hives were kept by rosemary, rosemary in every bed.'];

/** No vectors: the fake embedder's space holds no chunk, so the order is the text leg's. */
const embedder: Embedder = {
  id: 'test-2d',
  dimension: 2,
  embedDocuments: (texts) => Promise.resolve(texts.map(() => [1, 0])),
  embedQuery: () => Promise.resolve([1, 0]),
};

describe('pseudo-relevance feedback (RM3 terms from the first pass)', () => {
  let app: INestApplicationContext;
  let repository: HybridSearchRepository;
  let retrieval: RetrievalService;
  let farm: string[];
  let later: string[];
  let foreign: string[];

  beforeAll(async () => {
    const started = await searchTestDatabase();
    app = started.app;
    repository = new HybridSearchRepository(started.db);
    retrieval = new RetrievalService(repository, embedder);
    const chunks = (texts: string[]) => texts.map((text) => ({ text }));
    farm = await seedDocument(started.db, { id: 'farm', title: 'Notes', year: '1910', chunks: chunks(FARM) });
    later = await seedDocument(started.db, {
      id: 'later',
      title: 'Notes',
      year: '1930',
      chunks: chunks(LATER),
    });
    foreign = await seedDocument(started.db, {
      id: 'foreign',
      title: 'Notes',
      year: '1910',
      chunks: chunks(FOREIGN),
      persona: FIXTURE_PERSONAS.founder,
    });
    await writeSearchStats(started.db);
  });
  afterAll(async () => {
    await app.close();
  });

  // A corpus of a dozen chunks: no df ceiling, or every word would count as common.
  const feedback: Partial<RetrievalTuning> = {
    feedbackChunks: 5,
    feedbackTerms: 10,
    feedbackWeight: 0.5,
    feedbackMaxDf: 1,
  };
  const search = (over: {
    persona?: string | null;
    asOf?: string | null;
    mode?: SearchMode;
    tuning?: Partial<RetrievalTuning>;
  }) => retrieval.search({ persona: SECRETARY, query: QUESTION, mode: 'text', k: 10, ...over });
  const ids = (passages: { chunkId: string }[]) => passages.map((p) => p.chunkId);

  it('finds only the passages holding the words asked when feedback is off', async () => {
    const plain = await search({ asOf: '1920-01-01' });
    expect(ids(plain).sort()).toEqual([farm[0], farm[1]].sort());
  });

  it('lifts a passage that shares no word with the question but shares words with the best passages', async () => {
    const lifted = await search({ asOf: '1920-01-01', tuning: feedback });
    expect(ids(lifted).slice(0, 2).sort()).toEqual([farm[0], farm[1]].sort());
    expect(ids(lifted)[2]).toBe(farm[2]);
  });

  it('lifts it too when the first pass is the hybrid search', async () => {
    const lifted = await search({
      asOf: '1920-01-01',
      mode: 'hybrid',
      tuning: { ...feedback, feedbackHybrid: 1 },
    });
    expect(ids(lifted)).toContain(farm[2]);
  });

  it('never reads a passage written after the as-of date', async () => {
    // Without a date the later passage is among the best and lends its word to the mill passage.
    expect(ids(await search({ tuning: feedback }))).toContain(farm[3]);
    const asOf = await search({ asOf: '1920-01-01', tuning: feedback });
    expect(ids(asOf)).not.toContain(farm[3]);
    expect(ids(asOf)).not.toContain(later[0]);
  });

  it("never reads another persona's passage", async () => {
    // Searching every persona, the founder's passage lends its word to the secretary's passage on the mill door.
    expect(ids(await search({ persona: null, asOf: '1920-01-01', tuning: feedback }))).toContain(farm[4]);
    const own = await search({ asOf: '1920-01-01', tuning: feedback });
    expect(ids(own)).not.toContain(farm[4]);
    expect(ids(own)).not.toContain(foreign[0]);
  });

  it("reads no lexeme of a chunk the search's filters exclude, even when asked for it by id", async () => {
    const rows = await repository.feedbackLexemes({
      ids: [later[0], foreign[0], farm[0]],
      words: ['hives', 'kept'],
      persona: SECRETARY,
      asOf: '1920-01-01',
    });
    expect(new Set(rows.map((r) => r.chunk_id))).toEqual(new Set([farm[0]]));
    expect(
      rows
        .filter((r) => r.asked)
        .map((r) => r.lexeme)
        .sort(),
    ).toEqual(['hive', 'kept']);
  });
});
