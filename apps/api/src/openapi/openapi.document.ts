import { z } from 'zod';
import type { OpenAPIObject } from '@nestjs/swagger';
import * as contracts from '@parley/contracts';
import {
  ChatRequestSchema,
  CONVERSATION_SECRET_HEADER,
  CreateClassroomRequestSchema,
  ErrorBodySchema,
  JoinClassroomRequestSchema,
  STREAM_EVENTS,
} from '@parley/contracts';
import { responseJsonSchema } from '../http/response-contract';
import { httpRoutes } from './http-routes';

type Json = Record<string, unknown>;
type Operation = { responses: Record<string, Json> } & Json;

// Every schema `@parley/contracts` exports, by the name it is exported under less `Schema` (`AnswerSchema` → `Answer`);
// an alias exported later (`ChatAnswerDoneEventSchema = AnswerSchema`) keeps the first name.
const CONTRACT_NAMES = new Map<unknown, string>();
for (const [name, schema] of Object.entries(contracts)) {
  if (name.endsWith('Schema') && !CONTRACT_NAMES.has(schema))
    CONTRACT_NAMES.set(schema, name.slice(0, -'Schema'.length));
}

/**
 * `components.schemas`, filled as operations name the contracts they use: a request body as its input side
 * (what a client may send), a response as its output side (what the server sends, every key listed).
 */
class Components {
  readonly schemas: Record<string, Json> = {};

  ref(schema: z.ZodType, io: 'input' | 'output'): Json {
    const name = CONTRACT_NAMES.get(schema);
    if (!name) throw new Error('A documented body must be a schema exported by @parley/contracts.');
    const json = io === 'output' ? responseJsonSchema(schema) : requestJsonSchema(schema);
    const known = this.schemas[name];
    if (known && JSON.stringify(known) !== JSON.stringify(json))
      throw new Error(`${name} is documented both as a request and as a response; give each its own schema.`);
    this.schemas[name] = json;
    return { $ref: `#/components/schemas/${name}` };
  }

  json(schema: z.ZodType, io: 'input' | 'output'): Json {
    return { 'application/json': { schema: this.ref(schema, io) } };
  }
}

function requestJsonSchema(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  delete json.$schema;
  return json;
}

function errorResponses(c: Components) {
  const error = (description: string) => ({ description, content: c.json(ErrorBodySchema, 'output') });
  return {
    '400': error('Bad input (`validation_failed`, `as_of_out_of_range`)'),
    '401': error('`unauthorized`: no session token, or one that is not valid'),
    '403': error('`forbidden`: the token belongs to another session or lacks the role'),
    '404': error('Unknown persona, document or conversation'),
    '410': error('`classroom_ended`: the session is over'),
    '415': error(
      '`unsupported_media_type`: the JSON body is in a charset other than UTF-8 or has a content encoding the server does not read',
    ),
    '429': {
      ...error(
        'Too many requests from this address (`rate_limited`), or too many answers in progress at once; the message and `Retry-After` say how many seconds to wait',
      ),
      headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
    },
    '503': error(
      'Database unavailable (`database_unavailable`), shutting down (`shutting_down`), or at capacity (`busy`, with a Retry-After header)',
    ),
  };
}

/** The secret of the conversation being continued or read; a header, so that it never lands in a URL log. */
const conversationSecretHeader = {
  name: CONVERSATION_SECRET_HEADER,
  in: 'header',
  required: false,
  description:
    'The `conversationSecret` of the Answer (or `meta` event) that created the conversation. Needed to continue it (`conversationId`); without it, or with another, the conversation is unknown (404 `unknown_conversation`). Classroom conversations are never reachable here.',
  schema: { type: 'string' },
};

const personaParam = {
  name: 'persona',
  in: 'query',
  required: true,
  schema: { type: 'string', example: 'lenin' },
};

const idParam = (format?: 'uuid') => ({
  name: 'id',
  in: 'path',
  required: true,
  schema: format ? { type: 'string', format } : { type: 'string' },
});

/**
 * Puts each route's declared response contracts (`@Returns` on its controller) into its operation: the body
 * schemas come from the controllers, so a field added to a contract appears here without a second edit.
 */
function addResponseContracts(paths: Record<string, Record<string, Operation>>, c: Components): void {
  for (const route of httpRoutes()) {
    const operation = ((paths[route.path] ??= {})[route.method] ??= { responses: {} });
    for (const contract of route.contracts) {
      const written = operation.responses[String(contract.status)] as { content?: Json } | undefined;
      operation.responses[String(contract.status)] = {
        description: contract.description,
        ...written,
        content: { ...c.json(contract.schema, 'output'), ...written?.content },
      };
    }
  }
}

/**
 * The OpenAPI description of the HTTP API. Request and response bodies are generated from the zod schemas that
 * validate them (responses from each controller's `@Returns`); summaries, parameters and errors are written here.
 */
