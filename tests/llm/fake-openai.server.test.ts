import OpenAI from 'openai';
import {
  CHAT_PATH,
  EMBEDDINGS_PATH,
  fakeEmbedding,
  fakeReply,
  fakeTokens,
  startFakeOpenAI,
  type FakeOpenAI,
} from '../support/fake-openai.server';
import { waitFor } from '../support/wait-for';

/** Reads an SSE body and returns the `data:` payloads in order. */
async function sseData(res: Response): Promise<string[]> {
  const body = await res.text();
  return body
    .split('\n\n')
    .filter((e) => e.startsWith('data: '))
    .map((e) => e.slice('data: '.length));
}

function chat(server: FakeOpenAI, body: Record<string, unknown>, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' },
    body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }], ...body }),
    ...init,
  });
}

describe('fake OpenAI server', () => {
  let server: FakeOpenAI;

  beforeEach(async () => {
    server = await startFakeOpenAI({ embeddingDimension: 8, flagged: ['kill everyone'] });
  });
  afterEach(() => server.close());

  it('listens on a loopback port and gives a base url ending in /v1', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('streams a scripted answer token by token as SSE chunks, then a finish reason and [DONE]', async () => {
    server.script(fakeReply.text('The state will wither away.'));
    const data = await sseData(await chat(server, { stream: true }));
    expect(data[data.length - 1]).toBe('[DONE]');
    const chunks = data
      .slice(0, -1)
      .map(
        (d) => JSON.parse(d) as { choices: { delta: { content?: string }; finish_reason: string | null }[] },
      );
    const content = chunks.map((c) => c.choices[0].delta.content ?? '');
    expect(content.filter(Boolean)).toEqual(['The ', 'state ', 'will ', 'wither ', 'away.']);
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop');
  });

  it('answers a non-streaming completion with the whole text', async () => {
    server.script(fakeReply.text('All power to the Soviets.'));
    const res = await chat(server, { stream: false });
    const body = (await res.json()) as { choices: { message: { content: string }; finish_reason: string }[] };
    expect(body.choices[0].message.content).toBe('All power to the Soviets.');
    expect(body.choices[0].finish_reason).toBe('stop');
  });

  it('splits text into tokens that join back to exactly the text', () => {
    const text = '  Peace,  land\nand bread! ';
    expect(fakeTokens(text).join('')).toBe(text);
  });

  it('records path, headers and body of every request, including the system prompt and max_tokens', async () => {
    await chat(server, { max_tokens: 42, messages: [{ role: 'system', content: 'Passages: [1] ...' }] });
    const [recorded] = server.requestsTo(CHAT_PATH);
    expect(recorded.method).toBe('POST');
    expect(recorded.headers.authorization).toBe('Bearer test-key');
    expect(recorded.body.max_tokens).toBe(42);
    expect(recorded.body.messages?.[0]).toEqual({ role: 'system', content: 'Passages: [1] ...' });
  });

  it('replies to queued replies in order, then falls back to the default answer', async () => {
    server.script(fakeReply.error(500), fakeReply.error(429), fakeReply.text('third'));
    expect((await chat(server, {})).status).toBe(500);
    expect((await chat(server, {})).status).toBe(429);
    const third = (await (await chat(server, {})).json()) as { choices: { message: { content: string } }[] };
    expect(third.choices[0].message.content).toBe('third');
    const fourth = (await (await chat(server, {})).json()) as { choices: { message: { content: string } }[] };
    expect(fourth.choices[0].message.content).toBe('This is a fake answer.');
  });

  it('sends OpenAI-style error bodies with the scripted status', async () => {
    server.script(
      fakeReply.error(401),
      fakeReply.error(503, { message: 'overloaded', headers: { 'retry-after-ms': '5' } }),
    );
    const unauthorized = await chat(server, {});
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({
      error: {
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    const overloaded = await chat(server, {});
    expect(overloaded.status).toBe(503);
    expect(overloaded.headers.get('retry-after-ms')).toBe('5');
    expect(((await overloaded.json()) as { error: { message: string } }).error.message).toBe('overloaded');
  });

  it('lets a handler decide per request', async () => {
    server.script((req) => (req.body.max_tokens === 1 ? fakeReply.error(400) : undefined));
    expect((await chat(server, { max_tokens: 1 })).status).toBe(400);
    expect((await chat(server, { max_tokens: 2 })).status).toBe(200);
  });

  it('cuts the connection after the given number of tokens', async () => {
    server.script(fakeReply.cut('one two three four', 2));
    const res = await chat(server, { stream: true });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const failure = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return null;
          received += decoder.decode(value);
        }
      } catch (e) {
        return e;
      }
    })();
    // fetch's errors come from another realm than jest's, so match by shape, not by class.
    expect(failure).toMatchObject({ message: expect.any(String) });
    expect(received).toContain('"content":"one "');
    expect(received).toContain('"content":"two "');
    expect(received).not.toContain('three');
    expect(received).not.toContain('[DONE]');
  });

  it('can end a stream cleanly without any finish reason', async () => {
    server.script(fakeReply.text('unfinished', { finishReason: null }));
    const data = await sseData(await chat(server, { stream: true }));
    expect(data[data.length - 1]).toBe('[DONE]');
    expect(data.some((d) => d.includes('"finish_reason":"stop"'))).toBe(false);
  });

  it('hangs without answering until the client gives up, and still records the request', async () => {
    server.script(fakeReply.hang());
    const started = Date.now();
    await expect(chat(server, {}, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('closes promptly even while a request hangs', async () => {
    server.script(fakeReply.hang());
    const pending = chat(server, {}).catch((e: unknown) => e);
    await waitFor(() => server.requests.length > 0, { interval: 5, what: 'the request to reach the server' });
    await server.close();
    expect(await pending).toMatchObject({ message: expect.any(String) });
  });

  it('delays the first byte and each token as scripted', async () => {
    server.script(fakeReply.text('a b c', { firstByteDelayMs: 120, tokenDelayMs: 40 }));
    const started = Date.now();
    const res = await chat(server, { stream: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    await res.text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100 + 3 * 35);
  });

  it('returns deterministic unit embeddings, as floats or base64 as the client asks', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    const viaBase64 = await client.embeddings.create({ model: 'e', input: ['peace', 'bread'] });
    const asFloats = await client.embeddings.create({ model: 'e', input: 'peace', encoding_format: 'float' });
    const expected = fakeEmbedding('peace', 8);
    expect(asFloats.data[0].embedding).toEqual(expected);
    viaBase64.data[0].embedding.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(viaBase64.data[1].embedding).not.toEqual(viaBase64.data[0].embedding);
    expect(Math.hypot(...expected)).toBeCloseTo(1, 10);
    const wider = await client.embeddings.create({
      model: 'e',
      input: 'peace',
      dimensions: 12,
      encoding_format: 'float',
    });
    expect(wider.data[0].embedding).toHaveLength(12);
    expect(server.requestsTo(EMBEDDINGS_PATH)).toHaveLength(3);
  });

  it('flags moderation inputs that match a configured rule, and only those', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    server.flag({ match: /\bbomb\b/i, category: 'illicit/violent' });
    const result = await client.moderations.create({
      input: ['We should KILL EVERYONE', 'Peace and bread', 'build a bomb'],
    });
    expect(result.results.map((r) => r.flagged)).toEqual([true, false, true]);
    expect(result.results[0].categories.violence).toBe(true);
    expect(result.results[2].categories['illicit/violent']).toBe(true);
  });

  it('can script other endpoints through a handler', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    server.script((req) => (req.path === EMBEDDINGS_PATH ? fakeReply.error(500) : undefined));
    await expect(client.embeddings.create({ model: 'e', input: 'x' })).rejects.toMatchObject({ status: 500 });
  });

  it('rejects a wrong bearer token when started with an api key', async () => {
    const strict = await startFakeOpenAI({ apiKey: 'right' });
    try {
      const client = new OpenAI({ apiKey: 'wrong', baseURL: strict.url, maxRetries: 0 });
      await expect(client.moderations.create({ input: 'x' })).rejects.toMatchObject({ status: 401 });
    } finally {
      await strict.close();
    }
  });

  it('forgets requests, queue and handler on reset', async () => {
    server.script(fakeReply.error(500));
    server.script(() => fakeReply.error(503));
    await chat(server, {});
    server.reset();
    expect(server.requests).toHaveLength(0);
    expect((await chat(server, {})).status).toBe(200);
  });
});
