import request from 'supertest';
import { AnswerSchema, ChatTokenResponseSchema, type Answer } from '@parley/contracts';
import { CHAT_PATH, fakeReply, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.server';
import { startTestAppWithModel, type TestApp } from '../support/test-app';
import {
  ask,
  askStream,
  doneAnswer,
  expectSoundAnswer,
  expectStoredAsAnswered,
  getConversationAsOwner,
  modelWrites,
  quotableSentence,
  rememberSecret,
  secretHeader,
  type ConversationBody,
} from '../support/chat-helpers';
import { connect, emitAck, Inbox, type ClientSocket } from '../realtime/support/clients';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';

// tests/chat/model-failures.test.ts covers the fallback itself over SSE; this suite asks the same of every
// transport (socket.io /chat too) and checks what was stored: the question, and the answer the user saw.

const TIMEOUT_MS = 1000;
const PARTIAL = 'Comrades, the youth must learn communism from the whole sum of human knowledge [1]. And';

type Fault = { name: string; script: (fake: FakeOpenAI) => void };
const FAULTS: Fault[] = [
  {
    name: 'answers 500 on every attempt',
    script: (fake) => fake.script(...Array.from({ length: 4 }, () => fakeReply.error(500))),
  },
  {
    name: 'never answers',
    script: (fake) => fake.script(fakeReply.hang(), fakeReply.hang(), fakeReply.hang()),
  },
  {
    name: 'cuts the stream mid-answer',
    script: (fake) => fake.script(fakeReply.cut(`${PARTIAL} the rest is lost.`, 4)),
  },
  {
    name: 'stalls mid-answer',
    script: (fake) => fake.script({ ...fakeReply.text(`${PARTIAL} never comes.`), hangAfterTokens: 5 }),
  },
];
type Transport = 'POST /api/chat' | 'SSE' | 'socket.io /chat';
const TRANSPORTS: Transport[] = ['POST /api/chat', 'SSE', 'socket.io /chat'];

describe('when the model fails, on every transport', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let socket: ClientSocket | undefined;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    t = await startTestAppWithModel(fake.url, [FIXTURE_DOCS.youth, FIXTURE_DOCS.sources], {
      OPENAI_TIMEOUT_MS: String(TIMEOUT_MS),
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

  /** Asks once over `transport`; returns the final Answer (a test failure if the transport ended otherwise). */
  async function askOver(transport: Transport, message: string, conversationId?: string): Promise<Answer> {
    const body = { persona: FOUNDER, message, ...(conversationId && { conversationId }) };
    // A socket client sends the secret of the conversation it continues in the payload (HTTP: a header).
    const secret = secretHeader(conversationId)['X-Conversation-Secret'];
    switch (transport) {
      case 'POST /api/chat':
        return ask(t.url, body);
      case 'SSE': {
        const { events } = await askStream(t.url, body);
        const names = events.map((e) => e.event);
        expect(names[0]).toBe('meta');
        expect(names[names.length - 1]).toBe('done');
        expect(names).not.toContain('error');
        return doneAnswer(events);
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
        expect(inbox.of('answer:error')).toEqual([]);
        return AnswerSchema.parse(done);
      }
    }
  }

  async function conversation(id: string): Promise<ConversationBody> {
    return (await getConversationAsOwner(t.url, id).expect(200)).body as ConversationBody;
  }

  for (const transport of TRANSPORTS) {
    for (const fault of FAULTS) {
      it(`${transport}: the model ${fault.name} → the verified extractive answer, question and answer stored`, async () => {
        fault.script(fake);
        const question = 'What should young communists study?';
        const answer = await askOver(transport, question);
        expect(answer.generator).toBe('extractive');
        expect(answer.notice).toEqual(expect.stringMatching(/\S/));
        expect(answer.citations.length).toBeGreaterThan(0);
        expect(answer.answer).not.toContain('the youth must learn communism from the whole sum');
        await expectSoundAnswer(t.url, answer);
        await expectStoredAsAnswered(t.url, answer);
        const stored = await conversation(answer.conversationId);
        expect(stored.messages.map((m) => [m.role, m.status, m.content])).toEqual([
          ['user', 'complete', question],
          ['assistant', 'complete', answer.answer],
        ]);
        expect(fake.requestsTo(CHAT_PATH).length).toBeGreaterThan(0);
      });
    }
  }

  it('continues the same conversation with the model once it is back, the failed turn kept in history', async () => {
    FAULTS[0].script(fake);
    const first = await askOver('socket.io /chat', 'What should young communists study?');
    expect(first.generator).toBe('extractive');
    fake.reset();
    fake.script(modelWrites((ps) => `“${quotableSentence(ps[0].text)}” [1]`));
    const second = await askOver('SSE', 'And why must they learn it?', first.conversationId);
    expect(second.generator).toBe('openai:fake-model');
    await expectSoundAnswer(t.url, second);
    // The model saw the earlier turn (question and fallback answer) as history.
    const sent = fake.requestsTo(CHAT_PATH)[0].body.messages ?? [];
    expect(sent.some((m) => m.role === 'user' && m.content === 'What should young communists study?')).toBe(
      true,
    );
    const stored = await conversation(first.conversationId);
    expect(stored.messages.map((m) => [m.role, m.status, m.generator])).toEqual([
      ['user', 'complete', null],
      ['assistant', 'complete', 'extractive'],
      ['user', 'complete', null],
      ['assistant', 'complete', 'openai:fake-model'],
    ]);
  });
});
