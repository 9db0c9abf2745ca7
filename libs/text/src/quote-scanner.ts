/** A quotation found in some text: `[start, end)` includes the marks, `[innerStart, innerEnd)` is what they enclose. */
export interface QuoteSpan {
  start: number;
  end: number;
  innerStart: number;
  innerEnd: number;
  open: string;
  close: string;
}

// Curly and angle quotes nest; their closing mark is unambiguous.
const NESTING: Record<string, string> = { '“': '”', '«': '»' };
const BLANK_LINE = /\n[ \t]*\n/;
// A single-quoted span counts as a quotation only from this many words: ‘…’ is also used for scare
// quotes and the closing mark doubles as the apostrophe, so short spans are too ambiguous to judge.
export const MIN_SINGLE_QUOTE_WORDS = 4;

/**
 * Finds the top-level quotations of `text`, left to right: “…” and «…» (nesting, may cross
 * paragraphs), "…" (within a paragraph) and ‘…’ (within a paragraph, at least four words). A span
 * enclosing no letter or digit is not a quotation. Unmatched marks are ordinary characters.
 * The verifier and `verifyInvariants` both read quotations through this one function.
 */
export function scanQuotes(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const span = quoteAt(text, i);
    if (span) {
      spans.push(span);
      i = span.end;
    } else i++;
  }
  return spans;
}

/** The quotation opening at `i`, if the mark there opens one. */
export function quoteAt(text: string, i: number): QuoteSpan | null {
  const open = text[i];
  let close = -1;
  if (open in NESTING) close = nestedClose(text, i, open, NESTING[open]);
  else if (open === '"') close = straightClose(text, i);
  else if (open === '‘' && opensSingle(text, i)) close = singleClose(text, i);
  if (close < 0) return null;
  const span = { start: i, end: close + 1, innerStart: i + 1, innerEnd: close, open, close: text[close] };
  return isQuotation(text.slice(span.innerStart, span.innerEnd), open) ? span : null;
}

function isQuotation(inner: string, open: string): boolean {
  if (!/[\p{L}\p{N}]/u.test(inner)) return false;
  if (open !== '‘') return true;
  return (inner.match(/\S+/g)?.length ?? 0) >= MIN_SINGLE_QUOTE_WORDS;
}

function nestedClose(text: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let k = i; k < text.length; k++) {
    if (text[k] === open) depth++;
    else if (text[k] === close && --depth === 0) return k;
  }
  return -1;
}

function straightClose(text: string, i: number): number {
  const k = text.indexOf('"', i + 1);
  if (k < 0 || BLANK_LINE.test(text.slice(i, k))) return -1;
  return k;
}

function opensSingle(text: string, i: number): boolean {
  return i === 0 || /[\s([{“"«—–\-/]/.test(text[i - 1]);
}

/**
 * The ’ closing a single-quoted span: one not followed by a letter (that is an elision, `don’t`),
 * preferring one that does not look like a plural possessive (`workers’ party`).
 */
function singleClose(text: string, i: number): number {
  const limit = paragraphEnd(text, i);
  let first = -1;
  for (let k = i + 1; k < limit; k++) {
    if (text[k] !== '’' || /\s/.test(text[k - 1]) || /[\p{L}\p{N}]/u.test(text[k + 1] ?? '')) continue;
    const possessive = /s/i.test(text[k - 1]) && /^[ \t]+\p{Ll}/u.test(text.slice(k + 1, k + 3));
    if (!possessive) return k;
    if (first < 0) first = k;
  }
  return first;
}

function paragraphEnd(text: string, i: number): number {
  const m = BLANK_LINE.exec(text.slice(i));
  return m ? i + m.index : text.length;
}
