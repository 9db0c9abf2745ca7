import { contentTerms, stem, wordCount, words } from './lexical-terms';

describe('lexical terms', () => {
  it('gives inflected and derived forms one stem', () => {
    const same = (...forms: string[]) => expect(new Set(forms.map(stem)).size).toBe(1);
    same('bureaucracy', 'bureaucratic', 'bureaucrats');
    same('revolution', 'revolutions', 'revolutionary');
    same('organisation', 'organization', 'organised');
    same('parties', 'party');
    same('planned', 'plan', 'plans', 'planning');
    same('economy', 'economic');
  });

  it('keeps apart words that only share a short prefix', () => {
    expect(stem('internet')).not.toBe(stem('international'));
    expect(stem('falling')).toBe(stem('fall'));
  });

  it('drops function words and question framing, keeping the subject', () => {
    expect(contentTerms('What do you think about the peasants?')).toEqual([stem('peasants')]);
  });

  it('reads possessives and curly apostrophes as the bare word', () => {
    expect(words("Lenin’s and Marx's views")).toEqual(['lenin', 'and', 'marx', 'views']);
  });

  it('counts whitespace-separated words', () => {
    expect(wordCount(' Peace,  land and\nbread! ')).toBe(4);
  });
});
