import type { z } from 'zod';
import { AppError } from './app-error';
import { ErrorCode } from './error-code';

/** Describes zod issues in one readable line: `message: too long; persona: required`. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'body'}: ${i.message}`)
    .join('; ');
}

/** Parses input at the edge; a failure becomes a 400 `validation_failed` naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError(ErrorCode.ValidationFailed, describeIssues(result.error.issues));
  return result.data;
}
