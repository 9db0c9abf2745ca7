export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatOptions {
  /** Aborting rejects with an `LlmError` of kind `aborted` and releases the connection. */
  signal?: AbortSignal;
  /** Upper bound on generated tokens; the adapter may cap it further. */
  maxTokens?: number;
}

/**
 * The chat-model port. Every failure surfaces as an `LlmError`, so callers can fall back
 * (e.g. to the extractive answer) on one error type.
 */
export interface ChatModel {
  /** Names the generator in answers, e.g. `openai:gpt-4o-mini`. */
  readonly id: string;
  /** Yields the answer's text deltas in order; ends only after the model said it finished. */
  stream(messages: readonly ChatMessage[], options?: ChatOptions): AsyncIterable<string>;
  /** The whole answer, with the same guarantees and errors as `stream`. */
  complete(messages: readonly ChatMessage[], options?: ChatOptions): Promise<string>;
}
