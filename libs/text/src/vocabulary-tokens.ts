import { foldDiacritics } from './diacritics';
import { CLITICS, NEGATIONS } from './lexicon.loader';

// Curly and typographic apostrophes all mean the ASCII one.
const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u2032\u00B4`]/g;
// Unicode hyphens become ASCII so "well‐known" matches "well-known"; soft hyphens vanish.
const HYPHENS = /[\u2010\u2011]/g;
const SOFT_HYPHEN = /\u00AD/g;
const NON_ASCII = /[\u0080-\uffff]/;
// A word: letters/digits, joined by internal apostrophes or hyphens. Everything else separates words,
// so pure punctuation never becomes a token.
const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*'?/gu;

function normalise(text: string): string {
  const t = text.toLowerCase().replace(APOSTROPHES, "'");
  if (!NON_ASCII.test(t)) return t;
  return foldDiacritics(t).replace(HYPHENS, '-').replace(SOFT_HYPHEN, '');
}

function pushWord(word: string, out: string[]): void {
  // Possessive endings add no meaning: "lenin's" and "workers'" are "lenin" and "workers".
  if (word.endsWith("'s")) word = word.slice(0, -2);
  else if (word.endsWith("'")) word = word.slice(0, -1);
  if (word.includes("'")) {
    const negation = NEGATIONS.get(word);
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
 * The words of `text` as a word-vector vocabulary (GloVe) spells them: lower-case, diacritics folded, curly
 * apostrophes straightened, possessives dropped, clitics expanded ("don't" → do, not), punctuation dropped.
 * Hyphenated and other compound words stay whole; `compoundParts` splits them when the whole is unknown.
 */
export function vocabularyTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of normalise(text).matchAll(WORD)) pushWord(match[0], out);
  return out;
}

/** The parts of a compound token ("anti-soviet" → anti, soviet); empty for a simple word. */
export function compoundParts(token: string): string[] {
  if (!token.includes('-') && !token.includes("'")) return [];
  return token.split(/['-]/).filter(Boolean);
}
