import { foldDiacritics } from './diacritics';

// Matching of aliases and vocabulary against free text: both sides go through the same normalisation,
// so "Molotov–Ribbentrop", "molotov-ribbentrop" and "Molotov Ribbentrop" meet, as do "Molotov's" and "molotov".

/** Lower-cased words separated by single spaces, with one space at each end: diacritics, possessive 's and punctuation removed. */
export function normaliseForMatch(text: string): string {
  const words = foldDiacritics(text)
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    // Abbreviations with dots (U.S.S.R., U.N.) collapse to one word.
    .replace(/\b([a-z])\.(?=[a-z]\b)/g, '$1')
    .replace(/\b([a-z])\.(?=\s|$)/g, '$1')
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return words ? ` ${words} ` : ' ';
}

/** Where `phrase` (already normalised, without padding) occurs in `normText` as whole words, a plural -s/-es allowed; -1 if absent. */
export function phraseIndex(normText: string, phrase: string): number {
  for (const form of [phrase, `${phrase}s`, `${phrase}es`]) {
    const at = normText.indexOf(` ${form} `);
    if (at >= 0) return at;
  }
  return -1;
}

/** The words of a normalised text. */
export function wordsOf(normText: string): string[] {
  const trimmed = normText.trim();
  return trimmed ? trimmed.split(' ') : [];
}

/** Simple inflection-stripped forms of a word (plural, -ing, -ed), so vocabulary lists can hold base forms. */
export function wordForms(word: string): string[] {
  const forms = new Set([word]);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) forms.add(word.slice(0, -1));
  if (word.length > 4 && word.endsWith('es')) forms.add(word.slice(0, -2));
  if (word.length > 4 && word.endsWith('ies')) forms.add(`${word.slice(0, -3)}y`);
  if (word.length > 5 && word.endsWith('ing')) {
    forms.add(word.slice(0, -3));
    forms.add(`${word.slice(0, -3)}e`);
  }
  if (word.length > 4 && word.endsWith('ed')) {
    forms.add(word.slice(0, -2));
    forms.add(word.slice(0, -1));
  }
  return [...forms];
}
