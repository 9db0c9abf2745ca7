import { Logger, type INestApplication } from '@nestjs/common';
import { AnswerRunner } from '@parley/classroom';
import { AnswerDrain } from './answer-drain';

const logger = new Logger('Shutdown');

/**
 * On SIGTERM or SIGINT: readiness fails at once and new questions are refused, answers in flight get
 * `graceMs` to finish (then end with `shutting_down`), and the app closes (socket.io, HTTP, database)
 * before the process exits. A second signal, or a close that hangs, exits at once.
 */
export function exitGracefullyOnSignals(app: INestApplication, graceMs: number): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    started = true;
    logger.log(`${signal}: draining (up to ${graceMs} ms), then closing`);
    // Whatever happens below, the process must not outlive its grace period by much.
    setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, graceMs + 10_000).unref();
    shutDown(app, graceMs).then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error(`shutdown failed: ${(e as Error)?.stack ?? String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function shutDown(app: INestApplication, graceMs: number): Promise<void> {
  const drain = app.get(AnswerDrain);
  drain.begin();
  const classroomAnswers = app.get(AnswerRunner, { strict: false }).idle();
  await drain.drain(graceMs, [classroomAnswers]);
  await app.close();
  logger.log('closed');
}
