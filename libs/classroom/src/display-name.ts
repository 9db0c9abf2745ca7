import { MAX_DISPLAY_NAME_CHARS } from '@parley/contracts';
import { confusableSkeleton } from '@parley/text';

// Suffixes tried on a name already in the session: "Anna (2)", "Anna (3)"… A session is a class, not a stadium.
const MAX_SUFFIX = 1000;

/** The words of a name as a reader sees them: same skeleton, same word (`Теacher` is `Teacher`). */
function skeletonWords(text: string): string[] {
  return confusableSkeleton(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

function containsWords(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  for (let i = 0; i + phrase.length <= words.length; i++)
    if (phrase.every((w, k) => words[i + k] === w)) return true;
  return false;
}

/** The first of `reserved` that `name` contains as whole words, compared by confusable skeleton; null when none. */
export function reservedNameIn(name: string, reserved: readonly string[]): string | null {
  const words = skeletonWords(name);
  return reserved.find((r) => containsWords(words, skeletonWords(r))) ?? null;
}

/** True when two names read the same (same confusable skeleton, ignoring case, spacing and punctuation). */
export function sameName(a: string, b: string): boolean {
  return skeletonWords(a).join(' ') === skeletonWords(b).join(' ');
}

/** `name`, or `name (n)` with the smallest n ≥ 2 that reads unlike every name in `taken`, within the length limit. */
export function uniqueDisplayName(name: string, taken: readonly string[]): string {
  const clashes = (candidate: string) => taken.some((t) => sameName(t, candidate));
  if (!clashes(name)) return name;
  for (let n = 2; n <= MAX_SUFFIX; n++) {
    const suffix = ` (${n})`;
    const candidate = `${[...name]
      .slice(0, MAX_DISPLAY_NAME_CHARS - suffix.length)
      .join('')
      .trimEnd()}${suffix}`;
    if (!clashes(candidate)) return candidate;
  }
  // Unreachable in a real class; the join is refused rather than given a name another student has.
  throw new Error(`no free display name for "${name}"`);
}
