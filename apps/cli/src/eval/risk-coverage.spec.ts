import { riskCoverage } from './risk-coverage';

describe('riskCoverage', () => {
  const outcomes = [
    { relevance: 0.9, hit: true },
    { relevance: 0.5, hit: true },
    { relevance: 0.3, hit: false },
    { relevance: 0.1, hit: false },
    { relevance: null, hit: false },
  ];

  it('answers fewer items, more of them citing gold, as the threshold rises', () => {
    expect(riskCoverage(outcomes, [0.6, 0.4, 0.2, 0])).toEqual([
      { threshold: 0.6, coverage: 0.2, precision: 1 },
      { threshold: 0.4, coverage: 0.4, precision: 1 },
      { threshold: 0.2, coverage: 0.6, precision: 2 / 3 },
      { threshold: 0, coverage: 0.8, precision: 0.5 },
    ]);
  });

  it('never counts an item refused before its passages were read as answered', () => {
    expect(riskCoverage([{ relevance: null, hit: false }], [0])).toEqual([
      { threshold: 0, coverage: 0, precision: null },
    ]);
  });
});
