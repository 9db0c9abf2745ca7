import { Logger } from '@nestjs/common';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { AppConfig } from '@parley/config';
import type { ChatMessage, ChatModel, ChatOptions } from './chat-model';
import { LlmError } from './llm.error';

export interface OpenAIChatModelOptions {
  apiKey: string;
  /** OpenAI-compatible base URL ending in `/v1`; defaults to OpenAI's. */
  baseURL?: string;
  model: string;
  /** Time allowed until the response headers arrive. */
  timeoutMs: number;
  /** Time allowed between two stream chunks (and until the first one); defaults to `timeoutMs`. */
  idleTimeoutMs?: number;
  /** Hard cap on `max_tokens`; a caller's `maxTokens` can only lower it. */
  maxTokens: number;
  /** Low by default: answers should stick to the passages, not improvise. */
  temperature?: number;
  /** Extra attempts on 429/5xx/connection failures, only while nothing has been yielded. Default 2. */
  retries?: number;
  /** First backoff delay; doubles per retry up to `retryMaxDelayMs`. Default 500. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
}

/** Tuning that is not in the environment (tests shorten the backoff). */
export type OpenAIChatModelTuning = Partial<
  Pick<
    OpenAIChatModelOptions,
    'idleTimeoutMs' | 'temperature' | 'retries' | 'retryBaseDelayMs' | 'retryMaxDelayMs'
  >
>;

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const BACKSTOP_MARGIN_MS = 1000;

/** Streams chat completions from any OpenAI-compatible endpoint, with bounded retries and typed failures. */
export class OpenAIChatModel implements ChatModel {
  readonly id: string;
  private readonly logger = new Logger(OpenAIChatModel.name);
  private readonly client: OpenAI;
  private readonly idleTimeoutMs: number;
  private readonly temperature: number;
  private readonly retries: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;

