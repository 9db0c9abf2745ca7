/** A terminal progress bar with counts and ETA; prints plain periodic lines when the stream is not a TTY. */
export class ProgressBar {
  private lastLine = 0;
  private current = 0;
  /** Where the ETA's rate is measured from: the start, unless `measureRateFromHere` moved it. */
  private rateFrom: { at: number; current: number };

  /** `startedAt` lets the elapsed time include work done before the bar appeared, so it matches a total reported later. */
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly startedAt = Date.now(),
  ) {
    this.rateFrom = { at: startedAt, current: 0 };
  }

  update(current: number, detail = ''): void {
    this.current = current;
    const now = Date.now();
    const tty = Boolean(this.stream.isTTY);
    // Non-TTY output (CI logs) gets a line every 2 s instead of a redrawn bar.
    if (!tty && now - this.lastLine < 2000 && current < this.total) return;
    this.lastLine = now;
    const line = this.render(detail);
    this.stream.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  /** The ETA counts only progress from now on (after preparation, or after items skipped at no cost). */
  measureRateFromHere(): void {
    this.rateFrom = { at: Date.now(), current: this.current };
  }

  /** The bar's last state, then the summary: the bar's time is the whole run's, as the summary reports it. */
  finish(summary: string): void {
    this.stream.write(this.stream.isTTY ? `\r${this.render('')}\x1b[K\n` : `${this.render('')}\n`);
    this.stream.write(`${summary}\n`);
  }

  private render(detail: string): string {
    const ratio = this.total === 0 ? 1 : Math.min(1, this.current / this.total);
    const width = 28;
    const filled = Math.round(ratio * width);
    const now = Date.now();
    const elapsed = (now - this.startedAt) / 1000;
    const progressed = this.current - this.rateFrom.current;
    const eta =
      progressed > 0 && ratio < 1
        ? ` ETA ${formatSeconds((((now - this.rateFrom.at) / 1000) * (this.total - this.current)) / progressed)}`
        : '';
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    return `${this.label} ${bar} ${this.current}/${this.total}${detail ? ` ${detail}` : ''} ${formatSeconds(elapsed)}${eta}`;
  }
}

function formatSeconds(s: number): string {
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}
