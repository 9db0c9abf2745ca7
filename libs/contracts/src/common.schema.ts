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

export const ErrorBodySchema = z.object({ statusCode: z.number(), code: z.string(), message: z.string() });
export type ErrorBodyDto = z.infer<typeof ErrorBodySchema>;
