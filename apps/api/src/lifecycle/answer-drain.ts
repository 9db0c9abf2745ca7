import { Injectable, Logger } from '@nestjs/common';
import { AppError, ErrorCode, settlesWithin } from '@parley/core';

/** The reason given to answers still running when the grace period ends. */
export function shuttingDownError(): AppError {
  return new AppError(ErrorCode.ShuttingDown, 'The server is restarting. Please ask again in a moment.');
}

/**
 * Knows whether this instance is shutting down, and which answers are in flight (SSE and socket.io
 * `/chat`), so a SIGTERM can stop taking questions at once, let running answers finish within a grace
 * period, and end the rest with a `shutting_down` error instead of cutting them off.
 */
@Injectable()
export class AnswerDrain {
  private readonly logger = new Logger(AnswerDrain.name);
  private readonly running = new Set<AbortController>();
  private readonly idleWaiters = new Set<() => void>();
  private stopping = false;

  get shuttingDown(): boolean {
    return this.stopping;
  }

  /** Refuses new questions once shutdown has begun (503 `shutting_down`). */
  assertAccepting(): void {
    if (this.stopping) throw shuttingDownError();
  }

  /** Registers an answer in flight; call the returned function when it has ended, however it ended. */
  track(controller: AbortController): () => void {
    this.running.add(controller);
    return () => {
      this.running.delete(controller);
      if (this.running.size === 0) for (const wake of this.idleWaiters) wake();
    };
  }

  /** Marks the instance as going away: readiness fails and new questions are refused from now on. */
  begin(): void {
    this.stopping = true;
  }

  /**
   * Waits for the answers in flight (and `also`, e.g. classroom answers) up to `graceMs`, then aborts
   * the tracked ones with `shutting_down` and waits briefly for them to report it.
   */
  async drain(graceMs: number, also: Promise<unknown>[] = []): Promise<void> {
    this.begin();
    if (this.running.size > 0) this.logger.log(`waiting for ${this.running.size} answer(s) to finish`);
    const finished = await settlesWithin(Promise.all([this.idle(), ...also]), graceMs);
    if (finished) return;
    this.logger.warn(`ending ${this.running.size} answer(s) still running after ${graceMs} ms`);
    const reason = shuttingDownError();
    for (const controller of this.running) controller.abort(reason);
    // Aborted answers still write their `error` event and record the failure; give them a moment.
    await settlesWithin(this.idle(), 2_000);
  }

  private idle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.idleWaiters.delete(wake);
        resolve();
      };
      this.idleWaiters.add(wake);
    });
  }
}
