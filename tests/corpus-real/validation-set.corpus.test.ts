import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { loadCorpus } from '@parley/corpus';
import { PersonaRegistry } from '@parley/personas';
import { EvalDatasetSchema } from '../../apps/cli/src/eval/eval-dataset.schema';
import { locateGold } from '../../apps/cli/src/eval/eval-metrics';
import { REAL_CORPUS } from './support/real-corpus-env';

// eval/validation.json and eval/retrieval-dev2.json point into the ingested document texts by offsets; a corpus
// (or a normaliser) that changed under them would make their figures silently wrong, so every gold span must still
// resolve to whole words.
describe.each(['validation.json', 'retrieval-dev2.json'])('eval/%s against the corpus', (file) => {
  const items = EvalDatasetSchema.parse(JSON.parse(readFileSync(join(projectRoot(), 'eval', file), 'utf8')));
  const personas = PersonaRegistry.load();

  it('names known personas, and gives gold to answerable items only', () => {
    for (const item of items) {
      expect(personas.has(item.persona)).toBe(true);
      const answerable = ['factual', 'opinion', 'paraphrase'].includes(item.type);
      expect(item.gold.length > 0).toBe(answerable);
    }
  });

  it('resolves every gold span in the ingested text to at least eight words starting and ending on a word boundary', async () => {
    const { documents } = await loadCorpus(REAL_CORPUS, { knownPersonas: personas.ids() });
    const texts = new Map(documents.map((d) => [d.source, d.text]));
    const letter = /[\p{L}\p{N}]/u;
    for (const item of items) {
      const { spans, missing } = locateGold(item.gold, texts);
      expect(missing).toEqual([]);
      for (const s of spans) {
        const text = texts.get(s.source) ?? '';
        const quote = text.slice(s.start, s.end);
        expect(quote).toMatch(/^\S[\s\S]*\S$/);
        expect(quote.split(/\s+/).length).toBeGreaterThanOrEqual(8);
        expect(letter.test(text[s.start - 1] ?? ' ') && letter.test(quote[0])).toBe(false);
        expect(letter.test(text[s.end] ?? ' ') && letter.test(quote.at(-1) ?? '')).toBe(false);
      }
    }
  });
});
