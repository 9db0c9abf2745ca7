import { normaliseForModeration } from '@parley/text';
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
