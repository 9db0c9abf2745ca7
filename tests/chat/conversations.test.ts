import { Logger } from '@nestjs/common';
import request from 'supertest';
import { Database } from '@parley/database';
import { CHAT_PATH, fakeReply, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.server';
import { startTestApp, type TestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import {
  ask,
  askStream,
  askStreamAndHangUp,
  conversationMessages,
  conversationWhen,
  expectSoundAnswer,
  expectStoredAsAnswered,
  getConversationAsOwner,
  modelWrites,
  promptPassages,
  quotableSentence,
  secretHeader,
  streamError,
  type ConversationBody,
} from '../support/chat-helpers';
import { FIXTURE_DOCS, FOUNDER, SECRETARY } from '../support/fixture-corpus';

const YOUTH = FIXTURE_DOCS.youth;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Conversations over several turns, what is stored when generation fails, and bad input. */
describe('conversations', () => {
  let t: TestApp;
  let fake: FakeOpenAI;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    const corpus = subsetCorpus([YOUTH, FIXTURE_DOCS.banks, FIXTURE_DOCS.sources, FIXTURE_DOCS.farms]);
    t = await startTestApp({
      CORPUS_DIR: corpus,
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: fake.url,
      OPENAI_MODEL: 'fake-model',
      OPENAI_TIMEOUT_MS: '1500',
    });
  });
  beforeEach(() => {
    fake.reset();
    fake.script(modelWrites((ps) => `I wrote: “${quotableSentence(ps[0].text)}” [1]`));
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const getConversation = async (id: string): Promise<ConversationBody> =>
    (await getConversationAsOwner(t.url, id).expect(200)).body as ConversationBody;

  describe('over several turns', () => {
    it('sends the model the earlier turns and answers a follow-up from the subject of the previous question', async () => {
      const first = await ask(t.url, { persona: FOUNDER, message: 'What should young communists study?' });
      expect(first.refusal).toBeNull();
      const second = await ask(t.url, {
        persona: FOUNDER,
        message: 'And why?',
        conversationId: first.conversationId,
      });
      expect(second.conversationId).toBe(first.conversationId);
      expect(second.refusal).toBeNull();
      await expectSoundAnswer(t.url, second);

      const [, followUp] = fake.requestsTo(CHAT_PATH);
      expect(conversationMessages(followUp)).toEqual([
        { role: 'user', content: 'What should young communists study?' },
        { role: 'assistant', content: first.answer },
        { role: 'user', content: 'And why?' },
      ]);
      // "And why?" alone names no subject; retrieval used the previous question's.
      const titles = promptPassages(followUp.body).map((p) => p.title);
      expect(titles.filter((title) => /Youth Circles/.test(title)).length).toBeGreaterThan(0);
      expect(second.citations.map((c) => c.source)).toContain(YOUTH);

      const conversation = await getConversation(first.conversationId);
      expect(conversation).toMatchObject({ id: first.conversationId, persona: FOUNDER, mode: 'persona' });
      expect(conversation.messages.map((m) => [m.role, m.status, m.content])).toEqual([
        ['user', 'complete', 'What should young communists study?'],
        ['assistant', 'complete', first.answer],
        ['user', 'complete', 'And why?'],
        ['assistant', 'complete', second.answer],
      ]);
      await expectStoredAsAnswered(t.url, second);
    });

    it("never hands the model another persona's answers as its own when the persona changes mid-conversation", async () => {
      const lenin = await ask(t.url, { persona: FOUNDER, message: 'What should young communists study?' });
      expect(lenin.refusal).toBeNull();
      const stalin = await ask(t.url, {
        persona: SECRETARY,
        message: 'Why did the collective farms go too far?',
        conversationId: lenin.conversationId,
      });
      expect(stalin.conversationId).toBe(lenin.conversationId);
      const [, second] = fake.requestsTo(CHAT_PATH);
      expect(conversationMessages(second)).toEqual([
        { role: 'user', content: 'What should young communists study?' },
        { role: 'user', content: 'Why did the collective farms go too far?' },
      ]);
    });

    it('keeps the date a conversation was set to when a follow-up names none', async () => {
      const first = await ask(t.url, {
        persona: FOUNDER,
        asOf: '1917-11-01',
        message: 'What are the three sources of Marxism?',
      });
      expect(first.persona.asOf).toBe('1917-11-01');
      const followUp = await ask(t.url, {
        persona: FOUNDER,
        message: 'And what came of the New Economic Policy of 1921?',
        conversationId: first.conversationId,
      });
      expect(followUp.persona.asOf).toBe('1917-11-01');
      expect(followUp.refusal).toBe('anachronism');
      // A date given with the follow-up still wins.
      const dated = await ask(t.url, {
        persona: FOUNDER,
        asOf: '1922-01-01',
        message: 'And what came of the New Economic Policy of 1921?',
        conversationId: first.conversationId,
      });
      expect(dated.persona.asOf).toBe('1922-01-01');
      expect(dated.refusal).not.toBe('anachronism');
    });

    it('leaves a failed turn out of the history sent to the model', async () => {
      const first = await ask(t.url, { persona: FOUNDER, message: 'Why should the banks be nationalised?' });
      // The student hangs up while the model is thinking: that turn fails.
      fake.reset();
      fake.script(fakeReply.hang());
      await askStreamAndHangUp(t.url, {
        persona: FOUNDER,
        message: 'What did the Left Socialist-Revolutionaries say about it?',
        conversationId: first.conversationId,
      });
      await conversationWhen(t.url, first.conversationId, (c) =>
        c.messages.every((m) => m.status !== 'pending'),
      );
      fake.reset();
      fake.script(modelWrites((ps) => `I wrote: “${quotableSentence(ps[0].text)}” [1]`));
      await ask(t.url, {
        persona: FOUNDER,
        message: 'Was the decree urgent?',
        conversationId: first.conversationId,
      });
      const last = fake.requestsTo(CHAT_PATH).at(-1)!;
      const history = conversationMessages(last);
      expect(history.map((m) => m.role)).not.toContain('system');
      expect(history.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual([first.answer]);
      expect(history.at(-1)).toEqual({ role: 'user', content: 'Was the decree urgent?' });
    });
  });

  describe('when generation fails', () => {
    it('keeps the question, and marks the answer failed, when the student hangs up mid-answer', async () => {
      fake.reset();
      fake.script(fakeReply.hang());
      const meta = await askStreamAndHangUp(
        t.url,
        { persona: FOUNDER, message: 'What should young communists study?' },
        () => fake.requestsTo(CHAT_PATH).length > 0,
      );
      const conversation = await conversationWhen(t.url, meta.conversationId, (c) =>
        c.messages.every((m) => m.status !== 'pending'),
      );
      expect(conversation.messages.map((m) => [m.id, m.role, m.status, m.content])).toEqual([
        [meta.userMessageId, 'user', 'complete', 'What should young communists study?'],
        [meta.messageId, 'assistant', 'failed', ''],
      ]);
      expect(conversation.messages[1].citations).toEqual([]);
      // The model request was abandoned too, not left running to its timeout.
      await waitFor(() => fake.requestsTo(CHAT_PATH)[0].clientClosedEarly, {
        what: 'the model request to be abandoned',
        timeout: 3000,
      });
      expect(fake.requestsTo(CHAT_PATH)[0].clientClosedEarly).toBe(true);
    });

    it('keeps the question when the passage store fails mid-pipeline, and answers with a coded error', async () => {
      const db = t.app.get(Database);
      const first = await ask(t.url, { persona: FOUNDER, message: 'What should young communists study?' });
      await db.query('ALTER TABLE chunks RENAME TO chunks_unavailable');
      try {
        const res = await request(t.url).post('/api/chat').set(secretHeader(first.conversationId)).send({
          persona: FOUNDER,
          message: 'Why should the banks be nationalised?',
          conversationId: first.conversationId,
        });
        expect(res.status).toBeGreaterThanOrEqual(500);
        expect(Object.keys(res.body).sort()).toEqual(
          expect.arrayContaining(['code', 'message', 'statusCode']),
        );
        expect(res.body.statusCode).toBe(res.status);
        // Logged in full on the server; the client gets a short coded message, no SQL, no stack.
        expect(JSON.stringify(res.body)).not.toMatch(/chunks|does not exist|SELECT|\.ts:\d+/);

        const stream = await askStream(t.url, {
          persona: FOUNDER,
          message: 'What are the sources of Marxism?',
        });
        const names = stream.events.map((e) => e.event);
        expect(names[0]).toBe('meta');
        expect(names[names.length - 1]).toBe('error');
        expect(names).not.toContain('done');
        expect(streamError(stream.events).code).toBe(res.body.code);
        const meta = stream.events[0].data as { conversationId: string };
        const streamed = await getConversation(meta.conversationId);
        expect(streamed.messages.map((m) => [m.role, m.status, m.content])).toEqual([
          ['user', 'complete', 'What are the sources of Marxism?'],
          ['assistant', 'failed', ''],
        ]);

        // Refusals that need no passages are still given while the passage store is down.
        const anachronism = await ask(t.url, {
          persona: FOUNDER,
          message: 'What do you think of the Second World War?',
        });
        expect(anachronism.refusal).toBe('anachronism');
      } finally {
        await db.query('ALTER TABLE chunks_unavailable RENAME TO chunks');
      }
      const conversation = await getConversation(first.conversationId);
      expect(conversation.messages.map((m) => [m.role, m.status, m.content])).toEqual([
        ['user', 'complete', 'What should young communists study?'],
        ['assistant', 'complete', first.answer],
        ['user', 'complete', 'Why should the banks be nationalised?'],
        ['assistant', 'failed', ''],
      ]);
      // The conversation goes on once the store is back.
      const next = await ask(t.url, {
        persona: FOUNDER,
        message: 'Why should the banks be nationalised?',
        conversationId: first.conversationId,
      });
      expect(next.refusal).toBeNull();
    });
    it('logs an unexpected failure once, under the correlation id the client is given', async () => {
      const db = t.app.get(Database);
      const logged = jest.spyOn(Logger.prototype, 'error');
      await db.query('ALTER TABLE chunks RENAME TO chunks_unavailable');
      try {
        logged.mockClear();
        const stream = await askStream(t.url, {
          persona: FOUNDER,
          message: 'What are the sources of Marxism?',
        });
        expect(streamError(stream.events).code).toBe('internal_error');
        expect(logged).toHaveBeenCalledTimes(1);

        logged.mockClear();
        const res = await request(t.url)
          .post('/api/chat')
          .send({ persona: FOUNDER, message: 'What are the sources of Marxism?' })
          .expect(500);
        expect(res.body.correlationId).toEqual(expect.any(String));
        expect(logged).toHaveBeenCalledTimes(1);
        expect(String(logged.mock.calls[0][0])).toContain(res.body.correlationId);
      } finally {
        logged.mockRestore();
        await db.query('ALTER TABLE chunks_unavailable RENAME TO chunks');
      }
    });
  });

  describe('bad input', () => {
    const valid = { persona: FOUNDER, message: 'What should young communists study?' };

    it.each<[string, number, string, Record<string, unknown>]>([
      ['an empty message', 400, 'validation_failed', { ...valid, message: '' }],
      ['a message of only spaces', 400, 'validation_failed', { ...valid, message: '   \n ' }],
      ['a message of 2001 characters', 400, 'validation_failed', { ...valid, message: 'a'.repeat(2001) }],
      ['no message at all', 400, 'validation_failed', { persona: FOUNDER }],
      ['an unknown persona', 404, 'unknown_persona', { ...valid, persona: 'napoleon' }],
      ['a persona id that is not a slug', 400, 'validation_failed', { ...valid, persona: '../etc/passwd' }],
      ['an asOf after the persona died', 400, 'as_of_out_of_range', { ...valid, asOf: '1930-01-01' }],
      ['an asOf before the persona was born', 400, 'as_of_out_of_range', { ...valid, asOf: '1860-01-01' }],
      ['an asOf that is no calendar date', 400, 'validation_failed', { ...valid, asOf: '1917-02-30' }],
      ['an asOf written another way', 400, 'validation_failed', { ...valid, asOf: '7 November 1917' }],
      ['an unknown conversation', 404, 'unknown_conversation', { ...valid, conversationId: UNKNOWN_ID }],
      ['a conversation id that is not a uuid', 400, 'validation_failed', { ...valid, conversationId: 'abc' }],
      ['an unknown mode', 400, 'validation_failed', { ...valid, mode: 'novelist' }],
    ])('answers %s with %i %s, and never asks the model', async (_what, status, code, body) => {
      const res = await request(t.url).post('/api/chat').send(body);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ statusCode: status, code, message: expect.any(String) });
      expect(fake.requestsTo(CHAT_PATH)).toHaveLength(0);
    });

    it('accepts a message of exactly 2000 characters', async () => {
      const message = 'What should young communists study? '.repeat(60).slice(0, 2000);
      expect(message).toHaveLength(2000);
      const answer = await ask(t.url, { persona: FOUNDER, message });
      await expectSoundAnswer(t.url, answer);
    });

    it('answers a bad body on the stream endpoint with a plain 400, before any event', async () => {
      const res = await askStream(t.url, { ...valid, message: '' });
      expect(res.status).toBe(400);
      expect(res.contentType).toMatch(/json/);
      expect(res.events).toEqual([]);
    });

    it.each([
      ['an unknown conversation', 404, 'unknown_conversation', { ...valid, conversationId: UNKNOWN_ID }],
      ['an unknown persona', 404, 'unknown_persona', { ...valid, persona: 'napoleon' }],
      ['an asOf after the persona died', 400, 'as_of_out_of_range', { ...valid, asOf: '1930-01-01' }],
    ])(
      'answers %s on the stream endpoint with a plain %i %s, before any event',
      async (_what, status, code, body) => {
        const res = await askStream(t.url, body);
        expect(res.status).toBe(status);
        expect(res.contentType).toMatch(/json/);
        expect(res.events).toEqual([]);
        expect(fake.requestsTo(CHAT_PATH)).toHaveLength(0);
      },
    );

    it('answers GET of an unknown conversation with 404 and of a malformed id with 400', async () => {
      const missing = await request(t.url).get(`/api/conversations/${UNKNOWN_ID}`).expect(404);
      expect(missing.body).toEqual({
        statusCode: 404,
        code: 'unknown_conversation',
        message: expect.any(String),
      });
      const malformed = await request(t.url).get('/api/conversations/not-a-uuid').expect(400);
      expect(malformed.body.code).toBe('validation_failed');
    });
  });
});
