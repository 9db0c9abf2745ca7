import { speakerLabel, words } from '@parley/text';

/** What the attribution rule needs of a passage. */
export interface AttributedPassage {
  text: string;
  author: string;
  speaker: string | null;
}

/**
 * Whose words `passage.text[a, b)` are: the author when the passage records no speaker; in a
 * transcript (a speaker is recorded), the speaker labelled before the span (or the recorded one)
 * and every speaker labelled inside it.
 */
export function spanSpeakers(passage: AttributedPassage, a: number, b: number): string[] {
  if (passage.speaker === null) return [passage.author];
  let governing = passage.speaker;
  const inside = new Set<string>();
  for (const m of passage.text.matchAll(/(?:^|\n)([^\n]*)/g)) {
    const at = m.index + (m[0].startsWith('\n') ? 1 : 0);
    if (at >= b) break;
    const label = speakerLabel(m[1]);
    if (!label) continue;
    if (at <= a) governing = label.name;
    else inside.add(label.name);
  }
  return [...new Set([governing, ...inside])];
}

/**
 * True when `speaker` is one of `names`: the words of one (initials aside) are all words of the
 * other, so `L. D. Trotsky` matches `Trotsky` and `Leon Trotsky` matches `Trotsky`.
 */
export function isNamed(speaker: string, names: readonly string[]): boolean {
  const said = significantWords(speaker);
  if (said.length === 0) return false;
  return names.some((name) => {
    const own = significantWords(name);
    if (own.length === 0) return false;
    return own.every((w) => said.includes(w)) || said.every((w) => own.includes(w));
  });
}

/** True when `text` mentions `speaker` by surname (the last word of the name that is not an initial). */
export function mentionsSpeaker(text: string, speaker: string): boolean {
  const surname = significantWords(speaker).at(-1);
  return surname !== undefined && words(text).includes(surname);
}

function significantWords(name: string): string[] {
  return words(name).filter((w) => w.length > 1);
}
