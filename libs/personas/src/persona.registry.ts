import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import { AppError, ErrorCode } from '@parley/core';
import { isRealDate } from './iso-date';
import { PersonaFileSchema, type Persona } from './persona.schema';
import { defaultPromptsDir, PromptFileError, readYamlFile } from './prompt-file';

/** Reads and validates every `*.yaml` persona file in `dir`; a bad file fails with its path in the message. */
export function loadPersonas(dir: string = join(defaultPromptsDir(), 'personas')): Persona[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => ['.yaml', '.yml'].includes(extname(f)))
      .sort();
  } catch (e) {
    throw new PromptFileError(
      dir,
      `cannot list persona files (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (files.length === 0) throw new PromptFileError(dir, 'holds no persona files (*.yaml)');
  return files.map((f) => {
    const file = join(dir, f);
    const persona = readYamlFile(file, PersonaFileSchema);
    // The file name is the persona's public id; a copied file with a stale id would shadow another persona.
    const expected = basename(f, extname(f));
    if (persona.id !== expected)
      throw new PromptFileError(file, `id: "${persona.id}" must match the file name "${expected}"`);
    return persona;
  });
}

/** The personas Parley can speak as, loaded once from `prompts/personas/*.yaml`. */
export class PersonaRegistry {
  private readonly logger = new Logger(PersonaRegistry.name);
  private readonly byId = new Map<string, Persona>();

  constructor(personas: readonly Persona[]) {
    for (const p of personas) {
      if (this.byId.has(p.id)) throw new Error(`persona "${p.id}" is defined twice`);
      this.byId.set(p.id, p);
    }
    this.logger.log(`${this.byId.size} personas: ${[...this.byId.keys()].join(', ')}`);
  }

  /** A registry of the persona files in `dir` (default `prompts/personas`). */
  static load(dir?: string): PersonaRegistry {
    return new PersonaRegistry(loadPersonas(dir));
  }

  /** Every persona, ordered by id. */
  /** The ids of every persona, sorted: what ingest accepts in a manifest's `persona` field. */
  ids(): string[] {
    return this.list().map((p) => p.id);
  }

  list(): Persona[] {
    return [...this.byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** True when a persona with this id exists (ids are case-insensitive). */
  has(id: string): boolean {
    return this.byId.has(id.trim().toLowerCase());
  }

  /** The persona with this id; throws `unknown_persona` (404) otherwise. */
  get(id: string): Persona {
    const persona = this.byId.get(id.trim().toLowerCase());
    if (!persona) {
      throw new AppError(
        ErrorCode.UnknownPersona,
        `There is no persona "${id}". Known personas: ${[...this.byId.keys()].join(', ')}.`,
      );
    }
    return persona;
  }

  /** The as-of date to speak from: `asOf` if it lies within the persona's life, the default when absent; else `as_of_out_of_range`. */
  resolveAsOf(id: string, asOf?: string | null): string {
    const persona = this.get(id);
    if (asOf === undefined || asOf === null || asOf === '') return persona.defaultAsOf;
    if (!isRealDate(asOf))
      throw new AppError(ErrorCode.ValidationFailed, `asOf: "${asOf}" is not a date written YYYY-MM-DD`);
    if (asOf < persona.born || asOf > persona.died) {
      throw new AppError(
        ErrorCode.AsOfOutOfRange,
        `${persona.name} can only speak as of a date between ${persona.born} and ${persona.died}.`,
        { born: persona.born, died: persona.died },
      );
    }
    return asOf;
  }
}
