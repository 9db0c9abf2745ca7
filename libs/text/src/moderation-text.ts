import { foldText } from './text-fold';

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

// Letters spelled out one by one with the same separator ("k.i.l.l", "k i l l", "k-i-l-l"): at least three letters.
const SPELLED_OUT =
  /(?<![a-z0-9'])[a-z]([\s.\-_*~+|/\\•·:]{1,3})[a-z](?![a-z0-9'])(?:\1[a-z](?![a-z0-9']))+/g;
// Punctuation inside a word ("ki.ll", "sh*t" stays a word): not apostrophes or hyphens, which words use.
const INSIDE_WORD = /(?<=[a-z])[._*~+|/\\•·^]+(?=[a-z])/g;

/**
 * The one reading of text for moderation (the classroom's list and intent reader, the personas' unsafe-request
 * guard). Lower-cases and folds the text (NFKC, invisible characters, look-alike letters of other scripts, accents:
 * see `foldText`), undoes digit and symbol substitutions inside words ("k1ll", "$hit"), joins letters split by
 * punctuation or spaces ("k.i.l.l", "k i l l", "ki.ll") and squeezes stretched letters ("fuuuck").
 */
export function normaliseForModeration(text: string): string {
  return foldText(text)
    .replace(/[’‘`ʼ′]/g, "'")
    .replace(/[\p{L}\p{N}@$]+/gu, (token) =>
      /\p{L}/u.test(token) ? token.replace(/[013457@$]/g, (c) => LEET[c] ?? c) : token,
    )
    .replace(/[^\S\n]+/g, ' ')
    .replace(SPELLED_OUT, (letters) => letters.replace(/[^a-z]/g, ''))
    .replace(INSIDE_WORD, '')
    .replace(/([a-z])\1{2,}/g, '$1$1');
}

/** The sentences of normalised text: split after a sentence's closing mark and at line breaks, the mark kept. */
export function moderationSentences(normalised: string): string[] {
  return normalised.split(/(?<=[.!?;])\s+|\n+/).filter((s) => s.trim() !== '');
}

/**
 * The words of a normalised sentence (or of a lexicon entry, so both are read alike): letters and digits, with
 * apostrophes inside a word kept ("i'll", "don't") and a leading one as its own word ("'em"); hyphens split words
 * ("self-harm" is "self harm"). With `commas`, each comma is a word too, so that an address before a request can be
 * found ("comrade chairman , write…").
 */
export function moderationWords(sentence: string, options: { commas?: boolean } = {}): string[] {
  const pattern = options.commas
    ? /[a-z0-9]+(?:'[a-z0-9]+)*|'[a-z]+|,/g
    : /[a-z0-9]+(?:'[a-z0-9]+)*|'[a-z]+/g;
  return sentence.match(pattern) ?? [];
}
