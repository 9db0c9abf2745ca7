import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import OpenAI, { APIConnectionError, APIError, AuthenticationError } from 'openai';
import type { Embedder } from './embedder';
import { EmbeddingServiceError } from './embedding.error';
import { l2Normalise } from './vector-math';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
// Local OpenAI-compatible servers (Ollama, llama.cpp) ignore the key, but the SDK insists on one.
const PLACEHOLDER_KEY = 'no-key-needed';
// Published sizes, so `dimension` is right before the first call for the common models; a probe
// (`init`) or the first response replaces them with what the server really returns.
const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

export interface OpenAIEmbedderOptions {
  /** Required for api.openai.com; optional when `baseURL` points at a local server. */
  apiKey?: string;
  /** OpenAI-compatible base URL ending in `/v1`; defaults to OpenAI's. */
  baseURL?: string;
  model: string;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** Inputs per request. Default 96. */
  batchSize?: number;
  /** Requests made for one batch before giving up on 429/5xx/connection failures. Default 5. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt up to `maxDelayMs`. Defaults 500 and 20 000. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** The vector size, when known in advance; sent to the API as `dimensions` (text-embedding-3 models can shorten). */
  dimensions?: number;
}

/**
 * Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint, batched, retried with
 * exponential backoff on 429/5xx/connection failures, L2-normalised. `id` is `openai:<model>`.
 * `dimension` is the configured size, else what the server returned, else the model's published
 * size, else 0: call `init()` once before relying on it for an unknown model.
 */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  private readonly logger = new Logger(OpenAIEmbedder.name);
  private readonly client: OpenAI;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private discovered: number | undefined;
  private probe: Promise<void> | undefined;

  constructor(private readonly options: OpenAIEmbedderOptions) {
    if (!options.apiKey && !options.baseURL) {
      throw new Error(
        'EMBEDDINGS=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server)',
      );
    }
    this.id = `openai:${options.model}`;
    this.batchSize = positiveInteger(options.batchSize ?? 96, 'batchSize');
    this.maxAttempts = positiveInteger(options.maxAttempts ?? 5, 'maxAttempts');
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
    // The SDK's retries are off (its backoff is not tunable); baseURL and key are passed explicitly
    // so the SDK never reads the environment behind config's back.
    this.client = new OpenAI({
      apiKey: options.apiKey ?? PLACEHOLDER_KEY,
      baseURL: options.baseURL ?? DEFAULT_BASE_URL,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: 0,
    });
  }

  get dimension(): number {
    return this.options.dimensions ?? this.discovered ?? KNOWN_DIMENSIONS[this.options.model] ?? 0;
  }

  /** Embeds one probe text (once per instance) so `dimension` is what the server really returns. */
  init(): Promise<void> {
    if (this.options.dimensions !== undefined || this.discovered !== undefined) return Promise.resolve();
    this.probe ??= this.embedBatch(['dimension probe']).then(
      () => undefined,
      (e: unknown) => {
        this.probe = undefined;
        throw e;
      },
    );
    return this.probe;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      out.push(...(await this.embedBatch(texts.slice(i, i + this.batchSize))));
    }
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedBatch([text]);
    return vector;
  }

  private async embedBatch(input: string[]): Promise<number[][]> {
    const response = await this.withRetry(() =>
      this.client.embeddings.create({
        model: this.options.model,
        input,
        // Explicit, because the SDK otherwise asks for base64, which some compatible servers lack.
        encoding_format: 'float',
        ...(this.options.dimensions !== undefined && { dimensions: this.options.dimensions }),
      }),
    );
    if (response.data.length !== input.length) {
      throw new Error(`${this.id} returned ${response.data.length} embeddings for ${input.length} inputs`);
    }
    const vectors = [...response.data].sort((x, y) => x.index - y.index).map((d) => l2Normalise(d.embedding));
    for (const v of vectors) this.checkDimension(v.length);
    return vectors;
  }

  private checkDimension(length: number): void {
    const expected = this.options.dimensions ?? this.discovered;
    if (expected === undefined) {
      this.discovered = length;
      this.logger.log(`${this.id} returns ${length}-dimensional vectors`);
    } else if (length !== expected) {
      throw new Error(`${this.id} returned a ${length}-dimensional vector, expected ${expected}`);
    }
  }

  private async withRetry<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (e) {
        if (e instanceof AuthenticationError) {
          throw new EmbeddingServiceError(
            `${this.id}: the API key was rejected (401); check OPENAI_API_KEY`,
            401,
            e,
          );
        }
        if (!isRetryable(e) || attempt >= this.maxAttempts) {
          const status = e instanceof APIError ? e.status : undefined;
          throw new EmbeddingServiceError(
            `${this.id} embedding request failed after ${attempt} attempt(s): ${describe(e)}`,
            status,
            e,
          );
        }
        const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        this.logger.warn(
          `${this.id}: ${describe(e)}; retrying in ${delay} ms (attempt ${attempt + 1} of ${this.maxAttempts})`,
        );
        await sleep(delay);
      }
    }
  }
}

function isRetryable(e: unknown): boolean {
  if (e instanceof APIConnectionError) return true; // includes timeouts
  if (!(e instanceof APIError) || e.status === undefined) return false;
  return e.status === 408 || e.status === 429 || e.status >= 500;
}

// The SDK's messages already start with the status ("429 Rate limit reached").
function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function positiveInteger(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`OpenAIEmbedder ${name} must be a positive integer, got ${n}`);
  }
  return n;
}
