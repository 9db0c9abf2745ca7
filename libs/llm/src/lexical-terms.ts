// Function words, plus the words people use to frame a question ("what do you think about"),
// which say nothing about its subject.
const STOPWORDS = new Set(
  `a about above after again against all almost also although am among an and another any anyone anything are
  around as at be became because become been before being below between both but by can cannot could did do does
  doing done down during each either else enough even ever every for from further get gets got had has have having
  he her here hers herself him himself his how however i if in into is it its itself just least less let like made
  make many may me might more most much must my myself neither never no nor not now of off often on once one only
  or other others otherwise our ours ourselves out over own per perhaps quite rather really same shall she should
  since so some such than that the their theirs them themselves then there therefore these they this those though
  through thus to too toward towards under until up upon us very via was we were what whatever when whenever where
  whether which while who whom whose why will with within without would yes yet you your yours yourself yourselves
  ask asked answer believe comrade comrades consider describe explain feel felt know knew mean meant opinion please
  regard regarding say said tell think thought view views want wanted wrote write written dont doesnt didnt isnt
  arent wasnt cant wont wouldnt shouldnt couldnt`.split(/\s+/),
);

// Truncating to a fixed prefix after stripping inflections is a crude stemmer, but it conflates what
// matters here (bureaucracy/bureaucratic, organise/organization) and needs no dictionary. Seven letters
// keep internet and international apart.
const STEM_LENGTH = 7;

/** Reduces a lower-case word to a stem shared by its inflected and derived forms. */
export function stem(word: string): string {
  let w = word;
  if (/^\d+$/.test(w)) return w;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const bare =
    w.length > 5 && w.endsWith('ing')
      ? w.slice(0, -3)
      : w.length > 4 && w.endsWith('ed')
        ? w.slice(0, -2)
        : w;
  // planned → plan, but falling → fall (Porter keeps a doubled l, s or z).
  if (bare !== w) w = /([^aeiouylsz])\1$/.test(bare) ? bare.slice(0, -1) : bare;
  // British and American spellings meet (organise/organize), as do economy/economic.
  w = w.replace(/iz/g, 'is').replace(/y$/, 'i');
  return w.slice(0, STEM_LENGTH);
}

/** The words of `text`, lower-cased, possessives removed, in order. */
export function words(text: string): string[] {
  const found = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  return found.map((w) => w.replace(/['’]s$/, '').replace(/['’]/g, ''));
}

/** Stems of the content words of `text` (no stopwords, nothing shorter than 3 letters), in order. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
    .map(stem);
}

/** Number of whitespace-separated words, the unit of the answer's length budget. */
export function wordCount(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}
