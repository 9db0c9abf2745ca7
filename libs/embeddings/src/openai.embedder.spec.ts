import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmbeddingServiceError } from './embedding.error';
import { OpenAIEmbedder, type OpenAIEmbedderOptions } from './openai.embedder';

const DIMENSION = 4;

interface EmbeddingsRequest {
  model: string;
  input: string[];
  encoding_format?: string;
}

/** A tiny OpenAI-compatible server: POST /v1/embeddings, scripted failures first, then success. */
class FakeEmbeddingsServer {
  readonly requests: EmbeddingsRequest[] = [];
  readonly authorizations: (string | undefined)[] = [];
  /** Statuses to answer with, one per request, before answering normally. */
  failures: number[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    if (req.method !== 'POST' || req.url !== '/v1/embeddings')
      return this.send(res, 404, { error: { message: 'not found' } });
    const request = JSON.parse(body) as EmbeddingsRequest;
    this.requests.push(request);
    this.authorizations.push(req.headers.authorization);
    const failure = this.failures.shift();
    if (failure === 401)
      return this.send(res, 401, {
        error: { message: 'Incorrect API key provided', code: 'invalid_api_key' },
      });
    if (failure) return this.send(res, failure, { error: { message: `scripted ${failure}` } });
    // Answered in reverse order, to check the client sorts by index; not normalised, to check it normalises.
    const data = request.input
      .map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text) }))
      .reverse();
    this.send(res, 200, {
      object: 'list',
      model: request.model,
      data,
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}

// Deterministic per text: length and character codes, never all zero.
function vectorFor(text: string): number[] {
  const v = [text.length + 1, 0, 0, 0];
  for (let i = 0; i < text.length; i++) v[1 + (i % 3)] += text.charCodeAt(i);
  return v;
}

function normalised(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('OpenAIEmbedder against an OpenAI-compatible server', () => {
  const server = new FakeEmbeddingsServer();
  let baseURL: string;
  const embedder = (options: Partial<OpenAIEmbedderOptions> = {}) =>
    new OpenAIEmbedder({ apiKey: 'test-key', baseURL, model: 'test-embed', baseDelayMs: 1, ...options });

  beforeAll(async () => {
    baseURL = await server.start();
  });

  afterAll(() => server.stop());

  beforeEach(() => {
    server.requests.length = 0;
    server.authorizations.length = 0;
    server.failures = [];
  });

  it('embeds in batches, in input order, as unit vectors', async () => {
    const texts = Array.from({ length: 7 }, (_, i) => `passage number ${i}`);
    const vectors = await embedder({ batchSize: 3 }).embedDocuments(texts);
    expect(server.requests.map((r) => r.input.length)).toEqual([3, 3, 1]);
    expect(server.requests.every((r) => r.model === 'test-embed' && r.encoding_format === 'float')).toBe(
      true,
    );
    expect(server.authorizations).toEqual(Array(3).fill('Bearer test-key'));
    for (const [i, v] of vectors.entries()) {
      for (const [j, x] of v.entries()) expect(x).toBeCloseTo(normalised(vectorFor(texts[i]))[j], 6);
    }
  });

  it('names its space after the model and learns the dimension from a probe', async () => {
    const e = embedder();
    expect(e.id).toBe('openai:test-embed');
    expect(e.dimension).toBe(0);
    await Promise.all([e.init(), e.init()]);
    expect(e.dimension).toBe(DIMENSION);
    expect(server.requests).toHaveLength(1);
    await e.init();
    expect(server.requests).toHaveLength(1);
  });

  it('knows the published dimension of OpenAI models before any call', () => {
    expect(embedder({ model: 'text-embedding-3-small' }).dimension).toBe(1536);
  });

  it('retries after a 429 and a 503, then succeeds', async () => {
    server.failures = [429, 503];
    const vector = await embedder().embedQuery('bread and peace');
    expect(server.requests).toHaveLength(3);
    expect(vector).toHaveLength(DIMENSION);
  });

  it('gives up after the configured number of attempts', async () => {
    server.failures = [500, 500, 500];
    await expect(embedder({ maxAttempts: 2 }).embedQuery('x')).rejects.toThrow(
      /failed after 2 attempt\(s\): 500/,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a request the server rejects as bad', async () => {
    server.failures = [400];
    await expect(embedder().embedQuery('x')).rejects.toBeInstanceOf(EmbeddingServiceError);
    expect(server.requests).toHaveLength(1);
  });

  it('says the API key was rejected on a 401, naming OPENAI_API_KEY, without retrying', async () => {
    server.failures = [401];
    const failure = embedder().embedDocuments(['x']);
    await expect(failure).rejects.toThrow(/API key was rejected.*OPENAI_API_KEY/);
    await expect(failure).rejects.toMatchObject({ status: 401, code: 'model_unavailable' });
    expect(server.requests).toHaveLength(1);
  });

  it('retries when the server cannot be reached, then reports it', async () => {
    const unreachable = new OpenAIEmbedder({
      apiKey: 'k',
      baseURL: 'http://127.0.0.1:9/v1',
      model: 'm',
      baseDelayMs: 1,
      maxAttempts: 2,
    });
    await expect(unreachable.embedQuery('x')).rejects.toThrow(/failed after 2 attempt\(s\)/);
  });

  it('requires a key unless a local server is configured', () => {
    expect(() => new OpenAIEmbedder({ model: 'm' })).toThrow(/OPENAI_API_KEY/);
    expect(() => new OpenAIEmbedder({ model: 'm', baseURL })).not.toThrow();
  });
});
