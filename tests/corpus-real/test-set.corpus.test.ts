import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { loadCorpus } from '@parley/corpus';
import { PersonaRegistry } from '@parley/personas';
import { EvalDatasetSchema, type EvalItem } from '../../apps/cli/src/eval/eval-dataset.schema';
import { expectGoldOnWordBoundaries } from './support/gold-spans';
import { REAL_CORPUS } from './support/real-corpus-env';

const TEST_SET = join(projectRoot(), 'eval', 'test.json');
const VALIDATION_SET = join(projectRoot(), 'eval', 'validation.json');
const ANSWERABLE = ['factual', 'opinion', 'paraphrase'];
const REAL_PERSONAS = ['lenin', 'trotsky', 'stalin'];

function readSet(path: string): EvalItem[] {
  return EvalDatasetSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

function count(items: EvalItem[], type: string): number {
  return items.filter((i) => i.type === type).length;
}

// eval/test.json is the held-out set of Issue 16: it points into the ingested document texts by offsets, so a
// corpus (or a normaliser) that changed under it would make the figures it reports silently wrong. It names the
// real personas and the real corpus, so it runs under `npm run test:corpus`.
describe('eval/test.json, the held-out set, against the corpus', () => {
  const items = readSet(TEST_SET);
  const personas = PersonaRegistry.load();

  it('names known personas, gives gold to answerable items only, and sets asOf only before a death', () => {
    for (const item of items) {
      expect(personas.has(item.persona)).toBe(true);
      expect(item.gold.length > 0).toBe(ANSWERABLE.includes(item.type));
      if (item.asOf !== undefined) expect(() => personas.resolveAsOf(item.persona, item.asOf)).not.toThrow();
    }
  });

  it('keeps the composition Issue 16 asks for', () => {
    const answerable = items.filter((i) => ANSWERABLE.includes(i.type));
    expect(items.length).toBeGreaterThanOrEqual(100);
    expect(answerable.length).toBeGreaterThanOrEqual(66);
    for (const type of ANSWERABLE) expect(count(items, type)).toBeGreaterThanOrEqual(20);
    for (const persona of REAL_PERSONAS) {
      expect(answerable.filter((i) => i.persona === persona).length).toBeGreaterThanOrEqual(22);
    }
    expect(new Set(answerable.flatMap((i) => i.gold.map((g) => g.file))).size).toBeGreaterThanOrEqual(30);
    const anachronisms = items.filter((i) => i.type === 'anachronism');
    expect(anachronisms.length).toBeGreaterThanOrEqual(16);
    expect(anachronisms.filter((i) => !/\b\d{4}\b/.test(i.question)).length * 2).toBeGreaterThanOrEqual(
      anachronisms.length,
    );
    expect(anachronisms.some((i) => i.asOf !== undefined)).toBe(true);
    expect(count(items, 'offtopic')).toBeGreaterThanOrEqual(13);
    expect(count(items, 'unanswerable')).toBeGreaterThanOrEqual(13);
  });

  it('asks no question that the development set eval/validation.json already asks', () => {
    const asked = new Set(readSet(VALIDATION_SET).map((i) => i.question.trim().toLowerCase()));
    const repeated = items.filter((i) => asked.has(i.question.trim().toLowerCase())).map((i) => i.question);
    expect(repeated).toEqual([]);
  });

  it('resolves every gold span in the ingested text to at least eight words starting and ending on a word boundary', async () => {
    const { documents } = await loadCorpus(REAL_CORPUS, { knownPersonas: personas.ids() });
    expectGoldOnWordBoundaries(items, new Map(documents.map((d) => [d.source, d.text])), 700);
  });
});
