import { WordVectors } from './word-vectors';

/** A seeded table of random word vectors (specs): the same words and seed give the same table. */
export function syntheticVectors(words: readonly string[], dimension = 8, seed = 1): WordVectors {
  let state = seed >>> 0 || 1;
  // xorshift32: tiny, deterministic, good enough for test vectors.
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000 - 0.5;
  };
  return WordVectors.fromTable(
    Object.fromEntries(words.map((w) => [w, Array.from({ length: dimension }, next)])),
  );
}
