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
  /** A schema of DATABASE_URL's database to keep Parley's tables in (created if missing); default: the server's search_path. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier')
    .optional(),
  /** PGlite data directory; `memory://` keeps the embedded database in memory (tests). */
  PGLITE_DATA_DIR: z.string().min(1).optional(),
  /**
   * The embedded database's shared buffers (`32MB` by default: enough for the real corpus, and zeroed at every
   * open); a corpus of 100,000 chunks searches faster with its indexes held in memory, e.g. `128MB`.
   */
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9]\d*(kB|MB|GB)$/, 'a size such as 32MB')
    .optional(),
  CORPUS_DIR: z.string().min(1).optional(),
  /** Where `corpus:download` fetches origin files: `${CORPUS_ORIGIN_URL}/{repo}/{commit}/{path}` (a school's mirror). */
  CORPUS_ORIGIN_URL: z.url({ protocol: /^https?$/ }).optional(),
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
  /** Students one classroom session admits (removed students do not count). */
  CLASSROOM_MAX_STUDENTS: z.coerce.number().int().min(1).max(10_000).default(100),
  /** On SIGTERM, how long answers in flight may take to finish before they end with `shutting_down`. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(7_000),
  /** Public conversations idle for longer than this are deleted (classroom ones go with their session). */
  CONVERSATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Questions per client address to /api/chat, /api/chat/stream and the /chat namespace together: burst… */
  CHAT_RATE_BURST: z.coerce.number().int().min(1).max(100_000).default(20),
  /** …then this many per minute. */
  CHAT_RATE_PER_MINUTE: z.coerce.number().min(0.1).max(100_000).default(20),
  /** Answers one client address may have in progress at once, HTTP and sockets together. */
  CHAT_MAX_CONCURRENT: z.coerce.number().int().min(1).max(1000).default(3),
  /**
   * Relevance (0..1) the best evidence must reach for an answer to be given (AnswerPolicy.minRelevance, 0.4 when
   * unset): lower answers more questions with weaker evidence, higher abstains more often.
   */
  ANSWER_MIN_RELEVANCE: z.coerce.number().min(0).max(1).optional(),
  /**
   * Express `trust proxy`: unset trusts no proxy (the client is the TCP peer). Behind a load balancer set it to
   * the hops or addresses to trust (`1`, `loopback`, `10.0.0.0/8`) so rate limits key on the real client.
   */
  TRUST_PROXY: z.string().min(1).optional(),
  /** Connections the api holds to DATABASE_URL (the embedded database always gets one: it has one session). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(8),
  /** How long a query waits for a free pooled connection before the request gets 503 `busy`. */
  DATABASE_POOL_WAIT_MS: z.coerce.number().int().min(1).max(600_000).optional(),
  /** Answers computed at once by this instance; more wait in the answer queue. */
  ANSWER_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(16),
  /** Questions that may wait for an answer slot; past that they are refused at once with 503 `busy`. */
  ANSWER_QUEUE_SIZE: z.coerce.number().int().min(0).max(100_000).default(64),
  /** How long a queued question waits for an answer slot before 503 `busy`. */
  ANSWER_QUEUE_WAIT_MS: z.coerce.number().int().min(1).max(600_000).default(5_000),
});

export type AppConfig = z.infer<typeof ConfigSchema>;
