import request from 'supertest';
import { AnswerSchema, ChatTokenResponseSchema, type Answer, type Citation } from '@parley/contracts';
import { CHAT_PATH, fakeReply, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.server';
import { startApp, type TestApp } from '../support/test-app';
import {
  ask,
  askStream,
  doneAnswer,
  expectSoundAnswer,
  expectStoredAsAnswered,
  getConversationAsOwner,
  modelWrites,
  provisionalCitations,
  quotableSentence,
  rememberSecret,
  secretHeader,
  type AskBody,
  type ConversationBody,
  type SseEvent,
} from '../support/chat-helpers';
import { connect, emitAck, Inbox, type ClientSocket } from '../realtime/support/clients';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';

// When the model fails, the student still gets a verified answer: the extractive one, with a notice, on every
// transport, and the question and that answer are what is stored. The model is the fake OpenAI-compatible HTTP
// server (tests/support/fake-openai.server.ts), so retries, timeouts and cut connections are the real client's.

const TIMEOUT_MS = 1000;
const QUESTION = 'What should young communists study?';
const PARTIAL = 'Comrades, the youth must learn communism from the whole sum of human knowledge [1]. And';

type Transport = 'POST /api/chat' | 'SSE' | 'socket.io /chat';
const TRANSPORTS: Transport[] = ['POST /api/chat', 'SSE', 'socket.io /chat'];

/** One answer as a transport delivered it; `events` for SSE only. */
interface Asked {
  answer: Answer;
  events?: SseEvent[];
  elapsedMs: number;
}

interface Fault {
  name: string;
  script: (fake: FakeOpenAI) => void;
  /** What else holds after the fallback: how often the model was asked, what the stream showed. */
  afterwards: (fake: FakeOpenAI, asked: Asked) => void;
}

const FAULTS: Fault[] = [
  {
    name: 'answers 500 on every attempt',
    script: (fake) => fake.script(...Array.from({ length: 4 }, () => fakeReply.error(500))),
    // One attempt and two retries, then no more.
    afterwards: (fake) => expect(fake.requestsTo(CHAT_PATH)).toHaveLength(3),
  },
  {
    name: 'never answers',
    script: (fake) => fake.script(fakeReply.hang(), fakeReply.hang(), fakeReply.hang()),
    afterwards: (fake, { elapsedMs }) => {
      // The fallback waits for the timeout, and does not wait for every retry's timeout on top of it.
      expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsedMs).toBeLessThan(4 * TIMEOUT_MS);
      expect(fake.requestsTo(CHAT_PATH).every((r) => r.clientClosedEarly)).toBe(true);
    },
  },
  {
    name: 'cuts the stream mid-answer',
    script: (fake) => fake.script(fakeReply.cut(`${PARTIAL} the rest is lost.`, 4)),
    // Words were already streamed, so the answer is not asked for again.
    afterwards: (fake) => expect(fake.requestsTo(CHAT_PATH)).toHaveLength(1),
  },
  {
    name: 'stalls mid-answer',
    script: (fake) => fake.script({ ...fakeReply.text(`${PARTIAL} never comes.`), hangAfterTokens: 5 }),
    afterwards: (fake, { answer, events }) => {
      expect(fake.requestsTo(CHAT_PATH)[0].clientClosedEarly).toBe(true);
      expect(answer.answer).not.toContain('Comrades, the youth must learn');
      if (!events) return;
      // The client saw the model's first words; the done event carries the verified fallback instead.
      const streamed = events
        .filter((e) => e.event === 'delta')
        .map((e) => (e.data as { text: string }).text)
        .join('');
      expect(streamed.startsWith('Comrades, the youth must learn')).toBe(true);
    },
  },
];

