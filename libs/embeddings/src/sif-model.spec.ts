import { SifModel, fitSif, parseSifState } from './sif-model';
import { syntheticVectors } from './testing';
import { dot } from './vector-math';
import { vocabularyTokens as tokenize } from '@parley/text';
import { resolveTokens } from './vocabulary-rows';
import { WordVectors } from './word-vectors';

const WORDS = [
  'the',
  'of',
  'and',
  'workers',
  'factory',
  'factories',
  'strike',
  'party',
  'peasants',
  'land',
  'bread',
  'war',
  'cat',
  'sofa',
];
const CORPUS = [
  'The workers of the factory and the party.',
  'The peasants and the land, the bread and the war.',
  'The strike of the workers of the factories.',
  'The party of the workers and the peasants.',
  'Bread and land and peace of the war.',
];

// Real word vectors share a common direction; the synthetic ones get one too, so the principal
// component has something to find.
function vectorsWithCommonDirection(): WordVectors {
  const random = syntheticVectors(WORDS, 8, 7);
  const matrix = random.matrix.map((x, i) => x + (i % 8 === 0 ? 2 : 0));
  return new WordVectors(random.words, matrix, 8);
}

const vectors = vectorsWithCommonDirection();
const rowsOf = (text: string) => resolveTokens(tokenize(text), vectors.index);
const fitted = () => new SifModel(fitSif(CORPUS.map(rowsOf), vectors, 1e-3));

describe('SIF weighting', () => {
  it('gives a frequent word less weight than a rare one, and an unseen word the most', () => {
    const model = fitted();
    expect(model.weightOf('the')).toBeLessThan(model.weightOf('workers'));
    expect(model.weightOf('workers')).toBeLessThan(model.weightOf('strike'));
    expect(model.weightOf('strike')).toBeLessThan(model.weightOf('cat'));
    expect(model.weightOf('cat')).toBeLessThan(1);
  });

  it('counts every known token of the corpus', () => {
    const state = fitSif(CORPUS.map(rowsOf), vectors, 1e-3);
    expect(state.total).toBe(CORPUS.map(rowsOf).reduce((n, r) => n + r.length, 0));
    expect(state.counts[state.words.indexOf('the')]).toBe(14);
    expect(state.words).toEqual([...state.words].sort());
  });
});

describe('principal component removal', () => {
  it('leaves every embedded text orthogonal to the principal component, at unit length', () => {
    const model = fitted();
    const pc = model.state.principalComponent;
    expect(Math.hypot(...pc)).toBeCloseTo(1, 10);
    for (const text of [...CORPUS, 'cat on the sofa', 'war']) {
      const v = model.embedRows(rowsOf(text), vectors);
      expect(Math.abs(dot(v, pc))).toBeLessThan(1e-9);
      expect(Math.hypot(...v)).toBeCloseTo(1, 10);
    }
  });

  it('finds the common direction the corpus vectors share', () => {
    const pc = fitted().state.principalComponent;
    // The shared offset lives on axis 0, so the component points mostly along it.
    expect(Math.abs(pc[0])).toBeGreaterThan(0.9);
  });

  it('is reproducible: refitting the same corpus gives the same state and fingerprint', () => {
    const a = fitted();
    const b = fitted();
    expect(b.state).toEqual(a.state);
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('embeds a text with no known word as the principal component, similar to nothing', () => {
    const model = fitted();
    const empty = model.embedRows([], vectors);
    expect(dot(empty, model.state.principalComponent)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(empty, model.embedRows(rowsOf('the workers'), vectors)))).toBeLessThan(1e-9);
  });
});

describe('parseSifState', () => {
  const state = () => fitSif(CORPUS.map(rowsOf), vectors, 1e-3);

  it('accepts an exported state after a JSON round trip', () => {
    expect(parseSifState(JSON.parse(JSON.stringify(state())), 8)).toEqual(state());
  });

  it('names what is wrong with a bad state', () => {
    expect(() => parseSifState({ ...state(), total: 1 }, 8)).toThrow(/total/);
    expect(() => parseSifState({ ...state(), counts: [1] }, 8)).toThrow(/counts/);
    expect(() => parseSifState({ ...state(), a: -1 }, 8)).toThrow(/a:/);
    expect(() => parseSifState(state(), 100)).toThrow(/100/);
    expect(() => parseSifState('nope', 8)).toThrow(/invalid GloVe-SIF state/);
  });
});
