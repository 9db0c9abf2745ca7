import { isFittable } from './embedder';
import { GloveEmbedder } from './glove.embedder';
import { syntheticVectors } from './testing';
import { dot } from './vector-math';
import { WordVectors } from './word-vectors';

const vectors = syntheticVectors(
  [
    'the',
    'of',
    'and',
    'a',
    'workers',
    'seized',
    'factories',
    'party',
    'peasants',
    'land',
    'bread',
    'war',
    'peace',
    'cat',
    'sofa',
  ],
  8,
  3,
);
const CORPUS = [
  'The workers seized the factories.',
  'Peace, land and bread for the peasants!',
  'The party of the workers and of the peasants.',
  'A war of the workers against the war.',
];

async function fittedEmbedder(corpus = CORPUS, a?: number): Promise<GloveEmbedder> {
  const embedder = new GloveEmbedder({ vectors, a });
  await embedder.fit(corpus);
  return embedder;
}

describe('GloveEmbedder', () => {
  it('is a fittable embedder', () => {
    expect(isFittable(new GloveEmbedder({ vectors }))).toBe(true);
  });

  it('says which words its vectors represent: known words and compounds with a known part, not names or numbers', async () => {
    const embedder = new GloveEmbedder({ vectors });
    expect(await embedder.represents('Workers')).toBe(true);
    expect(await embedder.represents('peasants-workers')).toBe(true);
    expect(await embedder.represents('Napertskali')).toBe(false);
    expect(await embedder.represents('1908')).toBe(false);
  });

  it('matches a query word by word: a synonym counts, an unrelated or unknown word does not', async () => {
    const table = WordVectors.fromTable({
      liberty: [1, 0.1, 0, 0],
      freedom: [0.9, 0.25, 0, 0],
      state: [0, 0, 1, 0],
      soup: [0, 0, 0, 1],
      the: [0.3, 0.3, 0.3, 0.3],
    });
    const embedder = new GloveEmbedder({ vectors: table });
    await embedder.fit(['the state and liberty', 'freedom and the state', 'soup']);
    expect(await embedder.softMatch('liberty', 'the liberty of the state')).toBeCloseTo(1, 6);
    const synonym = await embedder.softMatch('liberty', 'freedom');
    expect(synonym).toBeGreaterThan(0.8);
    expect(synonym).toBeLessThan(1);
    expect(await embedder.softMatch('liberty', 'soup')).toBe(0);
    // Half the question (by weight) is a word without a vector: at most the other half can match.
    const known = await embedder.softMatch('liberty state', 'freedom of the state');
    const withUnknown = await embedder.softMatch('liberty Napertskali', 'freedom of the state');
    expect(withUnknown).toBeLessThan(known);
    expect(await embedder.softMatch('the', 'soup')).toBe(0);
  });

  it('refuses to embed before it is fitted, saying what to call', async () => {
    const embedder = new GloveEmbedder({ vectors });
    expect(embedder.isFitted).toBe(false);
    expect(embedder.id).toBe('glove-sif-8d:unfitted');
    await expect(embedder.embedQuery('workers')).rejects.toThrow(
      /not fitted.*fit\(corpusTexts\).*importState/,
    );
    await expect(embedder.embedDocuments(['workers'])).rejects.toThrow(/not fitted/);
    expect(() => embedder.exportState()).toThrow(/not fitted/);
  });

  it('names its space after the fitted state: a different corpus or a gives a different id', async () => {
    const embedder = await fittedEmbedder();
    expect(embedder.id).toMatch(/^glove-sif-8d:[0-9a-f]{8}$/);
    expect((await fittedEmbedder()).id).toBe(embedder.id);
    expect((await fittedEmbedder(CORPUS.slice(1))).id).not.toBe(embedder.id);
    expect((await fittedEmbedder(CORPUS, 1e-4)).id).not.toBe(embedder.id);
  });

  it('restores an exported state exactly: same id, identical vectors', async () => {
    const original = await fittedEmbedder();
    const restored = new GloveEmbedder({ vectors });
    restored.importState(JSON.parse(JSON.stringify(original.exportState())));
    expect(restored.isFitted).toBe(true);
    expect(restored.id).toBe(original.id);
    const texts = ['The workers seized the factories', 'cat on the sofa', 'peace', ''];
    expect(await restored.embedDocuments(texts)).toEqual(await original.embedDocuments(texts));
    expect(await restored.embedQuery('bread and peace')).toEqual(
      await original.embedQuery('bread and peace'),
    );
  });

  it('rejects a state that is not one it exported', () => {
    const embedder = new GloveEmbedder({ vectors });
    expect(() => embedder.importState({ kind: 'glove-sif', version: 1 })).toThrow(/invalid GloVe-SIF state/);
    expect(embedder.isFitted).toBe(false);
  });

  it('returns unit vectors of its dimension, one per document, in order', async () => {
    const embedder = await fittedEmbedder();
    const out = await embedder.embedDocuments(CORPUS);
    expect(out).toHaveLength(CORPUS.length);
    for (const v of out) {
      expect(v).toHaveLength(8);
      expect(Math.hypot(...v)).toBeCloseTo(1, 10);
    }
    expect(out[0]).toEqual(await embedder.embedQuery(CORPUS[0]));
  });

  it('embeds a text with no known word to a fixed unit vector similar to no passage', async () => {
    const embedder = await fittedEmbedder();
    const [empty, numbers, passage] = await embedder.embedDocuments(['', '1917 — 1924', 'the workers']);
    expect(numbers).toEqual(empty);
    expect(Math.hypot(...empty)).toBeCloseTo(1, 10);
    expect(Math.abs(dot(empty, passage))).toBeLessThan(1e-9);
  });

  it('weighs words by corpus frequency', async () => {
    const embedder = await fittedEmbedder();
    expect(embedder.weightOf('the')).toBeLessThan(embedder.weightOf('seized'));
  });
});
