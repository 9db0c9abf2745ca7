import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { PersonaRegistry } from '@parley/personas';
import { ANSWERABLE, parseDataset } from '../../apps/cli/src/eval/eval-dataset.schema';

// The anachronism development sets are plain data: they must stay usable by `npm run eval` (valid items, known
// personas, an as-of date inside each persona's life) and keep the make-up eval/README.md describes.
describe.each([
  ['anachronism-dev.json', 60, 30],
  ['anachronism-probe.json', 40, 15],
])('eval/%s', (file, minAnachronisms, minAnswerable) => {
  const parsed = parseDataset(readFileSync(join(projectRoot(), 'eval', file), 'utf8'));
  const items = 'items' in parsed ? parsed.items : [];
  const personas = PersonaRegistry.load();

  it('parses as an eval dataset', () => {
    expect('problems' in parsed ? parsed.problems : []).toEqual([]);
  });

  it('gives every item a known persona and an as-of date inside that persona’s life', () => {
    for (const item of items) expect(() => personas.resolveAsOf(item.persona, item.asOf)).not.toThrow();
  });

  it('holds anachronisms of all three personas, most naming no year, beside answerable-looking questions', () => {
    const anachronisms = items.filter((i) => i.type === 'anachronism');
    expect(anachronisms.length).toBeGreaterThanOrEqual(minAnachronisms);
    expect(new Set(anachronisms.map((i) => i.persona))).toEqual(new Set(['lenin', 'trotsky', 'stalin']));
    const withYear = anachronisms.filter((i) => /\b(?:18|19|20)\d\d\b/.test(i.question));
    expect(withYear.length).toBeLessThan(anachronisms.length / 2);
    expect(items.filter((i) => ANSWERABLE.includes(i.type)).length).toBeGreaterThanOrEqual(minAnswerable);
  });
});
