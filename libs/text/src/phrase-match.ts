/** A phrase as its words, in order. */
export type Phrase = readonly string[];

/** Length of the first phrase of `phrases` that starts at `words[i]`, 0 when none does. */
export function phraseAt(words: readonly string[], i: number, phrases: readonly Phrase[]): number {
  for (const p of phrases) if (p.length > 0 && p.every((w, k) => words[i + k] === w)) return p.length;
  return 0;
}

/** True when one of `phrases` starts at one of the `span` words from `from` (clamped to the words there are). */
export function phraseWithin(
  words: readonly string[],
  from: number,
  span: number,
  phrases: readonly Phrase[],
): boolean {
  for (let i = Math.max(0, from); i < Math.min(words.length, from + span); i++)
    if (phraseAt(words, i, phrases)) return true;
  return false;
}
