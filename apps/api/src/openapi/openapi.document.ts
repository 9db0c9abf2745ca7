import { z } from 'zod';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  AnswerSchema,
  ChatRequestSchema,
  CONVERSATION_SECRET_HEADER,
  ClassroomViewSchema,
  CreateClassroomRequestSchema,
  CreateClassroomResponseSchema,
  ErrorBodySchema,
  JoinClassroomRequestSchema,
  JoinClassroomResponseSchema,
  SearchResponseSchema,
} from '@parley/contracts';

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
  '415': {
    description:
      '`unsupported_media_type`: the JSON body is in a charset other than UTF-8 or has a content encoding the server does not read',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '429': {
    description:
      'Too many requests from this address (`rate_limited`), or too many answers in progress at once; the message and `Retry-After` say how many seconds to wait',
    headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '503': {
    description:
      'Database unavailable (`database_unavailable`), shutting down (`shutting_down`), or at capacity (`busy`, with a Retry-After header)',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
};

/** The secret of the conversation being continued or read; a header, so that it never lands in a URL log. */
const conversationSecretHeader = {
  name: CONVERSATION_SECRET_HEADER,
  in: 'header',
  required: false,
  description:
    'The `conversationSecret` of the Answer (or `meta` event) that created the conversation. Needed to continue it (`conversationId`); without it, or with another, the conversation is unknown (404 `unknown_conversation`). Classroom conversations are never reachable here.',
  schema: { type: 'string' },
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
      '/health/ready': {
        get: {
          summary:
            'Readiness for load balancers: 503 `shutting_down` from the moment the process receives SIGTERM (answers in flight then get SHUTDOWN_GRACE_MS to finish), 503 `database_unavailable` while the database is unreachable',
          responses: {
            '200': {
              description: 'ready',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { status: { type: 'string', enum: ['ready'] } },
                    required: ['status'],
                  },
                },
              },
            },
            '503': errors['503'],
          },
        },
      },
      '/api/personas': {
        get: {
          summary:
            'List personas with their document counts and `starters` (three to five questions their documents answer)',
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
          description:
            'A greeting ("Hello, who are you?") is answered with Parley\'s own short description of the persona: `generator` is `parley:introduction` and it cites nothing. ' +
            'The answer that starts a conversation carries `conversationSecret`, once: keep it to continue or read the conversation. Questions from one address share a budget with `/api/chat/stream` and the socket.io `/chat` namespace (429 `rate_limited` with `Retry-After`).',
          parameters: [conversationSecretHeader],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ChatRequest' } } },
          },
          responses: {
            '200': json('Answer'),
            '400': errors['400'],
            '404': errors['404'],
            '415': errors['415'],
            '429': errors['429'],
            '503': errors['503'],
          },
        },
      },
      '/api/chat/stream': {
        post: {
          summary: 'The same question answered as server-sent events',
          description:
            "Events in order: `meta` (conversationId, `conversationSecret` when this question started the conversation, messageId, persona), `citations` (numbered as the `[n]` markers of the deltas that follow: offline, the verified answer's citations, and the deltas are its sentences one by one; with a model, the retrieved passages as numbered for the model, which the final answer keeps (gaps where a passage is no longer cited), then the verified citations again if the model failed and the extractive answer replaced it), `delta` ({ text }, zero or more), then `done` (the verified Answer; it supersedes the deltas) or `error` ({ code, message }). A request that cannot be answered (bad body, unknown persona or conversation, wrong conversation secret, `asOf` outside the persona's life, rate limited, server shutting down) gets a plain JSON error before any event.",
          parameters: [conversationSecretHeader],
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
            '404': errors['404'],
            '415': errors['415'],
            '429': errors['429'],
            '503': errors['503'],
          },
        },
      },
      '/api/conversations/{id}': {
        get: {
          summary:
            'A conversation with its messages, their citations and, on a `no_sources` refusal, the `readFurther` documents it offered, to the holder of its secret',
          description:
            'Public conversations only, and only with `X-Conversation-Secret`; anything else (no secret, another secret, a classroom conversation, no such id) is 404 `unknown_conversation`. Public conversations are deleted after `CONVERSATION_RETENTION_DAYS` (default 30) without a new message.',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
            { ...conversationSecretHeader, required: true },
          ],
          responses: { '200': { description: 'OK' }, '400': errors['400'], '404': errors['404'] },
        },
      },
      '/api/classrooms': {
        post: {
          summary: 'Create a classroom session; returns its join code and the teacher token',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/CreateClassroomRequest' } },
            },
          },
          description:
            'Every persona must exist (404 `unknown_persona`) and, when `asOf` is given, have lived on that date (400 `as_of_out_of_range`). Limited per address (the teachers of a school share one): 30 sessions, then one every 2 minutes.',
          responses: {
            '201': json('CreateClassroomResponse'),
            '400': errors['400'],
            '404': errors['404'],
            '415': errors['415'],
            '429': errors['429'],
          },
        },
      },
      '/api/classrooms/join': {
        post: {
          summary: 'Join with a code and a display name (nothing else is stored)',
          description:
            'Only wrong codes count against an address: 10, then one every 6 s. An address that has used them up gets 429 for every code, except for sessions a student already joined from that address, so one student cannot lock a class behind one school address out. A session admits 60 joins at once, then one a second, and at most `CLASSROOM_MAX_STUDENTS` students (default 100; removed students do not count).',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/JoinClassroomRequest' } },
            },
          },
          responses: {
            '201': json('JoinClassroomResponse'),
            '400': {
              ...errors['400'],
              description: `${errors['400'].description}; display_name_reserved (the teacher's role word or name, or a persona's name, compared by confusable skeleton)`,
            },
            '401': { description: 'invalid_join_code' },
            '403': { description: '`classroom_locked` or `classroom_full`' },
            '410': { description: 'classroom_ended' },
            '415': errors['415'],
            '429': errors['429'],
          },
        },
      },
      '/api/classrooms/{id}': {
        get: {
          summary: 'The session as the bearer sees it (Authorization: Bearer <token>)',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            '200': json('ClassroomView'),
            '401': { description: 'unauthorized' },
            '403': { description: 'forbidden' },
          },
        },
        delete: {
          summary: 'Teacher only: delete the session and everything of it at once',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            '204': { description: 'deleted' },
            '401': { description: 'unauthorized' },
            '403': { description: 'forbidden' },
          },
        },
      },
      '/api/classrooms/{id}/transcript': {
        get: {
          summary: 'Teacher only: every exchange with its citations, as md, json or printable html',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
            {
              name: 'format',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['md', 'json', 'html'], default: 'json' },
            },
          ],
          responses: {
            '200': { description: 'the transcript' },
            '401': { description: 'unauthorized' },
            '403': { description: 'forbidden' },
          },
        },
      },
      '/api/realtime/chat-tokens': {
        post: {
          summary: 'A token for the /chat socket.io namespace (see docs/realtime.md)',
          description:
            'Refused with 403 `forbidden` when a page on another site sends it (an `Origin` that is neither this site nor listed in `CORS_ORIGINS`, or `Sec-Fetch-Site: cross-site`). Limited per address: 30 tokens, then one every 2 minutes.',
          responses: {
            '201': { description: 'token' },
            '403': { description: 'forbidden: sent by a page on another site' },
            '429': errors['429'],
          },
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
        CreateClassroomRequest: schema(CreateClassroomRequestSchema),
        CreateClassroomResponse: schema(CreateClassroomResponseSchema),
        JoinClassroomRequest: schema(JoinClassroomRequestSchema),
        JoinClassroomResponse: schema(JoinClassroomResponseSchema),
        ClassroomView: schema(ClassroomViewSchema),
      },
    },
  } as OpenAPIObject;
}
