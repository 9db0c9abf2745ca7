import { inFirstPerson, toTextQuery } from './query-text';

describe('toTextQuery', () => {
  it('keeps the subject of a second-person question and drops its form', () => {
    expect(toTextQuery('What did you think of the Brest-Litovsk negotiations?')).toBe(
      'brest or litovsk or negotiations',
    );
  });

  it('strips websearch operators and quotes so user text cannot change the query syntax', () => {
    expect(toTextQuery('"workers" -peasants OR (state)')).toBe('workers or peasants or state');
  });

  it('folds possessives', () => {
    expect(toTextQuery("Lenin's testament")).toBe('lenin or testament');
  });
});

describe('inFirstPerson', () => {
  it('turns a question addressed to the persona into the words its own writings use', () => {
    expect(inFirstPerson('What did you think of your party, and did You blame yourself?')).toBe(
      'What did we think of our party, and did we blame ourselves?',
    );
  });

  it('leaves words that merely contain "you" alone', () => {
    expect(inFirstPerson('Should the youth read Youngstown papers?')).toBe(
      'Should the youth read Youngstown papers?',
    );
  });
});
