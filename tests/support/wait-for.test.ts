import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first truthy value the condition returns', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : null), { interval: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('awaits an async condition', async () => {
    let calls = 0;
    await expect(waitFor(async () => ++calls === 2, { interval: 1 })).resolves.toBe(true);
  });

  it('fails naming what it waited for, how long, and the detail asked for', async () => {
    await expect(
      waitFor(() => false, {
        timeout: 30,
        interval: 5,
        what: 'the answer',
        detail: () => 'last state: none',
      }),
    ).rejects.toThrow('timed out after 30 ms waiting for the answer\nlast state: none');
  });

  it('fails at once with the error the condition throws', async () => {
    let calls = 0;
    const failing = waitFor(
      () => {
        calls++;
        throw new Error('the process exited');
      },
      { timeout: 60_000 },
    );
    await expect(failing).rejects.toThrow('the process exited');
    expect(calls).toBe(1);
  });
});
