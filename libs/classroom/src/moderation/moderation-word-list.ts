import { foldText } from '@parley/text';
import { harmCategories } from './harm-intent';
import { moderationLexicon, type ModerationLexicon } from './moderation-lexicon';

/**
 * The offline moderation list: patterns for what should not reach a persona from a classroom
 * without a teacher looking first. It is matched after `normaliseForModeration`, so write patterns
 * in plain lower-case letters. False positives only hold a message for the teacher, who can release it;
 * a history question ("How did Trotsky die?", "Why were so many killed in the purges?") must pass.
 */
export interface ModerationRule {
  category: string;
  pattern: RegExp;
}

export const MODERATION_RULES: readonly ModerationRule[] = [
  // Threats and self-harm in ordinary words are read by harm-intent.ts from prompts/lexicon/moderation.yaml.
  { category: 'self-harm', pattern: /\b(?:kys|kms)\b/ },
  // Harassment of people.
  {
    category: 'harassment',
    pattern:
      /\b(?:you(?:'re| are| r)|ur|he(?:'s| is)|she(?:'s| is))\s+(?:so |such )?(?:an? )?(?:stupid|idiot|moron|retard|ugly|fat|worthless|loser|dumb)\b/,
  },
  { category: 'harassment', pattern: /\b(?:stfu|shut the f\w* up)\b/ },
  // Slurs.
  { category: 'hate', pattern: /\bn(?:i|1)gg(?:a|er|ah|az|ers)s?\b/ },
  { category: 'hate', pattern: /\bf(?:a|4)gg?(?:ot|it)?s?\b/ },
  { category: 'hate', pattern: /\bretard(?:ed|s)?\b/ },
  { category: 'hate', pattern: /\b(?:kike|spic|chink|tranny|trannies|wetback|gook|raghead)s?\b/ },
  // Sexual content and profanity.
  {
    category: 'sexual',
    pattern: /\b(?:porn\w*|nudes?|sexting|blowjob|handjob|dildo|horny|cum|jerk off|wank\w*)\b/,
  },
  { category: 'sexual', pattern: /\b(?:send|show) (?:me )?(?:your )?(?:boobs|tits|dick|pussy)\b/ },
  { category: 'profanity', pattern: /\bf+u+c+k+\w*|\bmotherf\w*|\bwtf\b/ },
  {
    category: 'profanity',
    pattern: /\b(?:shit\w*|bullshit|cunts?|bitch\w*|asshole\w*|dickhead\w*|twats?|wankers?|whores?|sluts?)\b/,
  },
];

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
 * Lower-cases and folds the text (NFKC, invisible characters, look-alike letters of other scripts, accents: see
 * `foldText`), undoes digit and symbol substitutions inside words ("k1ll", "$hit"), joins letters split by
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

/** The categories the offline list and the intent reader find in `text`, each once. */
export function matchModerationRules(
  text: string,
  rules: readonly ModerationRule[] = MODERATION_RULES,
  lexicon: ModerationLexicon = moderationLexicon(),
): string[] {
  const normalised = normaliseForModeration(text);
  const found = new Set<string>(harmCategories(normalised, lexicon));
  for (const rule of rules) if (rule.pattern.test(normalised)) found.add(rule.category);
  return [...found];
}
