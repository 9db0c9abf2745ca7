// Truncating to a fixed prefix after stripping inflections is a crude stemmer, but it conflates what matters here
// (bureaucracy/bureaucratic, organise/organization) and needs no dictionary. Seven letters keep internet and
// international apart. The answerer and the verifier that checks it share this one stemmer, so they agree on
// what is the same word.
const STEM_LENGTH = 7;

/** Reduces a lower-case word to a stem shared by its inflected and derived forms; numbers stay whole. */
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
