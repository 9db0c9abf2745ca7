import fc from 'fast-check';
import { cleanSourceArtefacts, mapOffset } from './source-artefacts';

const clean = (text: string): string => cleanSourceArtefacts(text).text;

// Text made of what the cleanup must tell apart: sentence ends with and without a space, numbers of every kind
// (years, decimals, list numbers, page references, note numbers), abbreviations, ellipses and quotes.
const sourceLike = fc
  .array(
    fc.oneof(
      fc.constantFrom('the state', 'Kautsky', 'workers', 'it', 'We', 'The', 'That', 'a', 'ab', 'IV', 'Mr'),
      fc.constantFrom('.', '?', '!', ',', ';', ':', '...', '. . .', '…', '. ', '? ', '.\n\n', '\n'),
      fc.constantFrom('“', '”', '"', '’', '‘', '(', ')', ' ', '  '),
      fc.constantFrom('12', '185', '1917', '3.5', '1.', 'pp.31', 'No.', 'U.S.', 'Vol.', 'p.', 'e.g.', '0'),
      fc.integer({ min: 0, max: 2000 }).map(String),
      fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
      // A sentence end with what may follow it glued on: a note number, a year, a capital, a quote.
      fc
        .tuple(
          fc.constantFrom(' state', ' workers', ' it', ' pp', ' No', ' U.S', ' ab', ' IV', ' e.g', ' Mr'),
          fc.constantFrom('.', '?', '!', ','),
          fc.constantFrom('', '”', '"’', ')'),
          fc.constantFrom('', '12', '185', '1917', '0', '7'),
          fc.constantFrom(' The', ' the', '\n\n', '', 'What', '“Yes', ' “Yes', ' 3'),
        )
        .map((parts) => parts.join('')),
    ),
    { maxLength: 50 },
  )
  .map((parts) => parts.join(''));

