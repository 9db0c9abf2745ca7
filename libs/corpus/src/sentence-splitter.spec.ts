import fc from 'fast-check';
import { countWords, splitClauses, splitSentences } from './sentence-splitter';

const sentences = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits at full stops, question marks and exclamation marks before a capital', () => {
    expect(sentences('The state withers away. It is not abolished! Why? Because.')).toEqual([
      'The state withers away.',
      'It is not abolished!',
      'Why?',
      'Because.',
    ]);
  });

  it.each([
    ['titles', 'Mr. Cannon and Dr. Adler met St. Paul workers.'],
    ['initials', 'As V. I. Lenin and J. P. Cannon wrote, the party grew.'],
    ['Latin abbreviations', 'Some, i.e. the reformists, e.g. Kautsky, viz. the Centre, cf. Bernstein.'],
    ['page and volume references', 'See Vol. II, p. 104 and pp. 12-14, No. 5, art. 3 of the code.'],
    ['decimal numbers', 'Prices rose by 1.5 per cent.'],
    [
      'spaced ellipses inside a quotation',
      'Engels: “. . . When the workers replace the state . . . And then.”',
    ],
    ['a Roman numeral', 'Under Nicholas II. The Tsar fell.'],
    ['a dotted acronym before a name', 'In the U.S. Congress there is a fight.'],
    ['a stop before lower case', 'He said so. and then left.'],
  ])('does not split after %s', (_name, text) => {
    expect(sentences(text)).toEqual([text]);
  });

  it('keeps closing quotes and brackets with the sentence they close', () => {
    expect(sentences('He wrote: “The state is a machine.” Then he stopped. (It was late.) Next.')).toEqual([
      'He wrote: “The state is a machine.”',
      'Then he stopped.',
      '(It was late.)',
      'Next.',
    ]);
  });

  it('splits after "etc." only before a word that usually opens a sentence', () => {
    expect(sentences('Banks, trusts, etc. The next point.')).toEqual([
      'Banks, trusts, etc.',
      'The next point.',
    ]);
    expect(sentences('Plekhanov, Potresov, etc. Kautsky agreed.')).toEqual([
      'Plekhanov, Potresov, etc. Kautsky agreed.',
    ]);
  });

  it('ends a sentence at an acronym that is not an initial', () => {
    expect(sentences('They joined the CIO. The AFL objected.')).toEqual([
      'They joined the CIO.',
      'The AFL objected.',
    ]);
  });

  it('returns trimmed spans that cover every non-space character, in order', () => {
    const piece = fc.constantFrom(
      'Mr.',
      'Lenin',
      'etc.',
      'V.',
      'I.',
      '1.5',
      '?',
      '!',
      '.',
      '“',
      '”',
      ' ',
      '\n',
      'The',
      'a',
      '...',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 50 }), fc.boolean(), (parts, spaced) => {
        const text = parts.join(spaced ? ' ' : '');
        const spans = splitSentences(text);
        let at = 0;
        for (const s of spans) {
          expect(text.slice(at, s.start).trim()).toBe('');
          expect(s.end).toBeGreaterThan(s.start);
          const slice = text.slice(s.start, s.end);
          expect(slice).toBe(slice.trim());
          at = s.end;
        }
        expect(text.slice(at).trim()).toBe('');
      }),
    );
  });
});

describe('splitClauses', () => {
  it('cuts an over-long sentence after semicolons and colons only', () => {
    const text = 'first part; second part: third part, still third';
    const spans = splitClauses(text, { start: 0, end: text.length });
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'first part;',
      'second part:',
      'third part, still third',
    ]);
  });

  it('returns the sentence whole when it has no clause boundary', () => {
    const text = 'one, two, three';
    expect(splitClauses(text, { start: 0, end: text.length })).toEqual([{ start: 0, end: text.length }]);
  });
});

describe('countWords', () => {
  it('counts runs of non-space characters', () => {
    expect(countWords('  The state\nand   revolution — 1917 ')).toBe(6);
    expect(countWords('')).toBe(0);
  });
});
