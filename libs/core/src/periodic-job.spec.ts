import { PeriodicJob } from './periodic-job';

/** A task whose runs stay in progress until released, counting how often it started. */
function controllableTask(): {
  task: () => Promise<void>;
  started: () => number;
  release: (e?: Error) => void;
} {
  let started = 0;
  let settle: ((e?: Error) => void) | null = null;
  return {
    task: () => {
      started += 1;
      return new Promise<void>((resolve, reject) => {
        settle = (e) => (e ? reject(e) : resolve());
      });
    },
    started: () => started,
    release: (e) => settle?.(e),
  };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('PeriodicJob', () => {
  const logger = { warn: jest.fn() };

  beforeEach(() => {
    jest.useFakeTimers();
    logger.warn.mockReset();
  });
  afterEach(() => jest.useRealTimers());

  it('runs the task once per period', async () => {
    const task = jest.fn(() => Promise.resolve());
    const job = new PeriodicJob('sweep', task, logger);
    job.start(1000);
    expect(task).not.toHaveBeenCalled();
    for (let tick = 0; tick < 3; tick++) {
      jest.advanceTimersByTime(1000);
      await flush();
    }
    expect(task).toHaveBeenCalledTimes(3);
    await job.stop();
  });

  it('skips a tick while the previous run is still in progress', async () => {
    const t = controllableTask();
    const job = new PeriodicJob('sweep', t.task, logger);
    job.start(1000);
    jest.advanceTimersByTime(5000);
    expect(t.started()).toBe(1);
    t.release();
    await flush();
    jest.advanceTimersByTime(1000);
    expect(t.started()).toBe(2);
    t.release();
    await job.stop();
  });

  it('logs a failed run as a warning naming the job, and runs again at the next tick', async () => {
    const t = controllableTask();
    const job = new PeriodicJob('retention sweep', t.task, logger);
    job.start(1000);
    jest.advanceTimersByTime(1000);
    t.release(new Error('database gone'));
    await flush();
    expect(logger.warn).toHaveBeenCalledWith('retention sweep failed: database gone');
    jest.advanceTimersByTime(1000);
    expect(t.started()).toBe(2);
    t.release();
    await job.stop();
  });

  it('stops ticking when stopped, after waiting for the run in progress', async () => {
    const t = controllableTask();
    const job = new PeriodicJob('sweep', t.task, logger);
    job.start(1000);
    jest.advanceTimersByTime(1000);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    t.release();
    await stopping;
    jest.advanceTimersByTime(10_000);
    expect(t.started()).toBe(1);
  });

  it('starts nothing for a period of zero', () => {
    const task = jest.fn(() => Promise.resolve());
    new PeriodicJob('sweep', task, logger).start(0);
    jest.advanceTimersByTime(60_000);
    expect(task).not.toHaveBeenCalled();
  });

  it('shares one run between callers of runOnce, and never rejects', async () => {
    const t = controllableTask();
    const job = new PeriodicJob('sweep', t.task, logger);
    const a = job.runOnce();
    const b = job.runOnce();
    expect(t.started()).toBe(1);
    t.release(new Error('boom'));
    await expect(Promise.all([a, b])).resolves.toEqual([undefined, undefined]);
  });
});
