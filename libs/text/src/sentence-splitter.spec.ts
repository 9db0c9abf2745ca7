import fc from 'fast-check';
import { splitClauses, splitSentences } from './sentence-splitter';
import { countWords } from './words';

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

describe('splitSentences, as the answerer reads passages', () => {
  it('returns trimmed spans whose offsets point into the original text', () => {
    expect(splitSentences('  The war is over.   Peace has come!\n')).toEqual([
      { start: 2, end: 18 },
      { start: 21, end: 36 },
    ]);
  });

  it('does not split after initials or common abbreviations', () => {
    expect(
      sentences('V. I. Lenin wrote to Mr. Smith and Dr. Jones in St. Petersburg. They replied.'),
    ).toEqual(['V. I. Lenin wrote to Mr. Smith and Dr. Jones in St. Petersburg.', 'They replied.']);
    expect(sentences('See Vol. 2, p. 35, and cf. No. 4 of the paper. Then decide.')).toHaveLength(2);
  });

  it('does not split inside dotted abbreviations such as e.g. and i.e.', () => {
    expect(
      sentences('Some demands, e.g. The eight-hour day, were won. Others, i.e. Land, were not.'),
    ).toEqual(['Some demands, e.g. The eight-hour day, were won.', 'Others, i.e. Land, were not.']);
  });

  it('splits after a year or other number that ends a sentence', () => {
    expect(sentences('It happened in 1905. The next year was quieter.')).toEqual([
      'It happened in 1905.',
      'The next year was quieter.',
    ]);
  });

  it('keeps a list number with the sentence it opens', () => {
    expect(sentences('1. The workers must unite. 2. The peasants will follow.')).toEqual([
      '1. The workers must unite.',
      '2. The peasants will follow.',
    ]);
  });

  it('keeps closing quotes and brackets with the sentence they close', () => {
    expect(sentences('He shouted, “Down with the war!” Nobody moved. (Applause.) The end.')).toEqual([
      'He shouted, “Down with the war!”',
      'Nobody moved.',
      '(Applause.)',
      'The end.',
    ]);
  });

  it('does not split when the next word starts in lower case', () => {
    expect(sentences('“Is this freedom?” he asked. Wait... what then?')).toEqual([
      '“Is this freedom?” he asked.',
      'Wait... what then?',
    ]);
  });

  it('always splits at a blank line, even without punctuation', () => {
    expect(sentences('CHAPTER ONE\n\nThe state is a machine.\n \nIt will wither away')).toEqual([
      'CHAPTER ONE',
      'The state is a machine.',
      'It will wither away',
    ]);
  });

  it('treats a single line break as a space', () => {
    expect(sentences('The state is\na machine. It will\nwither away.')).toEqual([
      'The state is\na machine.',
      'It will\nwither away.',
    ]);
  });

  it('splits at a stop before markdown emphasis', () => {
    expect(sentences('The end came. *Then* the beginning.')).toEqual([
      'The end came.',
      '*Then* the beginning.',
    ]);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences(' \n\n ')).toEqual([]);
  });
});

describe('splitSentences on any input', () => {
  it('gives ordered, trimmed, non-empty spans inside the range that cover every non-space character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.nat(), fc.nat(), (text, a, b) => {
        const from = Math.min(a, b) % (text.length + 1);
        const to = from + (Math.max(a, b) % (text.length - from + 1));
        const spans = splitSentences(text, from, to);
        let at = from;
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(at);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(to);
          expect(text.slice(at, s.start).trim()).toBe('');
          const slice = text.slice(s.start, s.end);
          expect(slice).toBe(slice.trim());
          at = s.end;
        }
        expect(text.slice(at, to).trim()).toBe('');
      }),
    );
  });

  it('never splits inside a run of text without terminators or blank lines', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z ,;\n]{0,80}$/), (text) => {
        const nonBlankParagraphs = text.split(/\n[ \t]*\n/).filter((p) => p.trim() !== '').length;
        expect(splitSentences(text)).toHaveLength(nonBlankParagraphs);
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
