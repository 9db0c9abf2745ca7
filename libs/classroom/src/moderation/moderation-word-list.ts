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

const PRONOUN = '(?:you|u|ya|him|her|them|everyone|everybody|your family)';

export const MODERATION_RULES: readonly ModerationRule[] = [
  // Threats against people in the room or school.
  {
    category: 'violence/threatening',
    pattern: new RegExp(
      `\\b(?:i(?:'?ll| will|'?m going to|m gonna|'?m gonna| am going to| am gonna| gonna| want to)|gonna|going to)\\s+(?:kill|murder|shoot|stab|hurt|beat up|strangle)\\s+${PRONOUN}\\b`,
    ),
  },
  {
    category: 'violence/threatening',
    pattern: /\b(?:shoot|bomb|blow) up (?:the|my|our|this) (?:school|class|classroom)\b/,
  },
  { category: 'violence/threatening', pattern: /\b(?:kill|murder|stab|shoot) (?:you|u|yourself|urself)\b/ },
  // Self-harm: a student in distress should reach a human, not a persona.
  { category: 'self-harm', pattern: /\b(?:kill|hurt|cut|harm) (?:myself|my self)\b/ },
  { category: 'self-harm', pattern: /\b(?:i|i really) (?:want|wanna|am going|plan) to die\b/ },
  { category: 'self-harm', pattern: /\bend (?:my|it all|my own) life\b|\bend it all\b/ },
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

/** Lower-cases, removes accents, undoes common letter substitutions, joins spelled-out letters and squeezes stretched ones ("fuuuck"). */
export function normaliseForModeration(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[013457@$]/g, (c) => LEET[c] ?? c)
      .replace(/[’‘`]/g, "'")
      .replace(/\s+/g, ' ')
      // "f u c k" spelled out letter by letter
      .replace(/\b(?:[a-z] ){2,}[a-z]\b/g, (letters) => letters.replace(/ /g, ''))
      .replace(/([a-z])\1{2,}/g, '$1$1')
  );
}

/** The categories the offline list finds in `text`, each once. */
export function matchModerationRules(
  text: string,
  rules: readonly ModerationRule[] = MODERATION_RULES,
): string[] {
  const normalised = normaliseForModeration(text);
  const found = new Set<string>();
  for (const rule of rules) if (rule.pattern.test(normalised)) found.add(rule.category);
  return [...found];
}