describe('when the model fails', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let socket: ClientSocket | undefined;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    t = await startApp({
      documents: [FIXTURE_DOCS.youth, FIXTURE_DOCS.sources],
      modelUrl: fake.url,
      env: { OPENAI_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
  });
  beforeEach(() => fake.reset());
  afterEach(() => {
    socket?.close();
    socket = undefined;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  async function openSocket(): Promise<Inbox> {
    const res = await request(t.url).post('/api/realtime/chat-tokens').expect(201);
    socket = await connect(t.url, '/chat', ChatTokenResponseSchema.parse(res.body).token);
    return new Inbox(socket);
  }

  /** Asks once over `transport`; a test failure if the transport ended otherwise than with an Answer. */
  async function askOver(transport: Transport, message: string, conversationId?: string): Promise<Asked> {
    const body: AskBody = { persona: FOUNDER, message, ...(conversationId && { conversationId }) };
    // A socket client sends the secret of the conversation it continues in the payload (HTTP: a header).
    const secret = secretHeader(conversationId)['X-Conversation-Secret'];
    const started = Date.now();
    switch (transport) {
      case 'POST /api/chat':
        return { answer: await ask(t.url, body), elapsedMs: Date.now() - started };
      case 'SSE': {
        const { events } = await askStream(t.url, body);
        const elapsedMs = Date.now() - started;
        const names = events.map((e) => e.event);
        expect(names[0]).toBe('meta');
        expect(names[names.length - 1]).toBe('done');
        expect(names).not.toContain('error');
        return { answer: doneAnswer(events), events, elapsedMs };
      }
      case 'socket.io /chat': {
        const inbox = await openSocket();
        const ack = await emitAck(
          socket!,
          'ask',
          { ...body, ...(secret && { conversationSecret: secret }) },
          30_000,
        );
        expect(ack.ok).toBe(true);
        rememberSecret(ack);
        const done = await inbox.waitFor<Answer>('answer:done', (a) => a.messageId === ack.messageId, 30_000);
        const elapsedMs = Date.now() - started;
        expect(inbox.of('answer:error')).toEqual([]);
        return { answer: AnswerSchema.parse(done), elapsedMs };
      }
    }
  }

  async function conversation(id: string): Promise<ConversationBody> {
    return (await getConversationAsOwner(t.url, id).expect(200)).body as ConversationBody;
  }

  /** The verified extractive fallback, announced by a notice, citing the document asked about, and stored. */
  async function expectExtractiveFallback({ answer, events }: Asked): Promise<void> {
    expect(answer.generator).toBe('extractive');
    expect(answer.notice).toEqual(expect.stringMatching(/\S/));
    expect(answer.refusal).toBeNull();
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.map((c) => c.source)).toContain(FIXTURE_DOCS.youth);
    // Nothing of the model's partial answer survives into the verified one.
    expect(answer.answer).not.toContain('the youth must learn communism from the whole sum');
    const retrieved: Citation[] | undefined = events && provisionalCitations(events);
    await expectSoundAnswer(t.url, answer, retrieved);
    await expectStoredAsAnswered(t.url, answer);
  }

  for (const transport of TRANSPORTS) {
    for (const fault of FAULTS) {
      it(`${transport}: the model ${fault.name} → the verified extractive answer, question and answer stored`, async () => {
        fault.script(fake);
        const asked = await askOver(transport, QUESTION);
        await expectExtractiveFallback(asked);
        const stored = await conversation(asked.answer.conversationId);
        expect(stored.messages.map((m) => [m.role, m.status, m.content])).toEqual([
          ['user', 'complete', QUESTION],
          ['assistant', 'complete', asked.answer.answer],
        ]);
        fault.afterwards(fake, asked);
      });
    }
  }

  it('falls back without retrying when the model rejects the API key', async () => {
    fake.script(fakeReply.error(401), fakeReply.error(401), fakeReply.error(401));
    await expectExtractiveFallback(await askOver('SSE', QUESTION));
    expect(fake.requestsTo(CHAT_PATH)).toHaveLength(1);
  });

  it('retries a connection cut before the first word, and falls back when every attempt is cut', async () => {
    fake.script(fakeReply.cut(PARTIAL, 0), fakeReply.cut(PARTIAL, 0), fakeReply.cut(PARTIAL, 0));
    await expectExtractiveFallback(await askOver('SSE', QUESTION));
    expect(fake.requestsTo(CHAT_PATH)).toHaveLength(3);
  });

  it('says in the notice of POST /api/chat that the model was unavailable (503)', async () => {
    fake.script(fakeReply.error(503), fakeReply.error(503), fakeReply.error(503));
    const asked = await askOver('POST /api/chat', QUESTION);
    await expectExtractiveFallback(asked);
    expect(asked.answer.notice).toMatch(/model/i);
  });

  it('uses the model after a rate limit that clears on retry, without a notice', async () => {
    let attempts = 0;
    fake.script(
      modelWrites((ps) =>
        ++attempts === 1
          ? fakeReply.error(429, { headers: { 'retry-after-ms': '10' } })
          : `“${quotableSentence(ps[0].text)}” [1]`,
      ),
    );
    const { answer, events } = await askOver('SSE', QUESTION);
    expect(fake.requestsTo(CHAT_PATH)).toHaveLength(2);
    expect(answer.generator).toBe('openai:fake-model');
    expect(answer.notice ?? null).toBeNull();
    await expectSoundAnswer(t.url, answer, provisionalCitations(events!));
  });

  it('continues the same conversation with the model once it is back, the failed turn kept in history', async () => {
    FAULTS[0].script(fake);
    const first = (await askOver('socket.io /chat', QUESTION)).answer;
    expect(first.generator).toBe('extractive');
    fake.reset();
    fake.script(modelWrites((ps) => `“${quotableSentence(ps[0].text)}” [1]`));
    const second = (await askOver('SSE', 'And why must they learn it?', first.conversationId)).answer;
    expect(second.generator).toBe('openai:fake-model');
    await expectSoundAnswer(t.url, second);
    // The model saw the earlier turn (question and fallback answer) as history.
    const sent = fake.requestsTo(CHAT_PATH)[0].body.messages ?? [];
    expect(sent.some((m) => m.role === 'user' && m.content === QUESTION)).toBe(true);
    const stored = await conversation(first.conversationId);
    expect(stored.messages.map((m) => [m.role, m.status, m.generator])).toEqual([
      ['user', 'complete', null],
      ['assistant', 'complete', 'extractive'],
      ['user', 'complete', null],
      ['assistant', 'complete', 'openai:fake-model'],
    ]);
  });
});
