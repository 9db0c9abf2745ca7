// Latin letters that Unicode decomposition leaves whole but English spelling writes in plain ASCII.
const LETTER_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ð: 'd',
  Æ: 'AE',
  Œ: 'OE',
  Ø: 'O',
  Đ: 'D',
  Ł: 'L',
  Þ: 'TH',
  Ð: 'D',
};
const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');
const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * `text` with accents and other combining marks removed after compatibility decomposition (NFKD: `é` → `e`,
 * `ﬁ` → `fi`) and the Latin letters that do not decompose spelled in ASCII (`ß` → `ss`, `ø` → `o`). Case is kept;
 * ASCII text comes back unchanged.
 */
export function foldDiacritics(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(FOLDABLE, (c) => LETTER_FOLDS[c]);
}
