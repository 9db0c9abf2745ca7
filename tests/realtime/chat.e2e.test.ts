jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import request from 'supertest';
import { AnswerSchema, ChatTokenResponseSchema, type Answer } from '@parley/contracts';
import { connect, connectError, emitAck, Inbox, type ClientSocket } from './support/clients';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { EXILE, FOUNDER } from '../support/fixture-corpus';
import { waitFor } from '../support/wait-for';

async function chatToken(url: string): Promise<string> {
  const res = await request(url).post('/api/realtime/chat-tokens').expect(201);
  return ChatTokenResponseSchema.parse(res.body).token;
}

describe('the /chat namespace', () => {
  let t: RealtimeTestApp;
  let socket: ClientSocket;
  let inbox: Inbox;

  beforeAll(async () => {
    t = await startRealtimeApp();
  });
  beforeEach(async () => {
    socket = await connect(t.url, '/chat', await chatToken(t.url));
    inbox = new Inbox(socket);
  });
  afterEach(() => socket.close());
  afterAll(async () => {
    await t.close();
  });

  it('acks a question with its message id, then streams meta, citations, deltas and the verified answer', async () => {
    const ack = await emitAck(socket, 'ask', { persona: FOUNDER, message: 'What is the state?' });
    expect(ack).toMatchObject({
      ok: true,
      messageId: expect.any(String),
      conversationId: expect.any(String),
    });
    const done = await inbox.waitFor<Answer>('answer:done', (a) => a.messageId === ack.messageId);
    expect(AnswerSchema.parse(done).citations[0].source).toBe(`${FOUNDER}/fake-writings.txt`);
    const order = inbox.received.map((r) => r.type).filter((type, i, all) => type !== all[i - 1]);
    expect(order).toEqual(['answer:meta', 'answer:citations', 'answer:delta', 'answer:done']);
    const text = inbox
      .of<{ messageId: string; text: string }>('answer:delta')
      .map((d) => d.text)
      .join('');
    expect(text).toBe(done.answer);
  });

  it('keeps several questions in flight apart by message id', async () => {
    const [first, second] = await Promise.all([
      emitAck(socket, 'ask', { persona: FOUNDER, message: 'First [slow]' }),
      emitAck(socket, 'ask', { persona: EXILE, message: 'Second [slow]' }),
    ]);
    expect(first.messageId).not.toBe(second.messageId);
    for (const ack of [first, second]) {
      const done = await inbox.waitFor<Answer>('answer:done', (a) => a.messageId === ack.messageId);
      const mine = inbox
        .of<{ messageId: string; text: string }>('answer:delta')
        .filter((d) => d.messageId === ack.messageId);
      expect(mine.map((d) => d.text).join('')).toBe(done.answer);
    }
    const deltas = inbox.of<{ messageId: string }>('answer:delta').map((d) => d.messageId);
    const switches = deltas.filter((id, i) => i > 0 && id !== deltas[i - 1]).length;
    expect(switches).toBeGreaterThan(1);
  });

  it('cancels one question and leaves the other running', async () => {
    const [slow, other] = await Promise.all([
      emitAck(socket, 'ask', { persona: FOUNDER, message: 'Cancel me [slow]' }),
      emitAck(socket, 'ask', { persona: FOUNDER, message: 'Keep me' }),
    ]);
    expect(await emitAck(socket, 'cancel', { messageId: slow.messageId })).toEqual({
      ok: true,
      cancelled: true,
    });
    await inbox.waitFor('answer:cancelled', (c: { messageId: string }) => c.messageId === slow.messageId);
    await inbox.waitFor<Answer>('answer:done', (a) => a.messageId === other.messageId);
    expect(inbox.of<Answer>('answer:done').some((a) => a.messageId === slow.messageId)).toBe(false);
  });

  it('reports a failure after the question was stored as answer:error with a code', async () => {
    const ack = await emitAck(socket, 'ask', { persona: FOUNDER, message: 'Break [fail]' });
    const error = await inbox.waitFor<{ messageId: string; code: string }>(
      'answer:error',
      (e) => e.messageId === ack.messageId,
    );
    expect(error.code).toBe('model_unavailable');
  });

  it('acks a refused question with a coded error', async () => {
    expect(await emitAck(socket, 'ask', { persona: FOUNDER })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(await emitAck(socket, 'ask', { persona: 'nobody', message: 'Hi' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_persona' },
    });
    expect(await emitAck(socket, 'ask', { persona: FOUNDER, message: 'y'.repeat(13 * 1024) })).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large' },
    });
  });

  it('rate-limits questions per token', async () => {
    const acks = [];
    for (let i = 0; i < 4; i++)
      acks.push(await emitAck(socket, 'ask', { persona: FOUNDER, message: `Q${i}` }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(acks[3].error).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
  });

  it('stops generating when the client goes away', async () => {
    const aborted = t.pipeline.aborted;
    await emitAck(socket, 'ask', { persona: FOUNDER, message: 'Bye [slow]' });
    socket.close();
    await waitFor(() => t.pipeline.aborted !== aborted, {
      what: 'the pipeline to be aborted',
      timeout: 5000,
    });
    expect(t.pipeline.aborted).toBe(aborted + 1);
  });

  it('requires a chat token and an allowed origin', async () => {
    expect(await connectError(t.url, '/chat', undefined)).toMatchObject({ code: 'unauthorized' });
    expect(await connectError(t.url, '/chat', 'A'.repeat(43))).toMatchObject({ code: 'unauthorized' });
    const token = await chatToken(t.url);
    expect(await connectError(t.url, '/chat', token, { origin: 'https://evil.example' })).toMatchObject({
      code: 'forbidden',
    });
  });

  it('refuses an expired chat token', async () => {
    const token = await chatToken(t.url);
    t.clock.advance(25 * 60 * 60 * 1000);
    expect(await connectError(t.url, '/chat', token)).toMatchObject({ code: 'unauthorized' });
  });
});
