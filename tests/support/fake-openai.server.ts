import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server speaking the OpenAI-compatible API on 127.0.0.1, scriptable per test.
 * Tests talk to it through the real `openai` client (never a mocked client object), so what is
 * exercised is the same wire traffic a real provider would see: SSE framing, status codes,
 * error bodies, sockets that hang or die.
 */

export const CHAT_PATH = '/v1/chat/completions';
export const EMBEDDINGS_PATH = '/v1/embeddings';
export const MODERATIONS_PATH = '/v1/moderations';

/** The parsed JSON body of a request; the fields tests usually assert on are typed. */
export interface FakeRequestBody {
  model?: string;
  messages?: { role: string; content: unknown }[];
  stream?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  input?: unknown;
  dimensions?: number;
  encoding_format?: string;
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: FakeRequestBody;
  /** Becomes true if the client closed the connection before the reply was complete (abort, timeout). */
  clientClosedEarly: boolean;
}

interface Timing {
  /** Wait before the status line is written (time to first byte). */
  firstByteDelayMs?: number;
}

/** Streams (or returns) `text` token by token. */
export interface TextReply extends Timing {
  kind: 'text';
  text: string;
  /** Explicit token boundaries; by default the text is split after each run of whitespace. */
  tokens?: string[];
  /** Wait before each token; defaults to the server's `tokenDelayMs`. */
  tokenDelayMs?: number;
  /** `null` ends the stream cleanly (`[DONE]`) without any finish_reason. Default `stop`. */
  finishReason?: 'stop' | 'length' | 'content_filter' | null;
  /** Destroy the socket after this many tokens (a connection lost mid-answer). */
  cutAfterTokens?: number;
  /** Stop sending after this many tokens and keep the connection open (a provider stalled mid-answer). */
  hangAfterTokens?: number;
}

/** An HTTP error with an OpenAI-style `{ error: { message, type, param, code } }` body. */
export interface ErrorReply extends Timing {
  kind: 'error';
  status: number;
  message?: string;
  type?: string;
  code?: string | null;
  headers?: Record<string, string>;
}

/** Accepts the request and never answers until the server is closed or the client gives up. */
export interface HangReply {
  kind: 'hang';
}

/** The endpoint's built-in deterministic behaviour (hashed embeddings, moderation list, default text). */
export interface DefaultReply extends Timing {
  kind: 'default';
}

export type FakeReply = TextReply | ErrorReply | HangReply | DefaultReply;

/** Decides the reply to one request; `undefined` falls through to the queue, then to the default. */
export type FakeHandler = (request: RecordedRequest) => FakeReply | undefined;

/** Short constructors for replies, so scripts read as sentences. */
export const fakeReply = {
  text: (text: string, options: Omit<TextReply, 'kind' | 'text'> = {}): TextReply => ({
    kind: 'text',
    text,
    ...options,
  }),
  cut: (text: string, afterTokens: number, options: Omit<TextReply, 'kind' | 'text'> = {}): TextReply => ({
    kind: 'text',
    text,
    cutAfterTokens: afterTokens,
    ...options,
  }),
  error: (status: number, options: Omit<ErrorReply, 'kind' | 'status'> = {}): ErrorReply => ({
    kind: 'error',
    status,
    ...options,
  }),
  hang: (): HangReply => ({ kind: 'hang' }),
  default: (options: Timing = {}): DefaultReply => ({ kind: 'default', ...options }),
};

/** A moderation rule: a case-insensitive substring or a pattern, optionally naming the category it flags. */
export type FlagRule = string | RegExp | { match: string | RegExp; category?: string };

export interface FakeOpenAIOptions {
  /** Dimension of `/v1/embeddings` vectors unless the request asks for `dimensions`. Default 16. */
  embeddingDimension?: number;
  /** Inputs matching any rule are flagged by `/v1/moderations`. */
  flagged?: FlagRule[];
  /** Reply to chat requests when no handler answers and the queue is empty. */
  defaultReply?: TextReply;
  /** Default wait before each streamed token. Default 0. */
  tokenDelayMs?: number;
  /** When set, any other bearer token gets a 401 `invalid_api_key`. */
  apiKey?: string;
}

export interface FakeOpenAI {
  /** Base URL ending in `/v1`, ready for `new OpenAI({ baseURL })`. */
  url: string;
  port: number;
  /** Every request received, in arrival order (including ones that hang). */
  requests: RecordedRequest[];
  /** Queues replies for chat completions, or installs a handler consulted first for every endpoint. */
  script(handler: FakeHandler): void;
  script(...replies: FakeReply[]): void;
  /** Adds moderation rules. */
  flag(...rules: FlagRule[]): void;
  /** Requests received on one path. */
  requestsTo(path: string): RecordedRequest[];
  /** Forgets recorded requests, queued replies, the handler and added moderation rules. */
  reset(): void;
  /** Stops the server, destroying hanging connections and pending timers. Idempotent. */
  close(): Promise<void>;
}

const FIXED_CREATED = 1_700_000_000;
const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/instructions',
  'self-harm/intent',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
];

