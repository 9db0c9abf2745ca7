import { z } from 'zod';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AnswerSchema, ChatRequestSchema, ErrorBodySchema, SearchResponseSchema } from '@parley/contracts';

type Json = Record<string, unknown>;

function schema(s: z.ZodType): Json {
  const json = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
  delete json.$schema;
  return json;
}

const errors = {
  '400': {
    description: 'Bad input (`validation_failed`, `as_of_out_of_range`)',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '404': {
    description: 'Unknown persona, document or conversation',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '503': {
    description: 'Database unavailable or shutting down',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
};

function json(ref: string, description = 'OK') {
  return {
    description,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
  };
}

const personaParam = {
  name: 'persona',
  in: 'query',
  required: true,
  schema: { type: 'string', example: 'lenin' },
};

/** The OpenAPI description of the HTTP API, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(extraPaths: Json = {}): OpenAPIObject {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Parley API',
      version: '0.1.0',
      description:
        'Question historical figures who answer only from their own writings. Every citation quote equals document.text.slice(start, end).',
    },
    paths: {
      '/health': {
        get: {
          summary: 'Readiness: database, corpus and embedder',
          responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } },
        },
      },
      '/api/personas': {
        get: {
          summary: 'List personas with their document counts',
          responses: { '200': { description: 'OK' } },
        },
      },
      '/api/personas/{id}': {
        get: {
          summary: 'One persona with its sources',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'OK' }, '404': errors['404'] },
        },
      },
      '/api/documents/{id}': {
        get: {
          summary: 'Document metadata and full text, by id or URL-encoded corpus path',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'OK' }, '404': errors['404'] },
        },
      },
      '/api/search': {
        get: {
          summary: "Hybrid search (vectors + full text, RRF) over one persona's documents",
          parameters: [
            personaParam,
            { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 2000 } },
            {
              name: 'k',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
            },
            { name: 'asOf', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
          ],
          responses: { '200': json('SearchResponse'), '400': errors['400'], '404': errors['404'] },
        },
      },
      '/api/chat': {
        post: {
          summary: 'Ask a persona (or the historian) a question; the answer cites verified passages',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ChatRequest' } } },
          },
          responses: {
            '200': json('Answer'),
            '400': errors['400'],
            '404': errors['404'],
            '503': errors['503'],
          },
        },
      },
      '/api/chat/stream': {
        post: {
          summary: 'The same question answered as server-sent events',
          description:
            'Events in order: `meta` (conversationId, messageId, persona), `citations` (the numbered retrieved passages), `delta` ({ text }, zero or more), then `done` (the verified Answer; it supersedes the deltas) or `error` ({ code, message }).',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ChatRequest' } } },
          },
          responses: {
            '200': {
              description: 'text/event-stream',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            '400': errors['400'],
          },
        },
      },
      '/api/conversations/{id}': {
        get: {
          summary: 'A conversation with its messages and citations',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: { '200': { description: 'OK' }, '400': errors['400'], '404': errors['404'] },
        },
      },
      ...extraPaths,
    },
    components: {
      schemas: {
        Error: schema(ErrorBodySchema),
        SearchResponse: schema(SearchResponseSchema),
        ChatRequest: schema(ChatRequestSchema),
        Answer: schema(AnswerSchema),
      },
    },
  } as OpenAPIObject;
}
