/** A unit-length copy of `v`; a zero vector comes back unchanged (it has no direction). */
export function l2Normalise(v: readonly number[]): number[] {
  let sq = 0;
  for (const x of v) sq += x * x;
  const norm = Math.sqrt(sq);
  return norm > 0 ? v.map((x) => x / norm) : [...v];
}

/** The dot product of two equal-length vectors (the cosine, for unit vectors). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
