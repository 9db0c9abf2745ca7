import {
  AnswerSchema,
  CONVERSATION_SECRET_HEADER,
  StreamCitationsSchema,
  StreamDeltaSchema,
  StreamErrorSchema,
  StreamMetaSchema,
  type Answer,
  type ChatRequest,
  type Citation,
  type StreamMeta,
} from '@parley/contracts';
import { z } from 'zod';
import { ApiError, networkError } from './api-error';
import { request } from './api-client';
import { readSse } from './sse';

export interface StreamHandlers {
  onMeta(meta: StreamMeta): void;
  onCitations(citations: Citation[]): void;
  onDelta(text: string): void;
}

/** Asks over `POST /api/chat/stream`, reporting events as they arrive; resolves with the verified Answer of `done`. */
export async function streamAnswer(
  body: ChatRequest,
  handlers: StreamHandlers,
  signal?: AbortSignal,
  conversationSecret?: string,
): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'text/event-stream' };
  // The secret of the conversation this question continues travels in a header, never in the URL.
  if (conversationSecret) headers[CONVERSATION_SECRET_HEADER] = conversationSecret;
  const res = await request('/api/chat/stream', {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal,
  });
  if (!res.body) throw networkError();
  try {
    for await (const { event, data } of readSse(res.body)) {
      const json: unknown = JSON.parse(data);
      switch (event) {
        case 'meta':
          handlers.onMeta(StreamMetaSchema.parse(json));
          break;
        case 'citations':
          handlers.onCitations(StreamCitationsSchema.parse(json).citations);
          break;
        case 'delta':
          handlers.onDelta(StreamDeltaSchema.parse(json).text);
          break;
        case 'done':
          return AnswerSchema.parse(json);
        case 'error': {
          const err = StreamErrorSchema.parse(json);
          throw new ApiError(200, err.code, err.message);
        }
        default:
          break;
      }
    }
  } catch (e) {
    if (e instanceof ApiError || (e instanceof DOMException && e.name === 'AbortError')) throw e;
    if (e instanceof z.ZodError || e instanceof SyntaxError)
      throw new ApiError(200, 'bad_response', 'Parley sent an answer this page could not read.');
    throw new ApiError(0, 'stream_interrupted', 'The connection dropped while the answer was streaming.');
  }
  throw new ApiError(0, 'stream_interrupted', 'The connection dropped while the answer was streaming.');
}
