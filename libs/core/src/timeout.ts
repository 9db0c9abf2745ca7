/**
 * `work`, or a rejection with `onTimeout()` if it has not settled within `ms`. The late outcome of work that
 * timed out is dropped (never an unhandled rejection); the timer never outlives the race.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** True when `work` settled (either way) within `ms`. */
export function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return withTimeout(
    work.then(
      () => true,
      () => true,
    ),
    ms,
    () => new Error('timed out'),
  ).catch(() => false);
}
