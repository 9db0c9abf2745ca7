import { vocabularyTokens as tokenize } from '@parley/text';
import { resolveTokens } from './vocabulary-rows';

describe('resolveTokens', () => {
  const vocabulary = new Map(['well-known', 'anti', 'soviet', 'workers', 'o', 'clock'].map((w, i) => [w, i]));

  it('prefers a known compound whole, else its known parts', () => {
    expect(resolveTokens(tokenize('well-known anti-soviet workers'), vocabulary)).toEqual([0, 1, 2, 3]);
  });

  it('splits unknown words at inner apostrophes', () => {
    expect(resolveTokens(tokenize("five o'clock"), vocabulary)).toEqual([4, 5]);
  });

  it('skips unknown words and numbers', () => {
    expect(resolveTokens(tokenize('1917 zzyzx workers'), vocabulary)).toEqual([3]);
  });
});
