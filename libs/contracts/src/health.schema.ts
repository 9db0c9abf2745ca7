import { z } from 'zod';

/** `GET /health` (200 when `ok`, 503 otherwise): the pieces an answer needs. */
export const HealthReportSchema = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']),
  database: z.object({ ok: z.boolean(), mode: z.enum(['embedded', 'external']) }),
  corpus: z.object({
    documents: z.number().int().min(0),
    chunks: z.number().int().min(0),
    lastIngest: z.string().nullable(),
    skipped: z.number().int().min(0),
  }),
  embedder: z.object({ id: z.string(), dimension: z.number().int().min(1) }),
  /** Who writes answers: `extractive` (passages chosen from the sources, no model) or `openai:<model>`. */
  answers: z.object({ generator: z.string() }),
  /** Redis fan-out: `disabled` without REDIS_URL (one instance); `unavailable` when configured but unreachable. */
  realtime: z.object({ redis: z.enum(['connected', 'disabled', 'unavailable']) }),
  shuttingDown: z.boolean(),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;

/** `GET /health/ready` when this instance takes traffic (otherwise a 503 error body). */
export const ReadySchema = z.object({ status: z.literal('ready') });
export type Ready = z.infer<typeof ReadySchema>;
