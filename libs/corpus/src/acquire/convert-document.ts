import { htmlToText } from '../html-to-text';
import { markdownToText } from '../markdown-to-text';
import { normaliseText } from '../text-normaliser';
import type { CatalogEntry, OriginFormat, PartRule } from './catalog.schema';
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

function toText(bytes: Uint8Array, format: OriginFormat, rule: PartRule | undefined): string {
  switch (format) {
    case 'html':
      return normaliseText(htmlToText(decodeOriginBytes(bytes)));
    case 'markdown':
      return markdownToText(decodeOriginBytes(bytes));
    case 'text':
      return plainTextToText(decodeOriginBytes(bytes));
    case 'epub': {
      const wanted = rule?.items;
      const items = readEpub(bytes).filter((it) => !wanted || wanted.some((w) => it.path.endsWith(w)));
      return normaliseText(items.map((it) => htmlToText(it.html)).join('\n\n'));
    }
  }
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Index of the first paragraph at or after `from` that starts with `marker`; a missing marker is an error. */
function findMarker(paragraphs: readonly string[], marker: string, from: number, what: string): number {
  const wanted = squash(marker);
  for (let i = from; i < paragraphs.length; i++) if (paragraphs[i].startsWith(wanted)) return i;
  throw new PartRuleError(`${what} marker "${marker}" not found`);
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