describe('cleanSourceArtefacts', () => {
  it('drops a note number glued to the end of a sentence', () => {
    expect(clean('against the predatory imperialists.185 Though the pirates')).toBe(
      'against the predatory imperialists. Though the pirates',
    );
    expect(clean('the resistance of the exploiters.150\n\nThese intellectualist')).toBe(
      'the resistance of the exploiters.\n\nThese intellectualist',
    );
    expect(clean('so it ended.”12 Next came')).toBe('so it ended.” Next came');
    expect(clean('And what then?7 “Nothing,” he said')).toBe('And what then? “Nothing,” he said');
    expect(clean('the last word.3')).toBe('the last word.');
  });

  it('leaves years, decimals, list numbers, page references and abbreviations with their numbers', () => {
    const untouched = [
      'It happened in 1917. The workers rose.',
      'It happened in the spring.1917 was the year.',
      'A rise of 3.5 per cent. Then a fall.',
      '1. The first point.\n\n2. The second.',
      'See pp.31 and 37 of the German edition.',
      'See No.12 The Social-Democrat.',
      'See Vol.3 The Capital.',
      'The U.S.12 The rest.',
      'As Marx says (p.334 of the German edition).',
      'He waited... 12 Men came.',
      'The struggle of the classes.1917 A year.',
      'Henry IV.2 The rest.',
      'a.12 The end.',
      'we’11 have 100,000',
    ];
    for (const text of untouched) expect(clean(text)).toBe(text);
  });

  it('puts the missing space after a sentence end and before an opening quote', () => {
    expect(clean('as long as this contradiction exists?What has to be done')).toBe(
      'as long as this contradiction exists? What has to be done',
    );
    expect(clean('technically and economically.The question')).toBe(
      'technically and economically. The question',
    );
    expect(clean('he cried!Nobody answered.')).toBe('he cried! Nobody answered.');
    expect(clean('in the shape of the“natural” order')).toBe('in the shape of the “natural” order');
    expect(clean('says our sage,“either democracy')).toBe('says our sage, “either democracy');
    expect(clean('the state.“Yes, the proletariat')).toBe('the state. “Yes, the proletariat');
    expect(clean('an ellipsis...“Yes')).toBe('an ellipsis... “Yes');
  });

  it('leaves abbreviations, initials, ellipses and closing quotes without a space added', () => {
    const untouched = [
      'Mr.Spectator writes.',
      'in Vol.III of Capital',
      'U.S.A.The country',
      'V.I.Lenin',
      'e.g.Kautsky',
      'in glad rags.” Then',
      '“forgot“ the class struggle',
      'not more?. . .“ there would',
      'the word“',
      'the McDonald case',
    ];
    for (const text of untouched) expect(clean(text)).toBe(text);
  });

  it('leaves text without artefacts as it is, and says it made no edit', () => {
    const text = 'The state is a product. “The state,” Engels says, “withers away.” In 1917, 3.5 per cent.';
    expect(cleanSourceArtefacts(text)).toEqual({ text, edits: [] });
  });

  it('is idempotent', () => {
    fc.assert(fc.property(sourceLike, (raw) => expect(clean(clean(raw))).toBe(clean(raw))));
  });

  it('leaves no note number glued to the end of a sentence of ordinary words', () => {
    // Independent of the implementation: a lower-case word (not the page abbreviation "pp"), its stop, a number of
    // one to three digits, then a new sentence or the end of the paragraph.
    const gluedNote =
      /(?<![\p{L}\p{N}.’'-])(?!pp[.])\p{Ll}{2,}[.?!][”’")\]]{0,3}[1-9]\d{0,2}(?=[ \t]+[“"‘(]?\p{Lu}|[ \t]*(?:\n|$))/u;
    fc.assert(fc.property(sourceLike, (raw) => expect(clean(raw)).not.toMatch(gluedNote)));
  });

  it('only removes digits and only inserts spaces, in order, without overlap', () => {
    fc.assert(
      fc.property(sourceLike, (raw) => {
        let last = -1;
        for (const e of cleanSourceArtefacts(raw).edits) {
          expect(e.at).toBeGreaterThan(last);
          if (e.remove > 0) expect(raw.slice(e.at, e.at + e.remove)).toMatch(/^\d+$/);
          expect(e.insert).toMatch(/^ ?$/);
          last = e.at + e.remove;
        }
      }),
    );
  });

  it('maps every kept character of the input to the same character of the output', () => {
    fc.assert(
      fc.property(sourceLike, (raw) => {
        const { text, edits } = cleanSourceArtefacts(raw);
        const removed = (i: number): boolean => edits.some((e) => i >= e.at && i < e.at + e.remove);
        let kept = 0;
        for (let i = 0; i < raw.length; i++) {
          if (removed(i)) continue;
          kept += 1;
          expect(text[mapOffset(edits, i, 'start')]).toBe(raw[i]);
          expect(text[mapOffset(edits, i + 1, 'end') - 1]).toBe(raw[i]);
        }
        expect(text.length - kept).toBe(edits.filter((e) => e.insert.length > 0).length);
        expect(mapOffset(edits, raw.length, 'end')).toBe(text.length);
      }),
    );
  });

  it('carries a span over to the same words, without the spaces inserted at its ends', () => {
    const raw = 'Is it so?Yes.“Quite” said he.12 Then';
    const { text, edits } = cleanSourceArtefacts(raw);
    const span = (from: string, to: string): string => {
      const start = raw.indexOf(from);
      const end = raw.indexOf(to) + to.length;
      return text.slice(mapOffset(edits, start, 'start'), mapOffset(edits, end, 'end'));
    };
    expect(text).toBe('Is it so? Yes. “Quite” said he. Then');
    expect(span('Is', 'so?')).toBe('Is it so?');
    expect(span('Yes', 'Yes.')).toBe('Yes.');
    expect(span('“Quite”', 'he.12')).toBe('“Quite” said he.');
    expect(span('Yes', 'Then')).toBe('Yes. “Quite” said he. Then');
  });
});
