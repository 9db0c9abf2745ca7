/** A half-open range `[start, end)` of character offsets into a text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** True for the characters `String.prototype.trim` removes; `undefined` (past either end) is not whitespace. */
export function isWhitespace(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  // Fast path for ASCII; the regex decides the rest with the same notion of whitespace as `trim()`.
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(ch);
}

/** `[start, end)` without leading and trailing whitespace (empty, at `start`'s trimmed position, when blank). */
export function trimSpan(text: string, start: number, end: number): TextSpan {
  let s = start;
  let e = end;
  while (s < e && isWhitespace(text[s])) s++;
  while (e > s && isWhitespace(text[e - 1])) e--;
  return { start: s, end: e };
}
