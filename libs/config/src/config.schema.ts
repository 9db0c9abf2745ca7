import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable Parley reads; `.env.example` documents the same list. */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  /** PGlite data directory; `memory://` keeps the embedded database in memory (tests). */
  PGLITE_DATA_DIR: z.string().min(1).optional(),
  CORPUS_DIR: z.string().min(1).optional(),
  /** Persona files read instead of `prompts/personas`; meant for tests (`npm test` points it at its fixture personas). */
  PERSONAS_DIR: z.string().min(1).optional(),
  AUTO_INGEST: bool.default(true),
  EMBEDDINGS: z.enum(['glove', 'openai']).default('glove'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  OPENAI_MAX_TOKENS: z.coerce.number().int().min(16).max(8192).default(600),
  OPENAI_MODERATION: bool.default(false),
  REDIS_URL: z.string().url().optional(),
  CORS_ORIGINS: z.string().default('http://localhost:3000,http://127.0.0.1:3000'),
  /** On SIGTERM, how long answers in flight may take to finish before they end with `shutting_down`. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(7_000),
});

export type AppConfig = z.infer<typeof ConfigSchema>;
