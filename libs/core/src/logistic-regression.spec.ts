import { fitLogistic, fitNamedLogistic, logOdds, sigmoid } from './logistic-regression';

describe('fitLogistic', () => {
  // Labels drawn from a known model, p = sigmoid(-1 + 2·x0 − 3·x1), on a grid: the fit recovers it.
  const rows: number[][] = [];
  const labels: boolean[] = [];
  for (let i = 0; i <= 20; i++) {
    for (let j = 0; j <= 20; j++) {
      const x = [i / 20, j / 20];
      const p = sigmoid(-1 + 2 * x[0] - 3 * x[1]);
      // Each grid point stands for 20 cases, of which round(20p) are positive.
      const positives = Math.round(20 * p);
      for (let k = 0; k < 20; k++) {
        rows.push(x);
        labels.push(k < positives);
      }
    }
  }

  it('recovers the coefficients of the model that drew the labels', () => {
    const fit = fitLogistic(rows, labels, { l2: 0, iterations: 50 });
    expect(fit.intercept).toBeCloseTo(-1, 1);
    expect(fit.coefficients[0]).toBeCloseTo(2, 1);
    expect(fit.coefficients[1]).toBeCloseTo(-3, 1);
  });

  it('shrinks the coefficients, not the intercept, as the L2 penalty grows', () => {
    const loose = fitLogistic(rows, labels, { l2: 0, iterations: 50 });
    const tight = fitLogistic(rows, labels, { l2: 1, iterations: 50 });
    expect(Math.abs(tight.coefficients[0])).toBeLessThan(Math.abs(loose.coefficients[0]));
    expect(Math.abs(tight.coefficients[1])).toBeLessThan(Math.abs(loose.coefficients[1]));
  });

  it('gives the same fit for the same rows', () => {
    expect(fitLogistic(rows, labels, { l2: 0.01, iterations: 25 })).toEqual(
      fitLogistic(rows, labels, { l2: 0.01, iterations: 25 }),
    );
  });

  it('refuses labels that do not match the rows', () => {
    expect(() => fitLogistic([[1], [2]], [true], { l2: 0, iterations: 5 })).toThrow(/one label per row/);
  });

  it('fits named features as the same columns, and reads its log-odds back by name', () => {
    const names = ['first', 'second'] as const;
    const named = rows.map((r, i) => ({ features: { first: r[0], second: r[1] }, label: labels[i] }));
    const model = fitNamedLogistic(names, named, { l2: 0.01, iterations: 25 });
    const fit = fitLogistic(rows, labels, { l2: 0.01, iterations: 25 });
    expect(model).toEqual({
      intercept: fit.intercept,
      weights: { first: fit.coefficients[0], second: fit.coefficients[1] },
    });
    expect(logOdds(model, names, { first: 2, second: -1 })).toBeCloseTo(
      fit.intercept + 2 * fit.coefficients[0] - fit.coefficients[1],
      12,
    );
  });
});
