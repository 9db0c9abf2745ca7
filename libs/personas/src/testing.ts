import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPromptsDir } from './prompt-file';

/** A throwaway copy of the real `prompts/` directory that a test may break; removed by `cleanup()`. */
export function copyOfPrompts(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-prompts-'));
  cpSync(defaultPromptsDir(), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
