import { sentencePieces } from './sentence-pieces';

describe('sentencePieces', () => {
  it('cuts an answer into its sentences, which join back to the answer exactly', () => {
    const text =
      'As I wrote in *The State* (1917): “The state withers away.” [1] And further: “It is a machine.” [2]\n\nThat is all.';
    const pieces = sentencePieces(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces).toEqual([
      'As I wrote in *The State* (1917): “The state withers away.” [1] ',
      'And further: “It is a machine.” [2]\n\n',
      'That is all.',
    ]);
  });

  it('never cuts inside a quotation of several sentences', () => {
    const text = 'He wrote: “First we learn. Then we build. Then we win.” [1] So it went.';
    const pieces = sentencePieces(text);
    expect(pieces).toEqual(['He wrote: “First we learn. Then we build. Then we win.” [1] ', 'So it went.']);
  });

  it('keeps a one-sentence answer whole and an empty one as one empty piece', () => {
    expect(sentencePieces('Only this [1].')).toEqual(['Only this [1].']);
    expect(sentencePieces('')).toEqual(['']);
  });
});
