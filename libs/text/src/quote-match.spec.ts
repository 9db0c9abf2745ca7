import { findClosest, findVerbatim } from './quote-match';
import { foldTypography as fold } from './typography-fold';
import { wordSpans } from './words';

const SOURCE = 'It is the creation of “order” which legalises\nand  perpetuates this oppression — so Marx.';

function slice(range: { start: number; end: number } | null): string | null {
  return range ? SOURCE.slice(range.start, range.end) : null;
}

describe('findVerbatim', () => {
  it('finds a copy that differs only in quote marks, dashes and whitespace, returning the source text', () => {
    expect(
      slice(findVerbatim(fold(SOURCE), '"order" which legalises and perpetuates this oppression - so Marx')),
    ).toBe('“order” which legalises\nand  perpetuates this oppression — so Marx');
  });

  it('does not fold case or words', () => {
    expect(findVerbatim(fold(SOURCE), 'THE CREATION')).toBeNull();
    expect(findVerbatim(fold(SOURCE), 'the creation of chaos')).toBeNull();
  });

  it('ignores the ellipses and closing punctuation a model puts around a cut quotation', () => {
    expect(slice(findVerbatim(fold(SOURCE), '…the creation of “order”,'))).toBe('the creation of “order”');
  });
});

describe('findClosest', () => {
  const closest = (quote: string) => slice(findClosest(wordSpans(SOURCE), SOURCE, quote, 0.8));

  it('repairs one changed word in a quotation of ten', () => {
    expect(closest('the creation of order which legitimises and perpetuates this oppression')).toBe(
      'the creation of “order” which legalises\nand  perpetuates this oppression',
    );
  });

  it('rejects a quotation with less than 80% of its words in place', () => {
    expect(closest('the invention of chaos which hides and continues this oppression')).toBeNull();
  });

  it('repairs case and keeps the closing full stop when the quotation had one', () => {
    expect(closest('THIS OPPRESSION — SO MARX.')).toBe('this oppression — so Marx.');
  });
});
