import { z } from 'zod';
/** A fitted logistic model: the intercept and one coefficient per column of the design rows. */
export interface LogisticFit {
  intercept: number;
  coefficients: number[];
}

export interface LogisticOptions {
  /** L2 penalty on the coefficients (not the intercept), per row. */
  l2: number;
  /** Newton steps; the log-likelihood is concave, so a handful converge. */
  iterations: number;
}

/** The logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Maximum-likelihood logistic regression with an L2 penalty, fitted by Newton's method, for the small models of the
 * answer pipeline and retrieval (a few thousand rows, a dozen columns). `rows` are the feature columns without the
 * intercept. Deterministic: the same rows give the same fit.
 */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  options: LogisticOptions,
): LogisticFit {
  if (rows.length !== labels.length) throw new Error('fitLogistic: one label per row');
  const d = (rows[0]?.length ?? 0) + 1;
  const x = rows.map((r) => [1, ...r]);
  const y = labels.map((l) => (l ? 1 : 0));
  const n = Math.max(1, rows.length);
  let beta = new Array<number>(d).fill(0);
  for (let it = 0; it < options.iterations; it++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    x.forEach((xi, i) => {
      const p = sigmoid(dot(beta, xi));
      const w = p * (1 - p);
      for (let a = 0; a < d; a++) {
        gradient[a] += ((y[i] - p) * xi[a]) / n;
        for (let b = 0; b < d; b++) hessian[a][b] += (w * xi[a] * xi[b]) / n;
      }
    });
    for (let a = 1; a < d; a++) {
      gradient[a] -= options.l2 * beta[a];
      hessian[a][a] += options.l2;
    }
    hessian[0][0] += 1e-9;
    const step = solve(hessian, gradient);
    beta = beta.map((b, a) => b + step[a]);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return { intercept: beta[0], coefficients: beta.slice(1) };
}

/** A fitted logistic model over named features: the intercept and one weight per feature name. */
export interface NamedLogisticModel<K extends string> {
  intercept: number;
  weights: Record<K, number>;
}

/**
 * The schema of a `NamedLogisticModel` over exactly `names`, as a model file stores it: a finite intercept and one
 * finite weight per name, nothing else.
 */
export function namedLogisticSchema<K extends string>(names: readonly K[]) {
  return z
    .object({
      intercept: z.number().finite(),
      weights: z
        .object(Object.fromEntries(names.map((n) => [n, z.number().finite()])) as Record<K, z.ZodNumber>)
        .strict(),
    })
    .strict();
}

/** intercept + Σ weightₖ · featureₖ over `names`: the model's log-odds for one row (σ of it is the probability). */
export function logOdds<K extends string>(
  model: NamedLogisticModel<K>,
  names: readonly K[],
  features: Readonly<Record<K, number>>,
): number {
  let z = model.intercept;
  for (const f of names) z += model.weights[f] * features[f];
  return z;
}

/** `fitLogistic` over rows of named features, the columns in the order of `names`. */
export function fitNamedLogistic<K extends string>(
  names: readonly K[],
  rows: readonly { features: Readonly<Record<K, number>>; label: boolean }[],
  options: LogisticOptions,
): NamedLogisticModel<K> {
  const fit = fitLogistic(
    rows.map((r) => names.map((f) => r.features[f])),
    rows.map((r) => r.label),
    options,
  );
  return {
    intercept: fit.intercept,
    weights: Object.fromEntries(names.map((f, k) => [f, fit.coefficients[k]])) as Record<K, number>,
  };
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Solves `m · v = r` by Gaussian elimination with partial pivoting (m is symmetric positive definite here). */
function solve(m: number[][], r: number[]): number[] {
  const n = r.length;
  const a = m.map((row, i) => [...row, r[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let i = col + 1; i < n; i++) if (Math.abs(a[i][col]) > Math.abs(a[pivot][col])) pivot = i;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col] || 1e-12;
    for (let i = col + 1; i < n; i++) {
      const f = a[i][col] / p;
      for (let j = col; j <= n; j++) a[i][j] -= f * a[col][j];
    }
  }
  const v = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = a[i][n];
    for (let j = i + 1; j < n; j++) s -= a[i][j] * v[j];
    v[i] = s / (a[i][i] || 1e-12);
  }
  return v;
}
