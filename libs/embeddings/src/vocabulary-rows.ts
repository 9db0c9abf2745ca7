import { compoundParts } from '@parley/text';

/**
 * Maps tokens to vocabulary rows, trying a compound whole before its parts; unknown tokens are
 * skipped (pure numbers, for one, have no row in the GloVe vocabulary).
 */
export function resolveTokens(tokens: readonly string[], vocabulary: ReadonlyMap<string, number>): number[] {
  const rows: number[] = [];
  for (const token of tokens) {
    const row = vocabulary.get(token);
    if (row !== undefined) {
      rows.push(row);
      continue;
    }
    for (const part of compoundParts(token)) {
      const partRow = vocabulary.get(part);
      if (partRow !== undefined) rows.push(partRow);
    }
  }
  return rows;
}
