import { createHash } from 'node:crypto';
import { htmlToText } from '../html-to-text';
import { markdownToText } from '../markdown-to-text';
import { normaliseText } from '../text-normaliser';
import type { CatalogEntry, OriginFormat, ParagraphMarker, PartRule } from './catalog.schema';
import { readEpub } from './epub-reader';

export class PartRuleError extends Error {}

/** Origin bytes as text: UTF-8 when they are valid UTF-8, else Windows-1252 (what old hand-made pages are). */
export function decodeOriginBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** A plain-text file: hard-wrapped lines are joined, so a paragraph is one line as in every other format. */
export function plainTextToText(text: string): string {
  return normaliseText(text)
    .split(/\n[ \t]*\n/)
    .map((p) =>
      p
        .split('\n')
        .map((l) => l.trim())
        .join(' '),
    )
    .join('\n\n');
}

// A note reference: a link to a note elsewhere in the book whose text is only the note's number (`[12]`, `12`,
// `*`), with or without a `<sup>` around it. The number is the editor's apparatus, not the author's sentence.
const NOTE_REFERENCE =
  /(?:<sup\b[^>]{0,200}>\s{0,20})?<a\b[^>]{0,300}href\s*=\s*["'][^"'#]{0,200}#[^"']{0,100}["'][^>]{0,300}>\s{0,20}\[?\s{0,5}(?:\d{1,4}|\*{1,3})\s{0,5}\]?\s{0,20}<\/a>(?:\s{0,20}<\/sup>)?/gi;

/** HTML of an origin page without its note references. */
export function dropNoteReferences(html: string): string {
  return html.replace(NOTE_REFERENCE, '');
}

// Pandoc's Markdown: a note reference `[[\[1\]](#n1){#f1}]{.note}` goes with the space before it; any other bracketed
// span or anchor (`[text]{.class}`, `[]{#notes}`) keeps only its text.
const PANDOC_NOTE = /[ \t]*\[\[[^\n]{0,120}?\]\{\.note[^}\n]{0,100}\}/g;
// Emphasis whose markers sit on two lines of one paragraph is seen only once the lines are joined.
const STAR_EMPHASIS = /(\*{1,3})(?=[^\s*])([^*\n]{1,2000}?)(?<=[^\s*])\1/g;
const PANDOC_SPAN = /\[([^\][\n]{0,2000})\]\{[#.][^}\n]{0,200}\}/g;

/** Markdown text with soft line breaks read as the spaces they are, and Pandoc spans reduced to their text. */
function markdownOriginToText(markdown: string): string {
  const plain = markdownToText(markdown.replace(PANDOC_NOTE, '').replace(PANDOC_SPAN, '$1'));
  return plainTextToText(plain).replace(STAR_EMPHASIS, '$2');
}

function toText(bytes: Uint8Array, format: OriginFormat, rule: PartRule | undefined): string {
  switch (format) {
    case 'html':
      return normaliseText(htmlToText(dropNoteReferences(decodeOriginBytes(bytes))));
    case 'markdown':
      return markdownOriginToText(decodeOriginBytes(bytes));
    case 'text':
      return plainTextToText(decodeOriginBytes(bytes));
    case 'epub': {
      const wanted = rule?.items;
      const items = readEpub(bytes).filter((it) => !wanted || wanted.some((w) => it.path.endsWith(w)));
      return normaliseText(items.map((it) => htmlToText(dropNoteReferences(it.html))).join('\n\n'));
    }
  }
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

const fingerprint = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 16);

/**
 * The marker naming a paragraph by its first `chars` characters (default: up to 40, whole words) once whitespace is
 * squashed: what a part rule stores instead of the words themselves.
 */
export function paragraphMarker(paragraph: string, chars?: number): ParagraphMarker {
  const squashed = squash(paragraph);
  const n = chars ?? openingLength(squashed, 40);
  if (n < 1 || n > Math.min(200, squashed.length))
    throw new PartRuleError(`a marker covers 1 to 200 characters`);
  return { chars: n, sha256: fingerprint(squashed.slice(0, n)) };
}

/** The length of the longest run of whole words at the start of `s` within `max` characters (at least one word). */
function openingLength(s: string, max: number): number {
  if (s.length <= max) return s.length;
  const cut = s.lastIndexOf(' ', max);
  return Math.min(200, cut > 0 ? cut : s.indexOf(' ') > 0 ? s.indexOf(' ') : s.length);
}

const describe = (m: ParagraphMarker): string => `sha256:${m.sha256} (first ${m.chars} characters)`;

/** Index of the first paragraph at or after `from` that starts as `marker` says; a missing marker is an error. */
function findMarker(
  paragraphs: readonly string[],
  marker: ParagraphMarker,
  from: number,
  what: string,
): number {
  for (let i = from; i < paragraphs.length; i++) {
    const p = paragraphs[i];
    if (p.length >= marker.chars && fingerprint(p.slice(0, marker.chars)) === marker.sha256) return i;
  }
  throw new PartRuleError(`${what} marker ${describe(marker)} not found`);
}

const isBracketed = (p: string): boolean => /^\[[^]*\]$/.test(p) && !/\][^]*\[/.test(p.slice(1, -1));

/** Keeps the part of a converted file that `rule` names: its range, less its dropped ranges. */
export function applyPartRule(text: string, rule: PartRule | undefined): string {
  if (!rule) return text;
  const paragraphs = text.split(/\n{2,}/).map(squash);
  const start = rule.from ? findMarker(paragraphs, rule.from, 0, 'from') : 0;
  const end = rule.until ? findMarker(paragraphs, rule.until, start + 1, 'until') : paragraphs.length;
  const keep = paragraphs.map((_, i) => i >= start && i < end);
  let at = start;
  for (const drop of rule.drop ?? []) {
    const first = findMarker(paragraphs, drop.from, at, 'drop from');
    const last = drop.until ? findMarker(paragraphs, drop.until, first + 1, 'drop until') : first + 1;
    for (let i = first; i < last; i++) keep[i] = false;
    at = last;
  }
  const originals = text.split(/\n{2,}/);
  return originals
    .filter((p, i) => keep[i] && !(rule.dropBracketed && isBracketed(paragraphs[i])))
    .join('\n\n');
}

/** Converts one origin file and keeps the document's own part of it. */
export function convertOriginFile(bytes: Uint8Array, format: OriginFormat, rule?: PartRule): string {
  return normaliseText(applyPartRule(toText(bytes, format, rule), rule));
}

/**
 * The document's text from its origin files, given in catalogue order: each file converted and cut to its
 * part, the parts joined as paragraphs (each part brings its own section headings).
 */
export function convertDocument(entry: CatalogEntry, contents: readonly Uint8Array[]): string {
  const parts = entry.origin.files.map((file, i) => {
    try {
      return convertOriginFile(contents[i], entry.format, file.part);
    } catch (e) {
      throw new PartRuleError(`${file.path}: ${(e as Error).message}`);
    }
  });
  return normaliseText(parts.filter((p) => p.length > 0).join('\n\n'));
}
