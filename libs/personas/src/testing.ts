import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
