import { decodeEntities } from './html-entities';

// Elements whose content is never prose: skipped whole, up to their closing tag. (`<embed>` is void: it has no
// closing tag, so it is removed like any other tag rather than swallowing the rest of the page.)
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'iframe',
  'object',
  'applet',
  'template',
  'head',
  'title',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'select',
  'textarea',
  'button',
  'noembed',
  'noframes',
  'frameset',
  'xmp',
  'plaintext',
]);

// Elements that begin or end a paragraph of text.
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);

const CELL = new Set(['td', 'th']);

interface Tag {
  name: string;
  closing: boolean;
  /** Index just past the tag's `>` (or the end of the input when the tag never closes). */
  end: number;
}

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number): boolean => isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 45 || c === 58;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/**
 * Reads the tag starting at `lt` (`<` then a letter, or `</` then a letter). Quoted attribute values may hold
 * `>`; an unterminated quote falls back to the first `>` after it so one stray quote cannot swallow a page.
 */
function readTag(html: string, lt: number, lastQuote: { '"': number; "'": number }): Tag {
  const closing = html.charCodeAt(lt + 1) === 47;
  let i = lt + (closing ? 2 : 1);
  const nameStart = i;
  while (i < html.length && isNameChar(html.charCodeAt(i))) i++;
  const name = html.slice(nameStart, i).toLowerCase();
  let afterEquals = false;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '>') return { name, closing, end: i + 1 };
    if ((ch === '"' || ch === "'") && afterEquals) {
      // Only a quote that opens an attribute value (`="`) is special; a quote elsewhere is junk to skip.
      if (lastQuote[ch] > i) {
        i = html.indexOf(ch, i + 1) + 1;
        afterEquals = false;
        continue;
      }
      const gt = html.indexOf('>', i + 1);
      return { name, closing, end: gt < 0 ? html.length : gt + 1 };
    }
    if (ch === '=') afterEquals = true;
    else if (!isSpace(html.charCodeAt(i))) afterEquals = false;
    i++;
  }
  return { name, closing, end: html.length };
}

/** Index of the `<` of the first `</name` (any case) at or after `from`, or -1. */
function findClosingTag(html: string, from: number, name: string): number {
  let at = from;
  for (;;) {
    const lt = html.indexOf('</', at);
    if (lt < 0) return -1;
    const after = lt + 2 + name.length;
    if (html.slice(lt + 2, after).toLowerCase() === name && !isNameChar(html.charCodeAt(after))) return lt;
    at = lt + 2;
  }
}

/** Where the content of a dropped element ends: its closing tag, or for an unclosed `<head>` the `<body>`. */
function droppedContentEnd(html: string, from: number, name: string): number {
  const close = findClosingTag(html, from, name);
  if (name !== 'head') return close;
  // `</head>` is optional in HTML; the body start ends the head just as well.
  const bodyTag = /<body[\s>/]/gi;
  bodyTag.lastIndex = from;
  const body = bodyTag.exec(html);
  if (!body) return close;
  return close < 0 || body.index < close ? body.index : close;
}

export interface HtmlToTextOptions {
  /** Keep line breaks and spaces as written (for HTML embedded in Markdown, where they are the layout). */
  keepWhitespace?: boolean;
}

class TextSink {
  private readonly parts: string[] = [];
  private cellsInRow = 0;
  preDepth = 0;

  constructor(private readonly keepWhitespace: boolean) {}

  text(raw: string): void {
    if (raw.length === 0) return;
    const decoded = decodeEntities(raw);
    // Outside <pre>, HTML whitespace is layout, not content: any run of it reads as one space.
    const keep = this.keepWhitespace || this.preDepth > 0;
    this.parts.push(keep ? decoded : decoded.replace(/[ \t\n\f\r]+/g, ' '));
  }

  paragraphBreak(): void {
    this.parts.push('\n\n');
  }

  cell(): void {
    // Tables become one paragraph per row with cells separated by ` | `, the corpus's own convention.
    if (this.cellsInRow > 0) this.parts.push(' | ');
    this.cellsInRow += 1;
  }

  row(): void {
    this.cellsInRow = 0;
    this.paragraphBreak();
  }

  result(): string {
    // Collapsed layout whitespace leaves a space at the start of lines after a break; it is not content.
    return this.parts
      .join('')
      .split('\n')
      .map((line) => line.trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}

function handleTag(tag: Tag, sink: TextSink): void {
  if (tag.name === 'tr') return sink.row();
  if (CELL.has(tag.name)) {
    if (!tag.closing) sink.cell();
    return;
  }
  if (tag.name === 'pre') sink.preDepth = Math.max(0, sink.preDepth + (tag.closing ? -1 : 1));
  if (BLOCK.has(tag.name)) sink.paragraphBreak();
}

/**
 * Reduces HTML to plain text without running or keeping any markup: script-like elements, the head and comments
 * vanish with their content, block elements become paragraph breaks, table rows become ` | ` separated lines and
 * entities are decoded. Runs in time linear in the input, whatever the input. The result is text: an `&lt;`
 * in the page is a `<` in the text, and whoever displays the text must escape it like any other user data.
 */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const sink = new TextSink(options.keepWhitespace ?? false);
  // Positions of the last quote characters: a quote after them can never be closed, which keeps readTag linear.
  const lastQuote = { '"': html.lastIndexOf('"'), "'": html.lastIndexOf("'") };
  let textStart = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const next = html.charCodeAt(lt + 1);
    let end: number;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      end = close < 0 ? html.length : close + 3;
    } else if (next === 33 || next === 63 || (next === 47 && !isAsciiLetter(html.charCodeAt(lt + 2)))) {
      // `<!DOCTYPE …>`, `<![CDATA[…]]>`, `<?xml …?>` and `</ …>` are declarations or bogus comments.
      const gt = html.indexOf('>', lt + 1);
      end = gt < 0 ? html.length : gt + 1;
    } else if (isAsciiLetter(next) || next === 47) {
      const tag = readTag(html, lt, lastQuote);
      end = tag.end;
      if (!tag.closing && DROPPED.has(tag.name)) {
        const close = droppedContentEnd(html, end, tag.name);
        end = close < 0 ? html.length : close;
        sink.text(html.slice(textStart, lt));
        sink.paragraphBreak();
        textStart = end;
        i = end;
        continue;
      }
      sink.text(html.slice(textStart, lt));
      handleTag(tag, sink);
      textStart = end;
      i = end;
      continue;
    } else {
      // A `<` that starts no tag (`a < b`, `<3`) is text.
      i = lt + 1;
      continue;
    }
    sink.text(html.slice(textStart, lt));
    textStart = end;
    i = end;
  }
  sink.text(html.slice(textStart));
  return sink.result();
}
