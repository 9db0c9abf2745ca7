import fc from 'fast-check';
import { scanQuotes } from './quote-scanner';
import { nestTitleQuotes, titleQuotedParts, withoutQuotations } from './title-quotes';

describe('title quotation marks', () => {
  it('nests curly, straight and angle double marks as single ones', () => {
    expect(nestTitleQuotes('“Left-Wing” Childishness')).toBe('‘Left-Wing’ Childishness');
    expect(nestTitleQuotes('The Press (Flunkey "Socialists"; Hypocritical Zubatovites)')).toBe(
      'The Press (Flunkey ‘Socialists’; Hypocritical Zubatovites)',
    );
    expect(nestTitleQuotes('«Pravda» and “Izvestia”')).toBe('‘Pravda’ and ‘Izvestia’');
  });

  it('leaves titles without double marks and apostrophes alone', () => {
    expect(nestTitleQuotes('On International Women’s Day')).toBe('On International Women’s Day');
    expect(nestTitleQuotes('An unmatched “mark')).toBe('An unmatched “mark');
  });

  it('lists the words a title quotes', () => {
    expect(titleQuotedParts('Letter (“Call to Power”), “Left” and "Right" “”')).toEqual([
      'Call to Power',
      'Left',
      'Right',
    ]);
    expect(titleQuotedParts('The State and Revolution')).toEqual([]);
  });

  it('keeps a short quoted part of a name in single marks, which read as no quotation', () => {
    expect(withoutQuotations('the Harbour Board\'s "Glass Bridge" scheme')).toBe(
      "the Harbour Board's ‘Glass Bridge’ scheme",
    );
    expect(scanQuotes(withoutQuotations('the “Glass Bridge” scheme'))).toEqual([]);
  });

  it('drops the marks of a quoted part long enough to read as a quotation even in single marks', () => {
    expect(withoutQuotations('Decree No. 12 ("Not a single lantern lit")')).toBe(
      'Decree No. 12 (Not a single lantern lit)',
    );
    expect(withoutQuotations('the ‘four words in marks’ campaign')).toBe('the four words in marks campaign');
    // Nested alone, each would be safe; together the first opening mark would pair with the last closing one.
    expect(withoutQuotations('the “river towns” co-operatives and the «Lantern» circle')).toBe(
      'the river towns co-operatives and the Lantern circle',
    );
  });

  it('leaves words without quotation marks alone', () => {
    expect(withoutQuotations('the workers’ congress of the river towns')).toBe(
      'the workers’ congress of the river towns',
    );
  });

  it('leaves no quotation in any text', () => {
    // Every mark scanQuotes knows, a few words, spaces and a paragraph break.
    const units = ['“', '”', '"', '‘', '’', '«', '»', "'", 'glass', 'bridge', 'of', 'the', 'river', ' ', ' ', '.', '\n\n']; // prettier-ignore
    const token = fc.constantFrom(...units);
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        expect(scanQuotes(withoutQuotations(tokens.join('')))).toEqual([]);
      }),
    );
  });
});