  constructor(private readonly options: OpenAIChatModelOptions) {
    this.id = `openai:${options.model}`;
    this.idleTimeoutMs = options.idleTimeoutMs ?? options.timeoutMs;
    this.temperature = options.temperature ?? 0.2;
    this.retries = options.retries ?? 2;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? 4000;
    // The SDK's own retries are off: its backoff is not tunable and it would retry timeouts,
    // multiplying the wait a user sees; `stream` retries instead, and only before the first token.
    // Our own timers enforce the timeouts (the SDK's timeout is only a backstop) so that a timeout
    // is recognised as one whichever way the runtime reports the aborted fetch.
    // The base URL is passed explicitly so the SDK never reads the environment behind config's back.
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? DEFAULT_BASE_URL,
      timeout: options.timeoutMs + BACKSTOP_MARGIN_MS,
      maxRetries: 0,
    });
  }

  /** Builds the adapter from the parsed configuration; throws if OPENAI_API_KEY is unset. */
  static fromConfig(config: AppConfig, tuning: OpenAIChatModelTuning = {}): OpenAIChatModel {
    if (!config.OPENAI_API_KEY) throw new Error('OPENAI_API_KEY is not set');
    return new OpenAIChatModel({
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      model: config.OPENAI_MODEL,
      timeoutMs: config.OPENAI_TIMEOUT_MS,
      maxTokens: config.OPENAI_MAX_TOKENS,
      ...tuning,
    });
  }

  /** Yields text deltas in order; throws `LlmError` on failure, retrying only before the first delta. */
  async *stream(messages: readonly ChatMessage[], options: ChatOptions = {}): AsyncIterable<string> {
    const maxTokens = Math.max(
      1,
      Math.min(options.maxTokens ?? this.options.maxTokens, this.options.maxTokens),
    );
    let yielded = false;
    for (let attempt = 1; ; attempt++) {
      try {
        for await (const delta of this.attempt(messages, maxTokens, options.signal)) {
          yielded = true;
          yield delta;
        }
        return;
      } catch (e) {
        const error = e instanceof LlmError ? e : new LlmError('http', { cause: e, detail: String(e) });
        if (yielded || attempt > this.retries || !isRetryable(error)) {
          throw withAttempts(error, attempt);
        }
        const delayMs = this.backoffMs(attempt, error);
        this.logger.warn(
          `${this.id}: ${error.kind}${error.status ? ` ${error.status}` : ''} on attempt ${attempt}, retrying in ${delayMs} ms`,
        );
        await sleep(delayMs, options.signal);
      }
    }
  }

  /** The whole answer text; same errors as `stream`. */
  async complete(messages: readonly ChatMessage[], options: ChatOptions = {}): Promise<string> {
    let text = '';
    for await (const delta of this.stream(messages, options)) text += delta;
    return text;
  }

  /** One request: yields deltas, and throws a classified `LlmError` unless the model reported a finish reason. */
  private async *attempt(
    messages: readonly ChatMessage[],
    maxTokens: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<string> {
    if (signal?.aborted) throw new LlmError('aborted');
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let finished = false;
    // One timer, re-armed: first for the response headers, then for each gap between chunks.
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, ms);
    };
    const classify = (e: unknown, phase: 'request' | 'stream') =>
      signal?.aborted
        ? new LlmError('aborted')
        : timedOut
          ? new LlmError('timeout')
          : classifyError(e, phase);

    try {
      let stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>;
      arm(this.options.timeoutMs);
      try {
        stream = await this.client.chat.completions.create(
          {
            model: this.options.model,
            messages: messages.map((m) => ({ role: m.role, content: m.content })),
            stream: true,
            max_tokens: maxTokens,
            temperature: this.temperature,
          },
          { signal: controller.signal },
        );
      } catch (e) {
        throw classify(e, 'request');
      }
      let finishReason: string | null = null;
      arm(this.idleTimeoutMs);
      try {
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          if (choice?.finish_reason) finishReason = choice.finish_reason;
          const delta = choice?.delta?.content;
          if (!delta) {
            arm(this.idleTimeoutMs);
            continue;
          }
          // The idle clock measures the provider, not a slow consumer, so it is paused while we yield.
          clearTimeout(timer);
          yield delta;
          arm(this.idleTimeoutMs);
        }
      } catch (e) {
        // Everything was said: a connection lost between the finish chunk and [DONE] costs nothing.
        if (finishReason && !signal?.aborted && !timedOut) {
          finished = true;
          return;
        }
        throw classify(e, 'stream');
      }
      // The SDK ends the iteration quietly when its request is aborted, so our own flags tell why.
      if (signal?.aborted) throw new LlmError('aborted');
      if (timedOut) throw new LlmError('timeout');
      if (!finishReason) throw new LlmError('cut', { detail: 'stream ended without a finish_reason' });
      if (finishReason === 'length')
        this.logger.warn(`${this.id}: answer truncated at max_tokens=${maxTokens}`);
      finished = true;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // A consumer that stops early (break, error) must not leave the connection streaming.
      if (!finished) controller.abort();
    }
  }

  private backoffMs(attempt: number, error: LlmError): number {
    const exponential = Math.min(this.retryBaseDelayMs * 2 ** (attempt - 1), this.retryMaxDelayMs);
    const retryAfter = retryAfterMs(error.cause);
    if (retryAfter !== undefined) return Math.min(Math.max(retryAfter, 0), this.retryMaxDelayMs);
    // Half fixed, half random: spreads retries of many api instances hitting the same rate limit.
    return Math.round(exponential / 2 + (Math.random() * exponential) / 2);
  }
}

function classifyError(e: unknown, phase: 'request' | 'stream'): LlmError {
  const detail = e instanceof Error ? e.message : String(e);
  if (e instanceof APIUserAbortError) return new LlmError('aborted', { cause: e });
  if (e instanceof APIConnectionTimeoutError) return new LlmError('timeout', { cause: e, detail });
  if (e instanceof APIConnectionError) return new LlmError('http', { cause: e, detail });
  if (e instanceof APIError && e.status !== undefined) {
    const kind = e.status === 401 || e.status === 403 ? 'auth' : 'http';
    return new LlmError(kind, { status: e.status, cause: e, detail });
  }
  // An `error` event inside the SSE stream: the provider failed mid-answer and said so.
  if (e instanceof APIError) return new LlmError('http', { cause: e, detail });
  // Anything else while reading the body is the connection dying under us (undici's "terminated").
  return new LlmError(phase === 'stream' ? 'cut' : 'http', { cause: e, detail });
}

function isRetryable(e: LlmError): boolean {
  if (e.kind === 'cut') return true;
  if (e.kind !== 'http') return false;
  return e.status === undefined || e.status === 408 || e.status === 429 || e.status >= 500;
}

function withAttempts(e: LlmError, attempts: number): LlmError {
  if (e.attempts === attempts) return e;
  return new LlmError(e.kind, { status: e.status, attempts, cause: e.cause, detail: e.detail });
}

function retryAfterMs(cause: unknown): number | undefined {
  if (!(cause instanceof APIError) || !cause.headers) return undefined;
  const ms = Number.parseFloat(cause.headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const seconds = Number.parseFloat(cause.headers.get('retry-after') ?? '');
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmError('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LlmError('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
