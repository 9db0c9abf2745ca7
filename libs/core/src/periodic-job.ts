import type { LoggerService } from '@nestjs/common';
import { errorMessage } from './app-error';

/**
 * A task run every so often in the background (a retention sweep): on a timer that is unref'd, so it never keeps
 * the process alive; never two runs at once (a tick that finds a run in progress is skipped); a failed run is logged
 * as a warning and the next tick runs as usual; `stop()` clears the timer and waits for a run in progress.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    /** Names the job in the warning a failed run logs. */
    private readonly name: string,
    private readonly task: () => Promise<unknown>,
    private readonly logger: Pick<LoggerService, 'warn'>,
  ) {}

  /** Runs the task every `everyMs`; a period of zero or less (or a second call) starts nothing. */
  start(everyMs: number): void {
    if (everyMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), everyMs);
    this.timer.unref();
  }

  /** Stops the timer; resolves once a run in progress has finished. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One run now, or the run already in progress; never rejects. */
  runOnce(): Promise<void> {
    this.running ??= this.task()
      .then(
        () => undefined,
        (e: unknown) => this.logger.warn(`${this.name} failed: ${errorMessage(e)}`),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
