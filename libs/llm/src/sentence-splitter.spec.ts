import { splitSentences } from './sentence-splitter';

const sentences = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('returns trimmed spans whose offsets point into the original text', () => {
    const text = '  The war is over.   Peace has come!\n';
    const spans = splitSentences(text);
    expect(spans).toEqual([
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

  it('returns nothing for blank text', () => {
    expect(splitSentences(' \n\n ')).toEqual([]);
  });
});
