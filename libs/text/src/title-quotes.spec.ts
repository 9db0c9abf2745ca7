import { nestTitleQuotes, titleQuotedParts } from './title-quotes';

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
});
