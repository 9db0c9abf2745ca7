import { settlesWithin, withTimeout } from './timeout';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('withTimeout', () => {
  it('passes through work that settles in time', async () => {
    await expect(withTimeout(later(1, 'ok'), 1_000, () => new Error('late'))).resolves.toBe('ok');
    await expect(
      withTimeout(Promise.reject(new Error('no')), 1_000, () => new Error('late')),
    ).rejects.toThrow('no');
  });

  it('rejects with the given error when the work is too slow, and drops its late failure', async () => {
    const slow = new Promise((_, reject) => setTimeout(() => reject(new Error('too late to matter')), 30));
    await expect(withTimeout(slow, 5, () => new Error('late'))).rejects.toThrow('late');
    await later(40, null); // the late rejection must not surface as unhandled
  });
});

describe('settlesWithin', () => {
  it('says whether the work settled, success or failure, within the time', async () => {
    await expect(settlesWithin(later(1, 'x'), 1_000)).resolves.toBe(true);
    await expect(settlesWithin(Promise.reject(new Error('no')), 1_000)).resolves.toBe(true);
    await expect(settlesWithin(new Promise(() => undefined), 10)).resolves.toBe(false);
  });
});
