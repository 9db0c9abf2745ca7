import { z } from 'zod';

/** Persona ids are slugs (`lenin`); nothing in code names a particular persona. */
export const PersonaIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a persona id such as "lenin"');

/** An ISO calendar date `YYYY-MM-DD` that exists. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'is not a real calendar date');

/** Every error answer: a code from the error enum and a message for people; a 500 adds the id its log line carries. */
export const ErrorBodySchema = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  message: z.string(),
  correlationId: z.string().optional(),
});
export type ErrorBodyDto = z.infer<typeof ErrorBodySchema>;

// C0/C1 controls, DEL, and the bidi/zero-width format characters that can disguise text.
const CONTROL_CHARS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

// A UTF-16 surrogate without its pair: not a character, and Postgres refuses it inside jsonb.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Removes control and invisible formatting characters and lone surrogates; keeps newlines and tabs only
 * when asked to.
 */
export function stripControlCharacters(text: string, keepLineBreaks = false): string {
  const cleaned = text.replace(CONTROL_CHARS, '').replace(LONE_SURROGATE, '');
  return keepLineBreaks ? cleaned.replace(/\r\n?/g, '\n') : cleaned.replace(/[\t\n\r]+/g, ' ');
}
