import { parseDraft, type DraftPiece } from './draft-parser';

function sentences(text: string): string[] {
  return parseDraft(text).flatMap((p) => p.lines.flatMap((l) => l.sentences.map((s) => s.text)));
}

function pieces(text: string): DraftPiece[] {
  return parseDraft(text)[0].lines[0].sentences[0].pieces;
}

describe('parseDraft', () => {
  it('splits sentences at terminators followed by a capital', () => {
    expect(sentences('The state withers. It is abolished! Is it? Yes.')).toEqual([
      'The state withers.',
      'It is abolished!',
      'Is it?',
      'Yes.',
    ]);
  });

  it('does not split after abbreviations, initials and lower-case continuations', () => {
    expect(
      sentences('Dr. Marx met V. I. Lenin. It was in the U.S. and so on... and then they left.'),
    ).toEqual(['Dr. Marx met V. I. Lenin.', 'It was in the U.S. and so on... and then they left.']);
  });

  it('keeps a quotation whole, whatever punctuation or line breaks it holds', () => {
    expect(sentences('I wrote: “First. Second!\n\nThird?” [1] And then I stopped [2].')).toEqual([
      'I wrote: “First. Second!\n\nThird?” [1]',
      'And then I stopped [2].',
    ]);
  });

  it('keeps markers with the sentence they follow', () => {
    expect(sentences('One claim. [1] [2] Another claim.[3]')).toEqual([
      'One claim. [1] [2]',
      'Another claim.[3]',
    ]);
  });

  it('ends a sentence at a marker followed by a capital, as quoting templates write them', () => {
    expect(sentences('“Quote one” [1] And further: “quote two” [2]')).toEqual([
      '“Quote one” [1]',
      'And further: “quote two” [2]',
    ]);
  });

  it('reads [1][2], [1, 2] and [1-3] as one group of numbers', () => {
    expect(pieces('Claim [1][2].')).toContainEqual({ kind: 'markers', numbers: [1, 2] });
    expect(pieces('Claim [1, 2].')).toContainEqual({ kind: 'markers', numbers: [1, 2] });
    expect(pieces('Claim [1-3].')).toContainEqual({ kind: 'markers', numbers: [1, 2, 3] });
  });

  it('keeps list prefixes apart and joins soft-wrapped prose lines', () => {
    const parsed = parseDraft('- First point [1].\n- Second point\ncontinues here [2].\n\n## Heading');
    expect(parsed.map((p) => p.lines.map((l) => [l.prefix, l.sentences.map((s) => s.text)]))).toEqual([
      [
        ['- ', ['First point [1].']],
        ['- ', ['Second point\ncontinues here [2].']],
      ],
      [['## ', ['Heading']]],
    ]);
  });

  it('treats ‘…’ as a quotation only from four words, and not a possessive apostrophe as its end', () => {
    expect(pieces('The ‘old guard’ fell [1].').some((p) => p.kind === 'quote')).toBe(false);
    expect(pieces('I said ‘the workers’ party must lead them’ [1].')).toContainEqual({
      kind: 'quote',
      open: '‘',
      close: '’',
      inner: 'the workers’ party must lead them',
    });
  });
});

describe('titles in emphasis', () => {
  it('does not end a sentence at a question mark inside an emphasised title', () => {
    const [paragraph] = parseDraft('From *Trotskyism or Leninism?* (1924): “A quote.” [1] Next one. [1]');
    expect(paragraph.lines[0].sentences).toHaveLength(2);
  });
});
