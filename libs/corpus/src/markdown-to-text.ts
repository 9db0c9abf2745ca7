import { htmlToText } from './html-to-text';
import { normaliseText } from './text-normaliser';

// Backslash escapes are swapped for private-use characters while markup is stripped, so `\*` is never
// mistaken for emphasis, then swapped back for the bare character.
const ESCAPABLE = '\\`*_{}[]()#+-.!>|~';
const SENTINEL_BASE = 0xe000;

function protectEscapes(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, (_m, ch: string) =>
    String.fromCharCode(SENTINEL_BASE + ESCAPABLE.indexOf(ch)),
  );
}

function restoreEscapes(text: string): string {
  return text.replace(/[\ue000-\ue011]/g, (ch) => ESCAPABLE[ch.charCodeAt(0) - SENTINEL_BASE]);
}

/** Drops a leading `---` … `---` YAML block (Jekyll and Hugo pages carry their metadata there). */
function stripFrontMatter(text: string): string {
  if (!/^---[ \t]*\n/.test(text)) return text;
  const close = /\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text.slice(3));
  return close ? text.slice(3 + close.index + close[0].length) : text;
}

/** `## Title ##` → `Title`; any other line is returned as it is. */
function stripHeadingMarker(line: string): string {
  const m = /^#{1,6}(?=[ \t]|$)/.exec(line);
  if (!m) return line;
  let content = line.slice(m[0].length).trim();
  // A closing run of `#` is decoration only when a space separates it from the title.
  let end = content.length;
  while (end > 0 && content[end - 1] === '#') end--;
  if (end < content.length && (end === 0 || content[end - 1] === ' ' || content[end - 1] === '\t')) {
    content = content.slice(0, end).trimEnd();
  }
  return content;
}

function stripBlockquote(line: string): string {
  let i = 0;
  while (line[i] === '>') {
    i++;
    if (line[i] === ' ') i++;
  }
  return line.slice(i);
}

const isRule = (line: string): boolean => /^([-*_=])\1{2,}$/.test(line.replace(/[ \t]/g, ''));

function stripBlocks(text: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (/^(?:```|~~~)/.test(line)) {
      // Fence lines are markup; the code between them is kept as text.
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    // Reference-link definitions (`[1]: http://…`) are addresses, not prose.
    if (/^\[[^\]\n]{1,200}\]:[ \t]/.test(line)) continue;
    // Thematic breaks and setext underlines end a paragraph and say nothing themselves.
    if (isRule(line)) {
      out.push('');
      continue;
    }
    out.push(stripHeadingMarker(stripBlockquote(line)));
  }
  return out.join('\n');
}

// Every repetition is bounded and no class can run across the next `[`, so each match attempt stops at the
// next bracket and the passes stay linear even on a page of nothing but brackets.
// A link destination may hold one level of balanced parentheses (`javascript:alert(1)`, wiki URLs) and be
// followed by a quoted title; both go with the link.
const DESTINATION = String.raw`(?:[^()[\]\s]|\([^()[\]\s]{0,200}\)){0,2000}(?:[ \t]+(?:"[^"\n]{0,500}"|'[^'\n]{0,500}'))?`;
const IMAGE = new RegExp(String.raw`!\[[^[\]\n]{0,1000}\]\(${DESTINATION}\)`, 'g');
const INLINE_LINK = new RegExp(String.raw`\[([^[\]\n]{0,1000})\]\(${DESTINATION}\)`, 'g');
const REFERENCE_LINK = /\[([^[\]\n]{1,1000})\]\[[^[\]\n]{0,200}\]/g;
const STAR_EMPHASIS = /(\*{1,3})(?=[^\s*])([^*\n]{1,2000}?)(?<=[^\s*])\1/g;
const UNDERSCORE_EMPHASIS =
  /(^|[^\p{L}\p{N}_])(_{1,3})(?=[^\s_])([^_\n]{1,2000}?)(?<=[^\s_])\2(?![\p{L}\p{N}_])/gmu;
const CODE_SPAN = /`([^`\n]{1,2000})`/g;

function stripInline(text: string): string {
  return text
    .replace(IMAGE, '')
    .replace(INLINE_LINK, '$1')
    .replace(REFERENCE_LINK, '$1')
    .replace(CODE_SPAN, '$1')
    .replace(STAR_EMPHASIS, '$2')
    .replace(UNDERSCORE_EMPHASIS, '$1$3');
}

/**
 * Reduces Markdown to its prose, conservatively: front matter, heading markers, emphasis markers around
 * words, link syntax (the link text stays), images, rules, blockquote markers, fences and any embedded HTML go;
 * everything else, list markers included, is left exactly as written.
 */
export function markdownToText(markdown: string): string {
  let text = stripFrontMatter(markdown.replace(/\r\n?/g, '\n'));
  text = protectEscapes(text);
  // Autolinks look like tags to the HTML pass; keep their address as text first.
  text = text.replace(/<(https?:\/\/[^\s<>]{1,2000})>/g, '$1');
  // Markdown may embed HTML; the HTML pass removes it (and script-like content) while keeping the layout.
  text = htmlToText(text, { keepWhitespace: true });
  text = stripInline(stripBlocks(text));
  // Removed markup leaves blank lines and trailing spaces behind; tidy them the way stored text is tidied.
  return normaliseText(restoreEscapes(text));
}
