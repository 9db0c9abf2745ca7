import { formatHumanDate } from './iso-date';
import { placeholdersOf, type Persona, type RefusalKind } from './persona.schema';
import { seedOf } from '@parley/text';

/** Values for refusal placeholders; `asOf` is an ISO date and is shown as `21 January 1924`. */
export interface RefusalVars {
  asOf?: string;
  event?: string;
  year?: number | string;
}

/**
 * One of the persona's in-character lines for `kind`, chosen deterministically from `seed` (e.g. the question)
 * among the variants whose placeholders can all be filled, so no line is left with a hole in it.
 */
export function refusalLine(
  persona: Persona,
  kind: RefusalKind,
  vars: RefusalVars = {},
  seed: string | number = 0,
): string {
  const values: Record<string, string> = { name: persona.name };
  if (vars.asOf) values.asOf = formatHumanDate(vars.asOf);
  if (vars.event) values.event = vars.event;
  if (vars.year !== undefined && vars.year !== '') values.year = String(vars.year);
  const lines = persona.refusals[kind];
  const usable = lines.filter((line) => placeholdersOf(line).every((p) => p in values));
  // Every kind is validated to have variants; if none fits the values, drop the holes from the plainest line.
  const template = pickVariant(usable.length > 0 ? usable : lines, seed);
  return template
    .replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** One of `lines`, chosen by `seed` (a number, or a text such as the question) so the same input gets the same line. */
export function pickVariant(lines: readonly string[], seed: string | number): string {
  const n = typeof seed === 'number' ? seed : seedOf(seed.trim().toLowerCase());
  return lines[n % lines.length];
}