export function buildOpenApiDocument(extraPaths: Json = {}): OpenAPIObject {
  const c = new Components();
  const errors = errorResponses(c);
  const paths: Record<string, Record<string, Operation>> = {
    '/health': {
      get: {
        summary: 'Health: database, corpus, embedder, who writes answers, the real-time link',
        responses: {},
      },
    },
    '/health/ready': {
      get: {
        summary:
          'Readiness for load balancers: 503 `shutting_down` from the moment the process receives SIGTERM (answers in flight then get SHUTDOWN_GRACE_MS to finish), 503 `database_unavailable` while the database is unreachable',
        responses: { '503': errors['503'] },
      },
    },
    '/api/personas': {
      get: {
        summary:
          'List personas with their document counts and `starters` (three to five questions their documents answer)',
        responses: {},
      },
    },
    '/api/personas/{id}': {
      get: {
        summary: 'One persona with its sources',
        parameters: [idParam()],
        responses: { '404': errors['404'] },
      },
    },
    '/api/documents/{id}': {
      get: {
        summary: 'Document metadata and full text, by id or URL-encoded corpus path',
        parameters: [idParam()],
        responses: { '400': errors['400'], '404': errors['404'] },
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
        responses: { '400': errors['400'], '404': errors['404'] },
      },
    },
    '/api/chat': {
      post: {
        summary: 'Ask a persona (or the historian) a question; the answer cites verified passages',
        description:
          'A greeting ("Hello, who are you?") is answered with Parley\'s own short description of the persona: `generator` is `parley:introduction` and it cites nothing. ' +
          'The answer that starts a conversation carries `conversationSecret`, once: keep it to continue or read the conversation. Questions from one address share a budget with `/api/chat/stream` and the socket.io `/chat` namespace (429 `rate_limited` with `Retry-After`).',
        parameters: [conversationSecretHeader],
        requestBody: { required: true, content: c.json(ChatRequestSchema, 'input') },
        responses: {
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
        requestBody: { required: true, content: c.json(ChatRequestSchema, 'input') },
        responses: {
          '200': {
            description: "text/event-stream; `x-events` gives the schema of each event's `data`",
            content: {
              'text/event-stream': {
                schema: { type: 'string' },
                'x-events': Object.fromEntries(
                  Object.entries(STREAM_EVENTS).map(([event, schema]) => [event, c.ref(schema, 'output')]),
                ),
              },
            },
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
        parameters: [idParam('uuid'), { ...conversationSecretHeader, required: true }],
        responses: { '400': errors['400'], '404': errors['404'] },
      },
    },
    '/api/classrooms': {
      post: {
        summary: 'Create a classroom session; returns its join code and the teacher token',
        requestBody: { required: true, content: c.json(CreateClassroomRequestSchema, 'input') },
        description:
          'Every persona must exist (404 `unknown_persona`) and, when `asOf` is given, have lived on that date (400 `as_of_out_of_range`). Limited per address (the teachers of a school share one): 30 sessions, then one every 2 minutes.',
        responses: {
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
        requestBody: { required: true, content: c.json(JoinClassroomRequestSchema, 'input') },
        responses: {
          '400': {
            ...errors['400'],
            description: `${errors['400'].description}; display_name_reserved (the teacher's role word or name, or a persona's name, compared by confusable skeleton)`,
          },
          '401': { ...errors['401'], description: 'invalid_join_code' },
          '403': { ...errors['403'], description: '`classroom_locked` or `classroom_full`' },
          '410': errors['410'],
          '415': errors['415'],
          '429': errors['429'],
        },
      },
    },
    '/api/classrooms/{id}': {
      get: {
        summary: 'The session as the bearer sees it (Authorization: Bearer <token>)',
        parameters: [idParam('uuid')],
        responses: { '401': errors['401'], '403': errors['403'] },
      },
      delete: {
        summary: 'Teacher only: delete the session and everything of it at once',
        parameters: [idParam('uuid')],
        responses: { '204': { description: 'deleted' }, '401': errors['401'], '403': errors['403'] },
      },
    },
    '/api/classrooms/{id}/transcript': {
      get: {
        summary: 'Teacher only: every exchange with its citations, as md, json or printable html',
        parameters: [
          idParam('uuid'),
          {
            name: 'format',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['md', 'json', 'html'], default: 'json' },
          },
          {
            name: 'tz',
            in: 'query',
            required: false,
            description:
              "The reader's IANA time zone (`Europe/Paris`) for the times of md and html; UTC when absent",
            schema: { type: 'string', maxLength: 64 },
          },
        ],
        responses: {
          // JSON from the controller's contract; these two are files for people.
          '200': {
            description: 'the transcript, as a file (`Content-Disposition: inline`)',
            content: {
              'text/markdown': { schema: { type: 'string' } },
              'text/html': { schema: { type: 'string' } },
            },
          },
          '400': errors['400'],
          '401': errors['401'],
          '403': errors['403'],
        },
      },
    },
    '/api/realtime/chat-tokens': {
      post: {
        summary: 'A token for the /chat socket.io namespace (see docs/realtime.md)',
        description:
          'Refused with 403 `forbidden` when a page on another site sends it (an `Origin` that is neither this site nor listed in `CORS_ORIGINS`, or `Sec-Fetch-Site: cross-site`). Limited per address: 30 tokens, then one every 2 minutes.',
        responses: {
          '403': { ...errors['403'], description: 'forbidden: sent by a page on another site' },
          '429': errors['429'],
        },
      },
    },
  };
  addResponseContracts(paths, c);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '0.1.0',
      description:
        'Question historical figures who answer only from their own writings. Every citation quote equals document.text.slice(start, end).',
    },
    paths: { ...paths, ...extraPaths },
    components: { schemas: c.schemas },
  } as OpenAPIObject;
}
