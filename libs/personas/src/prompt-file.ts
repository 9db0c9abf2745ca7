import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { z } from 'zod';
import { describeIssues, projectRoot, errorMessage } from '@parley/core';

/** A prompt or data file under `prompts/` that cannot be read or fails validation; the message names the file. */
export class PromptFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'PromptFileError';
  }
}

/** The default `prompts/` directory of the project. */
export function defaultPromptsDir(): string {
  return join(projectRoot(), 'prompts');
}

/** Reads a UTF-8 file, turning a missing or unreadable file into a `PromptFileError`. */
export function readPromptText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new PromptFileError(
      file,
      `cannot be read (${(e as NodeJS.ErrnoException).code ?? errorMessage(e)})`,
    );
  }
}

/** Parses a YAML file and validates it with `schema`; any failure names the file and every bad field. */
export function readYamlFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = load(readPromptText(file));
  } catch (e) {
    if (e instanceof PromptFileError) throw e;
    throw new PromptFileError(file, `is not valid YAML: ${errorMessage(e).split('\n')[0]}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new PromptFileError(file, describeIssues(result.error.issues));
  return result.data;
}