/** Splits text into stream tokens that concatenate back to exactly the text. */
export function fakeTokens(text: string): string[] {
  return text.split(/(?<=\s)(?=\S)/).filter((t) => t.length > 0);
}

/** The deterministic unit vector the fake server returns for `text`. */
export function fakeEmbedding(text: string, dimension: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimension; block++) {
    const digest = createHash('sha256').update(`${block}\u0000${text}`).digest();
    for (let i = 0; i + 4 <= digest.length && values.length < dimension; i += 4) {
      values.push(digest.readUInt32LE(i) / 0xffffffff - 0.5);
    }
  }
  const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
  return values.map((v) => v / norm);
}

/** Starts a fake OpenAI-compatible server on a free loopback port. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const baseRules = [...(options.flagged ?? [])];
  const rules = [...baseRules];
  const timers = new Set<NodeJS.Timeout>();
  let handler: FakeHandler | undefined;
  let closed = false;
  let sequence = 0;

  // Timers are tracked so close() can cancel them; a cancelled sleep never resumes, which is
  // exactly what a closed server should do with a half-written reply.
  const sleep = (ms: number | undefined): Promise<void> =>
    !ms || ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t);
            resolve();
          }, ms);
          timers.add(t);
        });

  const chooseReply = (request: RecordedRequest): FakeReply => {
    const scripted = handler?.(request);
    if (scripted) return scripted;
    if (request.path === CHAT_PATH) {
      return queue.shift() ?? options.defaultReply ?? fakeReply.text('This is a fake answer.');
    }
    return fakeReply.default();
  };

  const server = createServer((req, res) => {
    readBody(req)
      .then(async (raw) => {
        const path = (req.url ?? '/').split('?')[0];
        const body = parseBody(raw);
        const request: RecordedRequest = {
          method: req.method ?? 'GET',
          path,
          headers: req.headers,
          body: body ?? { raw },
          clientClosedEarly: false,
        };
        requests.push(request);
        res.on('close', () => {
          if (!res.writableFinished && !closed) request.clientClosedEarly = true;
        });
        if (!body) return sendError(res, { kind: 'error', status: 400, message: 'Invalid JSON body.' });
        if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
          return sendError(res, { kind: 'error', status: 401 });
        }
        if (![CHAT_PATH, EMBEDDINGS_PATH, MODERATIONS_PATH].includes(path) || req.method !== 'POST') {
          return sendError(res, {
            kind: 'error',
            status: 404,
            message: `Unknown route ${req.method} ${path}.`,
          });
        }
        const reply = chooseReply(request);
        if (reply.kind === 'hang') return;
        await sleep(reply.firstByteDelayMs);
        if (closed || res.destroyed) return;
        if (reply.kind === 'error') return sendError(res, reply);
        const id = ++sequence;
        if (path === EMBEDDINGS_PATH)
          return sendJson(res, embeddingsBody(body, options.embeddingDimension ?? 16));
        if (path === MODERATIONS_PATH) return sendJson(res, moderationsBody(body, rules, id));
        const text =
          reply.kind === 'text' ? reply : (options.defaultReply ?? fakeReply.text('This is a fake answer.'));
        const tokenDelayMs = text.tokenDelayMs ?? options.tokenDelayMs ?? 0;
        if (body.stream) return streamChat(res, text, body, id, tokenDelayMs, sleep);
        return completeChat(res, text, body, id, sleep);
      })
      .catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          sendError(res, { kind: 'error', status: 500, message: `Fake server failure: ${String(error)}` });
        }
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.close(() => resolve());
      // Hanging and keep-alive connections would otherwise hold close() open forever.
      server.closeAllConnections();
    });
    return closing;
  };

  function script(...args: [FakeHandler] | FakeReply[]): void {
    if (typeof args[0] === 'function') handler = args[0];
    else queue.push(...(args as FakeReply[]));
  }

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    script,
    flag: (...added) => void rules.push(...added),
    requestsTo: (path) => requests.filter((r) => r.path === path),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      handler = undefined;
      rules.splice(0, rules.length, ...baseRules);
    },
    close,
  };
}

function parseBody(raw: string): FakeRequestBody | undefined {
  try {
    return raw ? (JSON.parse(raw) as FakeRequestBody) : {};
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

const ERROR_DEFAULTS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Bad request.', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'Forbidden.', type: 'invalid_request_error', code: null },
  404: { message: 'Not found.', type: 'invalid_request_error', code: null },
  429: { message: 'Rate limit reached.', type: 'requests', code: 'rate_limit_exceeded' },
  500: {
    message: 'The server had an error while processing your request.',
    type: 'server_error',
    code: null,
  },
  503: { message: 'The engine is currently overloaded.', type: 'server_error', code: null },
};

function sendError(res: ServerResponse, reply: ErrorReply): void {
  const defaults = ERROR_DEFAULTS[reply.status] ?? {
    message: `HTTP ${reply.status}`,
    type: 'api_error',
    code: null,
  };
  const error = {
    message: reply.message ?? defaults.message,
    type: reply.type ?? defaults.type,
    param: null,
    code: reply.code === undefined ? defaults.code : reply.code,
  };
  sendJson(res, { error }, reply.status, reply.headers);
}

type Sleep = (ms: number | undefined) => Promise<void>;

function chunk(
  id: number,
  model: string,
  delta: Record<string, unknown>,
  finishReason: string | null,
): string {
  const body = {
    id: `chatcmpl-fake-${id}`,
    object: 'chat.completion.chunk',
    created: FIXED_CREATED,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

// Resolves once the data has been handed to the socket, so a cut that follows really delivers the tokens before it.
function write(res: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(data, () => resolve());
  });
}

async function streamChat(
  res: ServerResponse,
  reply: TextReply,
  body: FakeRequestBody,
  id: number,
  tokenDelayMs: number,
  sleep: Sleep,
): Promise<void> {
  const model = body.model ?? 'fake-model';
  const tokens = reply.tokens ?? fakeTokens(reply.text);
  const cutAt = reply.cutAfterTokens ?? Infinity;
  const hangAt = reply.hangAfterTokens ?? Infinity;
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  await write(res, chunk(id, model, { role: 'assistant', content: '' }, null));
  for (let i = 0; i < tokens.length && i < cutAt && i < hangAt; i++) {
    await sleep(tokenDelayMs);
    // The client may have given up (abort, idle timeout); stop writing into a dead socket.
    if (res.destroyed || res.writableEnded) return;
    await write(res, chunk(id, model, { content: tokens[i] }, null));
  }
  if (cutAt <= tokens.length) return void res.socket?.destroy();
  if (hangAt <= tokens.length) return;
  const finishReason = reply.finishReason === undefined ? 'stop' : reply.finishReason;
  if (finishReason !== null) await write(res, chunk(id, model, {}, finishReason));
  res.end('data: [DONE]\n\n');
}

async function completeChat(
  res: ServerResponse,
  reply: TextReply,
  body: FakeRequestBody,
  id: number,
  sleep: Sleep,
): Promise<void> {
  const tokens = reply.tokens ?? fakeTokens(reply.text);
  const partial = reply.cutAfterTokens ?? reply.hangAfterTokens;
  const payload = JSON.stringify({
    id: `chatcmpl-fake-${id}`,
    object: 'chat.completion',
    created: FIXED_CREATED,
    model: body.model ?? 'fake-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: tokens.join(''), refusal: null },
        logprobs: null,
        finish_reason: reply.finishReason === undefined ? 'stop' : reply.finishReason,
      },
    ],
    usage: {
      prompt_tokens: promptTokens(body),
      completion_tokens: tokens.length,
      total_tokens: promptTokens(body) + tokens.length,
    },
  });
  await sleep(reply.tokenDelayMs ? reply.tokenDelayMs * tokens.length : 0);
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  if (partial === undefined) return void res.end(payload);
  // Without streaming there are no tokens on the wire; half the body stands in for "part of the answer".
  await write(res, payload.slice(0, Math.floor(payload.length / 2)));
  if (reply.cutAfterTokens !== undefined) res.socket?.destroy();
}

function promptTokens(body: FakeRequestBody): number {
  const text = (body.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : '')).join(' ');
  return text.split(/\s+/).filter(Boolean).length;
}

function inputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  return input.map((item: unknown) => {
    if (typeof item === 'string') return item;
    if (Array.isArray(item)) return item.join(' ');
    if (item && typeof item === 'object' && 'text' in item) return String((item as { text: unknown }).text);
    return JSON.stringify(item);
  });
}

function embeddingsBody(body: FakeRequestBody, defaultDimension: number): unknown {
  const dimension = body.dimensions ?? defaultDimension;
  const texts = inputTexts(body.input);
  const data = texts.map((text, index) => {
    const vector = fakeEmbedding(text, dimension);
    const embedding =
      body.encoding_format === 'base64'
        ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
        : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = texts.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0);
  return {
    object: 'list',
    data,
    model: body.model ?? 'fake-embedding',
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

function matchingCategory(text: string, rules: FlagRule[]): string | undefined {
  for (const rule of rules) {
    const { match, category } =
      typeof rule === 'string' || rule instanceof RegExp ? { match: rule, category: undefined } : rule;
    const hit =
      typeof match === 'string' ? text.toLowerCase().includes(match.toLowerCase()) : match.test(text);
    if (hit) return category ?? 'violence';
  }
  return undefined;
}

function moderationsBody(body: FakeRequestBody, rules: FlagRule[], id: number): unknown {
  // A multimodal input array is one input, a string array is many.
  const texts =
    Array.isArray(body.input) && body.input.some((i) => i && typeof i === 'object')
      ? [inputTexts(body.input).join(' ')]
      : inputTexts(body.input);
  const results = texts.map((text) => {
    const flaggedCategory = matchingCategory(text, rules);
    const categories = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, c === flaggedCategory]));
    const scores = Object.fromEntries(
      MODERATION_CATEGORIES.map((c) => [c, c === flaggedCategory ? 0.99 : 0.001]),
    );
    return { flagged: flaggedCategory !== undefined, categories, category_scores: scores };
  });
  return { id: `modr-fake-${id}`, model: body.model ?? 'omni-moderation-latest', results };
}
