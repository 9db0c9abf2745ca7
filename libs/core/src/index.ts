export { ErrorCode, httpStatusFor } from './error-code';
export { AppError, errorMessage, isAppError } from './app-error';
export { ReportedError, isDatabaseUnavailable, toErrorBody, unreported, type ErrorBody } from './error-body';
export { BUSY_RETRY_AFTER_SECONDS, HttpExceptionFilter } from './http-exception.filter';
export { projectRoot } from './project-root';
export { describeIssues, parseOrThrow } from './zod-parse';
export { ProgressBar } from './progress-bar';
export { settlesWithin, withTimeout } from './timeout';
export { PeriodicJob } from './periodic-job';
export { seededRandom } from './seeded-random';
export {
  fitLogistic,
  fitNamedLogistic,
  logOdds,
  sigmoid,
  type LogisticFit,
  type LogisticOptions,
  type NamedLogisticModel,
  namedLogisticSchema,
} from './logistic-regression';
