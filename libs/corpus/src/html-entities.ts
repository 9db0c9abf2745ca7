// The named entities that occur in English prose and in the pages of text archives; an unknown name is left
// as written rather than guessed at.
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  // A no-break space becomes a plain space: the stored text is searched and quoted, and a U+00A0 would make
  // "the state" and "the\u00a0state" different strings to a reader who cannot see the difference.
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  shy: '\u00ad',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  lsaquo: '‹',
  rsaquo: '›',
  prime: '′',
  Prime: '″',
  bull: '•',
  middot: '·',
  dagger: '†',
  Dagger: '‡',
  sect: '§',
  para: '¶',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  plusmn: '±',
  times: '×',
  divide: '÷',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
  sup1: '¹',
  sup2: '²',
  sup3: '³',
  pound: '£',
  euro: '€',
  cent: '¢',
  yen: '¥',
  curren: '¤',
  iexcl: '¡',
  iquest: '¿',
  ordf: 'ª',
  ordm: 'º',
  micro: 'µ',
  not: '¬',
  macr: '¯',
  acute: '´',
  cedil: '¸',
  uml: '¨',
  minus: '−',
  larr: '←',
  rarr: '→',
  uarr: '↑',
  darr: '↓',
  harr: '↔',
  le: '≤',
  ge: '≥',
  ne: '≠',
  asymp: '≈',
  infin: '∞',
  szlig: 'ß',
  oelig: 'œ',
  OElig: 'Œ',
  aelig: 'æ',
  AElig: 'Æ',
  oslash: 'ø',
  Oslash: 'Ø',
  aring: 'å',
  Aring: 'Å',
  eth: 'ð',
  ETH: 'Ð',
  thorn: 'þ',
  THORN: 'Þ',
  scaron: 'š',
  Scaron: 'Š',
  zcaron: 'ž',
  Zcaron: 'Ž',
  yuml: 'ÿ',
  Yuml: 'Ÿ',
};

// Accented Latin letters follow one pattern (`eacute`, `Ocirc`, …); generating them keeps the table honest.
const ACCENTS: Record<string, { mark: string; letters: string }> = {
  acute: { mark: '\u0301', letters: 'aeiouyAEIOUY' },
  grave: { mark: '\u0300', letters: 'aeiouAEIOU' },
  circ: { mark: '\u0302', letters: 'aeiouAEIOU' },
  uml: { mark: '\u0308', letters: 'aeiouAEIOU' },
  tilde: { mark: '\u0303', letters: 'anoANO' },
  cedil: { mark: '\u0327', letters: 'cC' },
  ring: { mark: '\u030a', letters: 'aA' },
};
for (const [suffix, { mark, letters }] of Object.entries(ACCENTS)) {
  for (const letter of letters) NAMED[`${letter}${suffix}`] ??= `${letter}${mark}`.normalize('NFC');
}

// Browsers read numeric references 128–159 as Windows-1252, and old hand-made pages rely on it (`&#151;`).
const WINDOWS_1252: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
};

function fromCodePoint(code: number): string {
  const mapped = WINDOWS_1252[code] ?? code;
  // NUL, lone surrogates and values past Unicode are what a browser shows as the replacement character.
  if (mapped === 0 || mapped > 0x10ffff || (mapped >= 0xd800 && mapped <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(mapped);
}

// Bounded repetitions: every match attempt looks at no more than ~34 characters, so decoding is linear.
const ENTITY = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));?/g;

/** Decodes numeric character references and the common named entities; leaves unknown names as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    const named = name !== undefined && Object.hasOwn(NAMED, name) ? NAMED[name] : undefined;
    return named ?? whole;
  });
}
