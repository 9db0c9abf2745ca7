/**
 * Puts document text into the one canonical form that is stored and that every offset refers to: no BOM,
 * LF line ends, Unicode NFC, no trailing whitespace on lines, at most one blank line in a row, no leading or
 * trailing blank space. Only whitespace and the encoding of characters change; words, punctuation and quotes
 * never do (the corpus is evidence, not copy to be tidied).
 */
export function normaliseText(raw: string): string {
  let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  text = text.replace(/\r\n?/g, '\n');
  // NFC so that a quote typed with combining accents matches the stored text character for character.
  text = text.normalize('NFC');
  text = text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
  text = text.replace(/\n{3,}/g, '\n\n');
  return text.trim();
}
