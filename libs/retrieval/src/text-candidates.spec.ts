import { anyLexemeQuery, candidateLexemes } from './hybrid-search.repository';

describe('the full-text candidate lexemes', () => {
  const terms = [
    { lexeme: 'parti', df: 900 },
    { lexeme: 'napertskali', df: 3 },
    { lexeme: 'strike', df: 120 },
    { lexeme: 'peasant', df: 400 },
  ];

  it('are all of the query words when their chunks fit the budget', () => {
    expect(candidateLexemes(terms, 5000).sort()).toEqual(['napertskali', 'parti', 'peasant', 'strike']);
  });

  it('are the rarest words whose chunks fit the budget when all of them would not', () => {
    expect(candidateLexemes(terms, 600)).toEqual(['napertskali', 'strike', 'peasant']);
    expect(candidateLexemes(terms, 200)).toEqual(['napertskali', 'strike']);
  });

  it('always keep the rarest word, even when it alone is over the budget', () => {
    expect(candidateLexemes(terms, 1)).toEqual(['napertskali']);
  });

  it("take a first pass's feedback words only after every other word, and only while the budget lasts", () => {
    const withFeedback = [...terms, { lexeme: 'harbour', df: 50, feedback: true }];
    expect(candidateLexemes(withFeedback, 2000)).toEqual([
      'napertskali',
      'strike',
      'peasant',
      'parti',
      'harbour',
    ]);
    expect(candidateLexemes(withFeedback, 600)).toEqual(['napertskali', 'strike', 'peasant']);
  });

  it('make a tsquery that matches any of them, quoting what tsquery input would read as syntax', () => {
    expect(anyLexemeQuery(['strike', "o'clock", 'a\\b'])).toBe("'strike' | 'o''clock' | 'a\\\\b'");
    expect(anyLexemeQuery([])).toBeNull();
  });
});
