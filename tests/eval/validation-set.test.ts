import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { PersonaRegistry } from '@parley/personas';
import { EvalDatasetSchema, resolveGold } from '../../apps/cli/src/eval/eval-dataset.schema';
import { SHARED_CORPUS } from '../support/test-env';

// eval/validation.json points into the corpus by offsets; a corpus that changed under it would make its figures
// silently wrong, so every gold span must still resolve to whole sentences' worth of words.
describe('eval/validation.json against the corpus', () => {
  const given = EvalDatasetSchema.parse(
    JSON.parse(readFileSync(join(projectRoot(), 'eval', 'validation.json'), 'utf8')),
  );
  const read = (file: string) => {
    const path = join(SHARED_CORPUS, file);
    return existsSync(path) ? readFileSync(path, 'utf8') : null;
  };

  it('names known personas, and gives gold to answerable items only', () => {
    const personas = PersonaRegistry.load();
    for (const item of given) {
      expect(personas.has(item.persona)).toBe(true);
      const answerable = ['factual', 'opinion', 'paraphrase'].includes(item.type);
      expect(item.gold.length > 0).toBe(answerable);
    }
  });

  it('resolves every gold span to text that starts and ends on a word boundary', () => {
    const items = resolveGold(given, read);
    for (const item of items) {
      for (const g of item.gold) {
        expect(g.quote).toMatch(/^\S[\s\S]*\S$/);
        expect(g.quote.split(/\s+/).length).toBeGreaterThanOrEqual(8);
        const text = read(g.file) ?? '';
        const at = text.indexOf(g.quote);
        expect(/[\p{L}\p{N}]/u.test(text[at - 1] ?? ' ') && /[\p{L}\p{N}]/u.test(g.quote[0])).toBe(false);
        const after = text[at + g.quote.length] ?? ' ';
        expect(/[\p{L}\p{N}]/u.test(after) && /[\p{L}\p{N}]/u.test(g.quote.at(-1) ?? '')).toBe(false);
      }
    }
  });
});
