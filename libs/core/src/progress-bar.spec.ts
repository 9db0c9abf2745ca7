import { ProgressBar } from './progress-bar';

/** A non-TTY stream that keeps what is written. */
function capture(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  let text = '';
  const stream = { isTTY: false, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, lines: () => text.split('\n').filter(Boolean) };
}

describe('ProgressBar', () => {
  it('counts the time spent before it appeared, so its last line shows the total the summary reports', () => {
    const out = capture();
    const bar = new ProgressBar('Ingesting', 2, out.stream, Date.now() - 30_000);
    bar.update(2, 'documents');
    bar.finish('Ingest done in 30.0s');
    expect(out.lines().at(-2)).toMatch(/^Ingesting █+ 2\/2 30\.\ds$/);
    expect(out.lines().at(-1)).toBe('Ingest done in 30.0s');
  });

  it('estimates the time left from progress since measuring started, not from the preparation before it', () => {
    const out = capture();
    const bar = new ProgressBar('Ingesting', 4, out.stream, Date.now() - 60_000);
    bar.update(0, 'preparing');
    bar.measureRateFromHere();
    bar.update(4, 'documents');
    // Four items done at once after a minute of preparation: nothing is left, and no ETA is shown.
    expect(out.lines().at(-1)).not.toContain('ETA');
    const fresh = capture();
    const half = new ProgressBar('Ingesting', 4, fresh.stream, Date.now() - 60_000);
    half.measureRateFromHere();
    half.update(2, 'documents');
    // Two of four done just now: a minute of preparation would have made it "ETA 1m0s".
    expect(fresh.lines().at(-1)).toMatch(/ETA 0\.\ds$/);
  });
});
