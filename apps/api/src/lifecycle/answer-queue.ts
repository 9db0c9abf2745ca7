import { AppError, ErrorCode } from '@parley/core';

/** The error of a question refused because this instance is answering all it can. */
export function answerQueueBusyError(): AppError {
  return new AppError(
    ErrorCode.Busy,
    'Parley is answering as many questions as it can. Please try again shortly.',
  );
}

/**
 * A bounded queue in front of answering: `concurrency` answers run at once, up to `size` questions wait for a
 * slot (each at most `waitMs`), and any question beyond that is refused at once with 503 `busy`. Load above
 * capacity is then turned away in milliseconds instead of piling onto the database pool until requests time out.
 */
export class AnswerQueue {
  private running = 0;
  private readonly waiting: { admit: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly size: number,
    private readonly waitMs: number,
  ) {}

  /** Waits for an answer slot (or throws `busy`); call the returned function once the answer has ended. */
  async admit(): Promise<() => void> {
    if (this.running < this.concurrency) return this.take();
    if (this.waiting.length >= this.size) throw answerQueueBusyError();
    await new Promise<void>((resolve, reject) => {
      const entry = {
        admit: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(answerQueueBusyError());
        }, this.waitMs),
      };
      this.waiting.push(entry);
    });
    return this.take();
  }

  private take(): () => void {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      // The slot passes to the longest-waiting question, if any.
      this.waiting.shift()?.admit();
    };
  }
}
