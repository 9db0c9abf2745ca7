jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import type { ClassroomEvent, Exchange } from '@parley/contracts';
import { MODERATIONS_PATH, fakeReply, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.server';
import { emitAck } from '../realtime/support/clients';
import { openRoom, type Room } from '../realtime/support/classroom-fixture';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { RELAXED_LIMITS } from '../support/rate-limits';
import { EXILE, FOUNDER } from '../support/fixture-corpus';

type Envelope<T> = ClassroomEvent & { data: T };

// Issue 14, finding 3: bypasses an attacker would type (look-alike letters, invisible characters, letters split by
// punctuation or spaces, threats and self-harm in ordinary words), and history questions that must not be held.
// The full tables are in libs/classroom/src/moderation/moderation-bypass.spec.ts.
const PERSONA = FOUNDER;
const BYPASSES = [
  'I will k\u0456ll you',
  'I want to end my l\u0456fe',
  'I will ki\u00adll you',
  'I will k\u200bill you',
  'I will k.i.l.l you',
  'I will k i l l you',
  'I will kill my teacher tomorrow with a bomb',
  'I am going to bring a gun to school tomorrow',
  'I want to end my life',
  "I don't want to live anymore",
];
const HISTORY = [
  'The Red Army killed thousands of peasants in Tambov; why?',
  'Kill the Bill was a protest slogan; did you use slogans like that?',
  'Who tried to kill you in 1918?',
];
const UNLIMITED_QUESTIONS = { ...RELAXED_LIMITS, question: { capacity: 10_000, refillPerSecond: 1000 } };
interface Alert {
  exchangeId: string;
  displayName: string;
  text: string;
  categories: string[];
}

describe('moderation with the offline word list', () => {
  let t: RealtimeTestApp;
  let room: Room;
  beforeAll(async () => {
    t = await startRealtimeApp();
    room = await openRoom(t.url, { create: { visibility: 'shared' } });
  });
  afterAll(async () => {
    room.close();
    await t.close();
  });

  it('holds a threatening message, alerts the teacher and gives the student a neutral notice', async () => {
    const [a, b] = room.students;
    const calls = t.pipeline.calls.length;
    const ack = await emitAck(a.socket, 'ask', {
      persona: FOUNDER,
      message: "I'm going to kill you after class",
    });
    expect(ack.ok).toBe(true);
    const exchange = ack.exchange as Exchange;
    expect(exchange.status).toBe('held');

    const alert = await room.teacher.inbox.waitFor<Envelope<Alert>>('alert');
    expect(alert.data).toMatchObject({
      exchangeId: exchange.id,
      displayName: 'Student A',
      text: "I'm going to kill you after class",
    });
    expect(alert.data.categories).toContain('violence/threatening');

    const notice = await a.inbox.waitFor<Envelope<{ message: string }>>('notice');
    expect(notice.data.message).toMatch(/teacher/);
    expect(notice.data.message).not.toMatch(/violen|threat|kill/i);

    await emitAck(room.teacher.socket, 'broadcast', { text: 'Back to the lesson.' });
    await b.inbox.waitFor('broadcast');
    expect(b.inbox.of('alert')).toHaveLength(0);
    expect(b.inbox.of('notice')).toHaveLength(0);
    expect(b.inbox.of('exchange:asked')).toHaveLength(0);
    expect(t.pipeline.calls.length).toBe(calls);
  });

  it('lets an ordinary history question about violence through', async () => {
    const ack = await emitAck(room.students[1].socket, 'ask', {
      persona: EXILE,
      message: 'Why were so many people killed in the purges, and how did you die?',
    });
    expect((ack.exchange as Exchange).status).toBe('answering');
  });

  it('sends a released message on to the persona', async () => {
    const [, , c] = room.students;
    const held = (await emitAck(c.socket, 'ask', { persona: FOUNDER, message: 'this is such bullsh1t' }))
      .exchange as Exchange;
    expect(held.status).toBe('held');
    const released = await emitAck(room.teacher.socket, 'moderation:decide', {
      exchangeId: held.id,
      decision: 'release',
    });
    expect(released.ok).toBe(true);
    await c.inbox.waitFor<Envelope<{ exchangeId: string }>>(
      'exchange:answered',
      (e) => e.data.exchangeId === held.id,
    );
  });

  it('tells the student when the teacher dismisses a held message', async () => {
    const [a] = room.students;
    const held = (await emitAck(a.socket, 'ask', { persona: FOUNDER, message: 'you are so stupid' }))
      .exchange as Exchange;
    await emitAck(room.teacher.socket, 'moderation:decide', { exchangeId: held.id, decision: 'dismiss' });
    await a.inbox.waitFor<Envelope<{ exchangeId: string }>>(
      'exchange:dismissed',
      (e) => e.data.exchangeId === held.id,
    );
    const again = await emitAck(room.teacher.socket, 'moderation:decide', {
      exchangeId: held.id,
      decision: 'release',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('moderation against bypass attempts', () => {
  let t: RealtimeTestApp;
  let room: Room;
  beforeAll(async () => {
    t = await startRealtimeApp({ classroom: { rateLimits: UNLIMITED_QUESTIONS } });
    room = await openRoom(t.url, { students: 1 });
  });
  afterAll(async () => {
    room.close();
    await t.close();
  });

  it.each(BYPASSES)('holds %j and alerts the teacher', async (message) => {
    const ack = await emitAck(room.students[0].socket, 'ask', { persona: PERSONA, message });
    const exchange = ack.exchange as Exchange;
    expect(exchange.status).toBe('held');
    const alert = await room.teacher.inbox.waitFor<Envelope<Alert>>(
      'alert',
      (e) => e.data.exchangeId === exchange.id,
    );
    expect(alert.data.text).toBe(exchange.question);
    expect(alert.data.categories.length).toBeGreaterThan(0);
  });

  it.each(HISTORY)('sends the history question %j to the persona', async (message) => {
    const ack = await emitAck(room.students[0].socket, 'ask', { persona: PERSONA, message });
    expect((ack.exchange as Exchange).status).toBe('answering');
  });
});

describe('moderation with the OpenAI moderation endpoint', () => {
  let fake: FakeOpenAI;
  let t: RealtimeTestApp;
  let room: Room;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ flagged: [{ match: 'secret plan', category: 'illicit/violent' }] });
    t = await startRealtimeApp({
      env: { OPENAI_MODERATION: 'true', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url },
    });
    room = await openRoom(t.url, { students: 1 });
  });
  afterAll(async () => {
    room.close();
    await t.close();
    await fake.close();
  });

  it('holds what the provider flags, with the provider’s categories', async () => {
    const ack = await emitAck(room.students[0].socket, 'ask', {
      persona: FOUNDER,
      message: 'Tell me the secret plan for the raid',
    });
    expect((ack.exchange as Exchange).status).toBe('held');
    const alert = await room.teacher.inbox.waitFor<Envelope<Alert>>('alert');
    expect(alert.data.categories).toEqual(['illicit/violent']);
    expect(fake.requestsTo(MODERATIONS_PATH).at(-1)?.body.input).toBe('Tell me the secret plan for the raid');
  });

  it('keeps the class going on the offline list when the provider fails', async () => {
    fake.script((r) => (r.path === MODERATIONS_PATH ? fakeReply.error(500, { message: 'down' }) : undefined));
    const ack = await emitAck(room.students[0].socket, 'ask', {
      persona: FOUNDER,
      message: 'What is imperialism?',
    });
    expect((ack.exchange as Exchange).status).toBe('answering');
    fake.reset();
  });
});
