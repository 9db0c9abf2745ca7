// Curly and typographic apostrophes all mean the ASCII one.
const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u2032\u00B4`]/g;
// Unicode hyphens become ASCII so "well‐known" matches "well-known"; soft hyphens vanish.
const HYPHENS = /[\u2010\u2011]/g;
const SOFT_HYPHEN = /\u00AD/g;
const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /[\u0080-\uffff]/;
// A word: letters/digits, joined by internal apostrophes or hyphens. Everything else separates words,
// so pure punctuation never becomes a token.
const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*'?/gu;

// Letters the vocabulary only knows in their ASCII spelling and NFD does not decompose.
const FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd' };
const FOLDABLE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'g');

// GloVe's tokeniser split clitics off ("do n't"), but this vocabulary has no clitic rows, so they
// become the words they stand for.
const NEGATIONS: Record<string, string> = {
  "can't": 'can',
  "won't": 'will',
  "shan't": 'shall',
  "ain't": 'is',
};
const CLITICS: [suffix: string, word: string][] = [
  ["n't", 'not'],
  ["'re", 'are'],
  ["'ve", 'have'],
  ["'ll", 'will'],
  ["'d", 'would'],
  ["'m", 'am'],
];

function normalise(text: string): string {
  let t = text.toLowerCase().replace(APOSTROPHES, "'");
  if (NON_ASCII.test(t)) {
    t = t
      .normalize('NFKD')
      .replace(COMBINING_MARKS, '')
      .replace(HYPHENS, '-')
      .replace(SOFT_HYPHEN, '')
      .replace(FOLDABLE, (c) => FOLDS[c]);
  }
  return t;
}

function pushWord(word: string, out: string[]): void {
  // Possessives carry no meaning of their own: "lenin's" and "workers'" are "lenin" and "workers".
  if (word.endsWith("'s")) word = word.slice(0, -2);
  else if (word.endsWith("'")) word = word.slice(0, -1);
  if (word.includes("'")) {
    const negation = NEGATIONS[word];
    if (negation) {
      out.push(negation, 'not');
      return;
    }
    for (const [suffix, expansion] of CLITICS) {
      if (word.endsWith(suffix) && word.length > suffix.length) {
        out.push(word.slice(0, -suffix.length), expansion);
        return;
      }
    }
  }
  if (word) out.push(word);
}

/**
 * Splits text into lower-case word tokens: diacritics folded, curly apostrophes straightened,
 * possessives dropped, clitics expanded ("don't" → do, not), punctuation dropped. Hyphenated and
 * other compound words stay whole; `resolveTokens` splits them when the whole is unknown.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of normalise(text).matchAll(WORD)) pushWord(match[0], out);
  return out;
}

/** The parts of a compound token ("anti-soviet" → anti, soviet); empty for a simple word. */
export function compoundParts(token: string): string[] {
  if (!token.includes('-') && !token.includes("'")) return [];
  return token.split(/['-]/).filter(Boolean);
}

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
