import { parseConfig } from '@parley/config';
import { LlmError, OpenAIChatModel, type ChatMessage, type OpenAIChatModelOptions } from '@parley/llm';
import { CHAT_PATH, fakeReply, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.server';
import { sleep, waitFor } from '../support/wait-for';

const messages: ChatMessage[] = [
  { role: 'system', content: 'Answer only from these passages: [1] “All power to the Soviets.”' },
  { role: 'user', content: 'What did you demand?' },
];

/** Collects deltas until the stream ends or fails; the failure is returned, not thrown. */
async function drain(stream: AsyncIterable<string>): Promise<{ deltas: string[]; error?: unknown }> {
  const deltas: string[] = [];
  try {
    for await (const d of stream) deltas.push(d);
    return { deltas };
  } catch (error) {
    return { deltas, error };
  }
}

describe('OpenAIChatModel against the fake OpenAI server', () => {
  let server: FakeOpenAI;
  let model: OpenAIChatModel;
  const make = (overrides: Partial<OpenAIChatModelOptions> = {}) =>
    new OpenAIChatModel({
      apiKey: 'test-key',
      baseURL: server.url,
      model: 'gpt-test',
      timeoutMs: 2000,
      idleTimeoutMs: 2000,
      maxTokens: 600,
      retries: 2,
      retryBaseDelayMs: 5,
      retryMaxDelayMs: 20,
      ...overrides,
    });

  beforeEach(async () => {
    server = await startFakeOpenAI();
    model = make();
  });
  afterEach(() => server.close());

  it('identifies itself by provider and model', () => {
    expect(model.id).toBe('openai:gpt-test');
  });

  it('streams the deltas in order and sends the prompt, a capped max_tokens and a low temperature', async () => {
    server.script(fakeReply.text('All power to the Soviets! [1]', { tokenDelayMs: 5 }));
    const { deltas, error } = await drain(model.stream(messages));
    expect(error).toBeUndefined();
    expect(deltas).toEqual(['All ', 'power ', 'to ', 'the ', 'Soviets! ', '[1]']);
    const [request] = server.requestsTo(CHAT_PATH);
    expect(request.body).toMatchObject({ model: 'gpt-test', stream: true, max_tokens: 600, messages });
    expect(request.body.temperature).toBeLessThanOrEqual(0.3);
    expect(request.headers.authorization).toBe('Bearer test-key');
  });

  it('lets a caller lower max_tokens but never raise it above the configured cap', async () => {
    await model.complete(messages, { maxTokens: 50 });
    await model.complete(messages, { maxTokens: 100_000 });
    expect(server.requestsTo(CHAT_PATH).map((r) => r.body.max_tokens)).toEqual([50, 600]);
  });

  it('completes with the whole answer text', async () => {
    server.script(fakeReply.text('Peace, land and bread.'));
    await expect(model.complete(messages)).resolves.toBe('Peace, land and bread.');
  });

  it('retries a 500 and then fails with an http error carrying the status and the number of attempts', async () => {
    server.script(() => fakeReply.error(500));
    const { error } = await drain(model.stream(messages));
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'http', status: 500, attempts: 3 });
    expect(server.requestsTo(CHAT_PATH)).toHaveLength(3);
  });

  it('succeeds after a 429 on the first attempt', async () => {
    server.script(fakeReply.error(429), fakeReply.text('Second time lucky.'));
    await expect(model.complete(messages)).resolves.toBe('Second time lucky.');
    expect(server.requestsTo(CHAT_PATH)).toHaveLength(2);
  });

  it('honours retry-after-ms from the provider, bounded by the maximum backoff', async () => {
    server.script(fakeReply.error(429, { headers: { 'retry-after-ms': '60000' } }), fakeReply.text('ok'));
    const started = Date.now();
    await expect(model.complete(messages)).resolves.toBe('ok');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not retry rejected credentials and reports them as auth', async () => {
    server.script(() => fakeReply.error(401));
    await expect(model.complete(messages)).rejects.toMatchObject({ kind: 'auth', status: 401, attempts: 1 });
    expect(server.requestsTo(CHAT_PATH)).toHaveLength(1);
  });

  it('reports a wrong API key as auth against a server that checks it', async () => {
    const strict = await startFakeOpenAI({ apiKey: 'the-right-key' });
    try {
      const wrong = new OpenAIChatModel({
        apiKey: 'nope',
        baseURL: strict.url,
        model: 'm',
        timeoutMs: 1000,
        maxTokens: 100,
      });
      await expect(wrong.complete(messages)).rejects.toMatchObject({ kind: 'auth' });
    } finally {
      await strict.close();
    }
  });

  it('does not retry a client error such as 400', async () => {
    server.script(() => fakeReply.error(400));
    await expect(model.complete(messages)).rejects.toMatchObject({ kind: 'http', status: 400 });
    expect(server.requestsTo(CHAT_PATH)).toHaveLength(1);
  });

  it('times out a provider that never answers within the configured time, without retrying', async () => {
    model = make({ timeoutMs: 300 });
    server.script(() => fakeReply.hang());
    const started = Date.now();
    await expect(model.complete(messages)).rejects.toMatchObject({ kind: 'timeout' });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
    expect(server.requestsTo(CHAT_PATH)).toHaveLength(1);
  });

  it('times out a stream that stalls between chunks, after yielding what arrived', async () => {
    model = make({ idleTimeoutMs: 200 });
    server.script(fakeReply.text('one two three four', { hangAfterTokens: 2 }));
    const started = Date.now();
    const { deltas, error } = await drain(model.stream(messages));
    expect(deltas).toEqual(['one ', 'two ']);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.requestsTo(CHAT_PATH)).toHaveLength(1);
  });

  it('times out when headers arrive but the first token never does', async () => {
    model = make({ idleTimeoutMs: 200 });
    server.script(() => fakeReply.text('never sent', { hangAfterTokens: 0 }));
    await expect(model.complete(messages)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('does not count a slow consumer against the idle timeout', async () => {
    model = make({ idleTimeoutMs: 100 });
    server.script(fakeReply.text('a b c'));
    const deltas: string[] = [];
    for await (const d of model.stream(messages)) {
      deltas.push(d);
      await sleep(150);
    }
    expect(deltas.join('')).toBe('a b c');
  });

  it('reports a connection cut mid-answer as cut, after yielding the tokens before it, without retrying', async () => {
    server.script(fakeReply.cut('Workers of the world, unite!', 3));
    const { deltas, error } = await drain(model.stream(messages));
    expect(deltas).toEqual(['Workers ', 'of ', 'the ']);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'cut' });
    expect(server.requestsTo(CHAT_PATH)).toHaveLength(1);
  });

  it('treats a stream that ends without a finish reason as cut', async () => {
    server.script(fakeReply.text('Half an answer', { finishReason: null }));
    const { deltas, error } = await drain(model.stream(messages));
    expect(deltas.join('')).toBe('Half an answer');
    expect(error).toMatchObject({ kind: 'cut' });
  });

  it('retries a stream cut before its first token', async () => {
    server.script(fakeReply.cut('lost', 0), fakeReply.text('found'));
    await expect(model.complete(messages)).resolves.toBe('found');
    expect(server.requestsTo(CHAT_PATH)).toHaveLength(2);
  });

  it('accepts a stream truncated at max_tokens (finish reason length) as finished', async () => {
    server.script(fakeReply.text('Truncated but', { finishReason: 'length' }));
    await expect(model.complete(messages)).resolves.toBe('Truncated but');
  });

  it('stops with aborted when the caller aborts mid-stream', async () => {
    server.script(fakeReply.text('one two three four five six', { tokenDelayMs: 50 }));
    const controller = new AbortController();
    const deltas: string[] = [];
    const failure = await (async () => {
      try {
        for await (const d of model.stream(messages, { signal: controller.signal })) {
          deltas.push(d);
          if (deltas.length === 2) controller.abort();
        }
      } catch (e) {
        return e;
      }
    })();
    expect(failure).toMatchObject({ kind: 'aborted' });
    expect(deltas).toEqual(['one ', 'two ']);
    await waitFor(() => server.requests[0].clientClosedEarly, {
      timeout: 1000,
      interval: 5,
      what: 'the client to close the request',
    });
  });

  it('releases the connection when the consumer stops reading early', async () => {
    server.script(fakeReply.text('one two three four five six', { tokenDelayMs: 30 }));
    for await (const d of model.stream(messages)) {
      expect(d).toBe('one ');
      break;
    }
    await waitFor(() => server.requests[0].clientClosedEarly, {
      timeout: 1000,
      interval: 5,
      what: 'the client to close the request',
    });
  });

  it('releases the connection after an idle timeout', async () => {
    model = make({ idleTimeoutMs: 100 });
    server.script(fakeReply.text('one two', { hangAfterTokens: 1 }));
    await expect(model.complete(messages)).rejects.toMatchObject({ kind: 'timeout' });
    await waitFor(() => server.requests[0].clientClosedEarly, {
      timeout: 1000,
      interval: 5,
      what: 'the client to close the request',
    });
  });

  it('stops with aborted while waiting for a hanging provider', async () => {
    server.script(() => fakeReply.hang());
    const started = Date.now();
    await expect(model.complete(messages, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('sends nothing when the signal is already aborted', async () => {
    await expect(model.complete(messages, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('stops waiting out a retry backoff when the caller aborts', async () => {
    model = make({ retryBaseDelayMs: 5000, retryMaxDelayMs: 5000 });
    server.script(() => fakeReply.error(503));
    const started = Date.now();
    await expect(model.complete(messages, { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports an unreachable server as an http error after retrying', async () => {
    const url = server.url;
    await server.close();
    const offline = new OpenAIChatModel({
      apiKey: 'k',
      baseURL: url,
      model: 'm',
      timeoutMs: 1000,
      maxTokens: 100,
      retries: 1,
      retryBaseDelayMs: 1,
    });
    await expect(offline.complete(messages)).rejects.toMatchObject({
      kind: 'http',
      status: undefined,
      attempts: 2,
    });
  });

  it('is built from the configuration: model, base URL, key, timeout and max_tokens cap', async () => {
    const config = parseConfig({
      OPENAI_API_KEY: 'cfg-key',
      OPENAI_BASE_URL: server.url,
      OPENAI_MODEL: 'gpt-from-config',
      OPENAI_MAX_TOKENS: '123',
      OPENAI_TIMEOUT_MS: '5000',
    });
    const configured = OpenAIChatModel.fromConfig(config, { retryBaseDelayMs: 1 });
    expect(configured.id).toBe('openai:gpt-from-config');
    await configured.complete(messages);
    const [request] = server.requestsTo(CHAT_PATH);
    expect(request.body).toMatchObject({ model: 'gpt-from-config', max_tokens: 123 });
    expect(request.headers.authorization).toBe('Bearer cfg-key');
  });

  it('keeps provider messages out of the user-facing error message', async () => {
    server.script(() => fakeReply.error(400, { message: 'secret prompt echoed back' }));
    const error = await model.complete(messages).catch((e: unknown) => e as LlmError);
    expect((error as LlmError).message).not.toContain('secret');
    expect((error as LlmError).detail).toContain('secret prompt echoed back');
  });
});
