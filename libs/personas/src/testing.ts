import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { CorpusProfile } from './corpus-profile';
import { PersonaRegistry } from './persona.registry';
import { defaultPromptsDir } from './prompt-file';
import type { WordSpace } from './word-neighbours';

/** A throwaway copy of the real `prompts/` directory that a test may break; removed by `cleanup()`. */
export function copyOfPrompts(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-prompts-'));
  cpSync(defaultPromptsDir(), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A made-up word space for a test: each word's vector as written in `table` (all of one dimension), others absent. */
export function tableSpace(table: Readonly<Record<string, readonly number[]>>): WordSpace {
  const dimension = Object.values(table)[0]?.length ?? 0;
  return { dimension, vectorOf: (w) => (table[w] ? Float32Array.from(table[w]) : undefined) };
}

/** The invented fixture material of `npm test` (tests/fixtures): its corpus as a topic profile and its first persona. */
export function fixtureTopicCorpus(): {
  corpus: CorpusProfile;
  persona: ReturnType<PersonaRegistry['list']>[number];
} {
  const fixtures = join(projectRoot(), 'tests', 'fixtures');
  const corpusDir = join(fixtures, 'corpus');
  const corpus = CorpusProfile.fromTexts(
    readdirSync(corpusDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(join(corpusDir, d.name)).map((f) => readFileSync(join(corpusDir, d.name, f), 'utf8')),
      ),
  );
  return { corpus, persona: PersonaRegistry.load(join(fixtures, 'personas')).list()[0] };
}
