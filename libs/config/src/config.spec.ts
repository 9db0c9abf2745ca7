import { parseConfig } from './config';
import { errorMessage } from '@parley/core';

describe('parseConfig', () => {
  it('applies defaults when nothing is configured', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.EMBEDDINGS).toBe('glove');
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('lists every bad variable in one error', () => {
    let message = '';
    try {
      parseConfig({ PORT: 'abc', EMBEDDINGS: 'word2vec', DATABASE_URL: 'nope' });
    } catch (e) {
      message = errorMessage(e);
    }
    for (const name of ['PORT', 'EMBEDDINGS', 'DATABASE_URL']) expect(message).toContain(name);
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ OPENAI_API_KEY: '' }).OPENAI_API_KEY).toBeUndefined();
  });
});
