import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Answer, Citation } from '@parley/contracts';
import { projectRoot } from '@parley/core';

/**
 * A stand-in for the api, for developing the web UI while the real endpoints are being written.
 * Serves apps/web/dist plus canned personas, documents (from the shared corpus) and streamed answers.
 * The acceptance tests do not use it: they run against the real app.
 */

const CORPUS = join(projectRoot(), '..', 'shared', 'corpus');
const WEB = join(projectRoot(), 'apps', 'web', 'dist');

const PERSONAS = [
  {
    id: 'lenin',
    name: 'Vladimir Lenin',
    born: '1870-04-22',
    died: '1924-01-21',
    asOf: '1923-03-01',
    description: 'Leader of the Bolsheviks.',
  },
  {
    id: 'trotsky',
    name: 'Leon Trotsky',
    born: '1879-11-07',
    died: '1940-08-21',
    asOf: '1940-08-01',
    description: 'Founder of the Red Army.',
  },
  {
    id: 'stalin',
    name: 'Joseph Stalin',
    born: '1878-12-18',
    died: '1953-03-05',
    asOf: '1953-03-01',
    description: 'General Secretary.',
  },
];

interface ManifestEntry {
  file: string;
  persona: string;
  title: string;
  author: string;
  date: string;
  source_url?: string;
  license?: string;
}

export interface MockApi {
  url: string;
  /** The reply text for the next chat question (markers allowed); reset after use. */
  nextReply: string | null;
  close(): Promise<void>;
}

export async function startMockApi(): Promise<MockApi> {
  const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const conversations = new Map<string, { persona: string; messages: Record<string, unknown>[] }>();
  const documentOf = (id: string) => {
    const e = manifest.find((m) => m.file === id);
    if (!e) return null;
    return {
      id: e.file,
      source: e.file,
      title: e.title,
      author: e.author,
      date: e.date,
      translator: null,
      url: e.source_url ?? null,
      license: e.license ?? null,
      text: readFileSync(join(CORPUS, e.file), 'utf8'),
    };
  };
  const state: MockApi = { url: '', nextReply: null, close: async () => undefined };

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) =>
      json(res, 500, { statusCode: 500, code: 'internal_error', message: String(e) }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/health') return json(res, 200, { status: 'ok' });
    if (path === '/api/personas')
      return json(
        res,
        200,
        PERSONAS.map((p) => ({ ...p, documents: manifest.filter((m) => m.persona === p.id).length })),
      );
    const persona = path.match(/^\/api\/personas\/([^/]+)$/);
    if (persona) {
      const p = PERSONAS.find((x) => x.id === persona[1]);
      if (!p)
        return json(res, 404, { statusCode: 404, code: 'unknown_persona', message: 'No such persona.' });
      const sources = manifest
        .filter((m) => m.persona === p.id)
        .map((m) => ({
          id: m.file,
          source: m.file,
          title: m.title,
          author: m.author,
          date: m.date,
          url: m.source_url ?? null,
        }));
      return json(res, 200, { ...p, documents: sources.length, sources });
    }
    const doc = path.match(/^\/api\/documents\/(.+)$/);
    if (doc) {
      const d = documentOf(decodeURIComponent(doc[1]));
      return d
        ? json(res, 200, d)
        : json(res, 404, { statusCode: 404, code: 'unknown_document', message: 'No such document.' });
    }
    const conv = path.match(/^\/api\/conversations\/([^/]+)$/);
    if (conv) {
      const c = conversations.get(conv[1]);
      if (!c)
        return json(res, 404, {
          statusCode: 404,
          code: 'unknown_conversation',
          message: 'No such conversation.',
        });
      return json(res, 200, {
        id: conv[1],
        persona: c.persona,
        mode: 'persona',
        asOf: null,
        messages: c.messages,
      });
    }
    if (path === '/api/chat/stream' && req.method === 'POST') return stream(req, res);
    return serveStatic(path, res);
  }

  async function stream(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse(await readBody(req)) as {
      persona: string;
      message: string;
      conversationId?: string;
      asOf?: string;
    };
    const p = PERSONAS.find((x) => x.id === body.persona) ?? PERSONAS[0];
    const conversationId = body.conversationId ?? randomUUID();
    const c = conversations.get(conversationId) ?? { persona: p.id, messages: [] };
    conversations.set(conversationId, c);
    const messageId = randomUUID();
    const asOf = body.asOf ?? p.asOf;
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const send = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('meta', {
      conversationId,
      messageId,
      userMessageId: randomUUID(),
      persona: { id: p.id, name: p.name, asOf },
      mode: 'persona',
    });
    const anachronism = /stalingrad|hitler|1941|1942|1945/i.test(body.message);
    const docId = manifest.find((m) => m.persona === p.id)?.file ?? manifest[0].file;
    const text = documentOf(docId)?.text ?? '';
    const start = Math.max(0, text.indexOf('. ') + 2);
    const quote = text.slice(start, start + 160);
    const citation: Citation = {
      marker: 1,
      documentId: docId,
      source: docId,
      title: 'T',
      author: p.name,
      date: '1917',
      url: null,
      chunkId: 'c1',
      quote,
      start,
      end: start + quote.length,
    };
    let reply = anachronism
      ? `I cannot speak of events after ${asOf}.`
      : (state.nextReply ?? `As I wrote, "${quote.slice(0, 40)}" [1]. That is the point.`);
    state.nextReply = null;
    const citations = anachronism ? [] : [citation];
    if (!anachronism) send('citations', { citations });
    for (const piece of reply.match(/\S+\s*/g) ?? []) {
      send('delta', { text: piece });
      await new Promise((r) => setTimeout(r, 30));
    }
    reply = reply.trim();
    const answer: Answer = {
      conversationId,
      messageId,
      persona: { id: p.id, name: p.name, asOf },
      answer: reply,
      citations,
      refusal: anachronism ? 'anachronism' : null,
      context: anachronism ? null : 'Historians date this text to 1917.',
      generator: 'mock',
      embedder: 'mock',
      timings: { retrievalMs: 1, generationMs: 1, totalMs: 2 },
    };
    c.messages.push({
      id: randomUUID(),
      role: 'user',
      persona: p.id,
      content: body.message,
      status: 'complete',
      refusal: null,
      context: null,
      citations: [],
    });
    c.messages.push({
      id: messageId,
      role: 'assistant',
      persona: p.id,
      content: reply,
      status: 'complete',
      refusal: answer.refusal,
      context: answer.context,
      citations,
    });
    send('done', answer);
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

function serveStatic(path: string, res: ServerResponse): void {
  const file = join(WEB, normalize(path === '/' ? '/index.html' : path));
  if (!file.startsWith(WEB) || !existsSync(file))
    return json(res, 404, { statusCode: 404, code: 'not_found', message: 'Not found' });
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
