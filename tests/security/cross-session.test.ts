jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import request from 'supertest';
import { DEFAULT_RATE_LIMITS } from '@parley/classroom';
import { CLASSROOM_CLIENT_EVENTS, type ClassroomView, type Exchange } from '@parley/contracts';
import { buildOpenApiDocument } from '../../apps/api/src/openapi/openapi.document';
import { connectError, createClassroom, emitAck, type AckResult } from '../realtime/support/clients';
import { openRoom, type Room } from '../realtime/support/classroom-fixture';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { RELAXED_LIMITS } from '../support/rate-limits';
import { EXILE, FOUNDER } from '../support/fixture-corpus';
import { sleep } from '../support/wait-for';

// Session A's teacher and student try every classroom route and every classroom event on session B's
// resources. Routes come from the OpenAPI document and events from the contracts, so a new one is tried too.

type EventName = keyof typeof CLASSROOM_CLIENT_EVENTS;

interface Target {
  classroomId: string;
  studentId: string;
  exchangeId: string;
  heldExchangeId: string;
}

/** What each event sends when aimed at B: B's ids wherever the payload takes one. */
const AIMED_AT: Record<EventName, (b: Target) => unknown> = {
  resync: () => ({ after: 0 }),
  ask: () => ({ persona: FOUNDER, message: 'Whose session is this?' }),
  thread: (b) => ({ participantId: b.studentId }),
  'room:lock': () => ({ locked: false }),
  broadcast: () => ({ text: 'Hello from another session.' }),
  'exchange:pin': (b) => ({ exchangeId: b.exchangeId, pinned: true }),
  'participant:remove': (b) => ({ participantId: b.studentId }),
  'session:end': () => ({}),
  'debate:motion': () => ({ motion: 'This house would abolish the state', personas: [FOUNDER, EXILE] }),
  'debate:next': () => ({}),
  'moderation:decide': (b) => ({ exchangeId: b.heldExchangeId, decision: 'release' }),
};

// Events that name another session's resource: they must be refused outright.
const NAMES_A_RESOURCE: EventName[] = ['thread', 'exchange:pin', 'participant:remove', 'moderation:decide'];

const CLASSROOM_ROUTES = Object.entries(buildOpenApiDocument().paths)
  .filter(([path]) => path.startsWith('/api/classrooms/{id}'))
  .flatMap(([path, ops]) => Object.keys(ops as object).map((method) => ({ method, path })));

async function state(t: RealtimeTestApp, b: Room) {
  const ack = await emitAck(b.teacher.socket, 'resync', { after: 0, limit: 1000 });
  const classroom = ack.classroom as ClassroomView;
  const thread = (await emitAck(b.teacher.socket, 'thread', { participantId: b.students[0].participantId }))
    .exchanges as Exchange[];
  const participants = await t.db.query<{ id: string; removed_at: string | null }>(
    'SELECT id, removed_at FROM classroom_participants WHERE classroom_id = $1 ORDER BY id',
    [b.created.classroom.id],
  );
  return { classroom, events: (ack.events as unknown[]).length, thread, participants };
}

describe("another session's resources", () => {
  let t: RealtimeTestApp;
  let a: Room;
  let b: Room;
  let target: Target;

  beforeAll(async () => {
    t = await startRealtimeApp();
    a = await openRoom(t.url, { students: 1 });
    b = await openRoom(t.url, { students: 1, create: { visibility: 'private' } });
    const asked = (
      await emitAck(b.students[0].socket, 'ask', { persona: FOUNDER, message: 'What is to be done?' })
    ).exchange as Exchange;
    const held = (
      await emitAck(b.students[0].socket, 'ask', { persona: FOUNDER, message: 'you are so stupid' })
    ).exchange as Exchange;
    expect(held.status).toBe('held');
    await b.teacher.inbox.waitFor('exchange:answered');
    target = {
      classroomId: b.created.classroom.id,
      studentId: b.students[0].participantId,
      exchangeId: asked.id,
      heldExchangeId: held.id,
    };
  });
  afterAll(async () => {
    a.close();
    b.close();
    await t.close();
  });

  it('tries every classroom route that takes a session id', () => {
    expect(CLASSROOM_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      expect.arrayContaining([
        'delete /api/classrooms/{id}',
        'get /api/classrooms/{id}',
        'get /api/classrooms/{id}/transcript',
      ]),
    );
  });

  it.each(CLASSROOM_ROUTES)(
    'refuses $method $path with the other session’s teacher or student token',
    async ({ method, path }) => {
      for (const token of [a.teacher.token, a.students[0].token]) {
        const url = path.replace('{id}', target.classroomId);
        const call = method === 'delete' ? request(t.url).delete(url) : request(t.url).get(url);
        const res = await call.set('Authorization', `Bearer ${token}`);
        expect({
          token: token === a.teacher.token ? 'teacher' : 'student',
          status: res.status,
          code: res.body.code,
        }).toEqual({
          token: token === a.teacher.token ? 'teacher' : 'student',
          status: 403,
          code: 'forbidden',
        });
      }
    },
  );

  it('has a cross-session attempt for every classroom event', () => {
    expect(Object.keys(AIMED_AT).sort()).toEqual(Object.keys(CLASSROOM_CLIENT_EVENTS).sort());
  });

  // session:end ends A (its students are disconnected), so it is tried last.
  const EVENTS = (Object.keys(CLASSROOM_CLIENT_EVENTS) as EventName[]).sort(
    (x, y) => Number(x === 'session:end') - Number(y === 'session:end'),
  );

  it.each(EVENTS)('lets neither A’s teacher nor A’s student reach session B with %s', async (event) => {
    const before = await state(t, b);
    const bEvents = b.teacher.inbox.events().length;
    // A's student first (refused or acting on A), then A's teacher; session:end would end A, so it goes last.
    for (const m of [a.students[0], a.teacher]) {
      const ack: AckResult = await emitAck(m.socket, event, AIMED_AT[event](target));
      if (NAMES_A_RESOURCE.includes(event)) {
        expect(ack.ok).toBe(false);
        expect(['not_found', 'forbidden']).toContain(ack.error?.code);
      } else if (ack.ok && event === 'resync') {
        const events = ack.events as { classroomId: string }[];
        expect(events.every((e) => e.classroomId === a.created.classroom.id)).toBe(true);
        expect((ack.classroom as ClassroomView).id).toBe(a.created.classroom.id);
      }
      if (!ack.ok) expect(ack.error?.code).toMatch(/^[a-z_]+$/);
    }
    // Nothing changed in B, and B heard nothing of it.
    await sleep(50);
    expect(await state(t, b)).toEqual(before);
    expect(b.teacher.inbox.events().length).toBe(bEvents);
    for (const m of [b.teacher, ...b.students])
      expect(m.inbox.events().every((e) => e.classroomId === target.classroomId)).toBe(true);
  });

  it('ends nothing in B when A is ended, and B’s tokens still work while A’s do not open B', async () => {
    expect((await emitAck(b.teacher.socket, 'resync', { after: 0 })).ok).toBe(true);
    const view = await request(t.url)
      .get(`/api/classrooms/${target.classroomId}`)
      .set('Authorization', `Bearer ${b.students[0].token}`)
      .expect(200);
    expect(view.body).toMatchObject({ id: target.classroomId, ended: false });
  });
});

describe('join-code guessing with the real limits', () => {
  let t: RealtimeTestApp;
  beforeAll(async () => {
    t = await startRealtimeApp({
      classroom: { rateLimits: { ...RELAXED_LIMITS, join: DEFAULT_RATE_LIMITS.join } },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is throttled: after ten wrong codes from one address, every attempt is rate_limited, even the right code', async () => {
    const { joinCode } = await createClassroom(t.url);
    const statuses: number[] = [];
    const codes: string[] = [];
    const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
    for (let i = 0; i < 30; i++) {
      const guess = Array.from({ length: 8 }, (_, k) => alphabet[(i * 7 + k * 3) % alphabet.length]).join('');
      if (guess === joinCode) continue;
      const res = await request(t.url)
        .post('/api/classrooms/join')
        .send({ code: guess, displayName: 'Guesser' });
      statuses.push(res.status);
      codes.push(res.body.code);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(new Set(codes.slice(0, 10))).toEqual(new Set(['invalid_join_code']));
    expect(statuses.slice(10).filter((s) => s === 429).length).toBeGreaterThanOrEqual(statuses.length - 11);
    expect(codes.slice(11).every((c) => c === 'rate_limited')).toBe(true);
    const right = await request(t.url)
      .post('/api/classrooms/join')
      .send({ code: joinCode, displayName: 'Ana' });
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ statusCode: 429, code: 'rate_limited', message: expect.any(String) });
  });
});

describe('the WebSocket handshake from a foreign page', () => {
  let t: RealtimeTestApp;
  let teacherToken: string;
  let chatToken: string;
  beforeAll(async () => {
    t = await startRealtimeApp();
    teacherToken = (await createClassroom(t.url)).teacherToken;
    chatToken = (await request(t.url).post('/api/realtime/chat-tokens').expect(201)).body.token;
  });
  afterAll(async () => {
    await t.close();
  });

  const origins = [
    'https://evil.example',
    'null',
    'http://school.example.evil.example',
    'http://SCHOOL.example:80',
  ];
  const cases = (['/classroom', '/chat'] as const).flatMap((nsp) =>
    (['websocket', 'polling'] as const).flatMap((transport) =>
      origins.map((origin) => [nsp, transport, origin] as const),
    ),
  );

  it.each(cases)('%s over %s refuses Origin %s with forbidden', async (nsp, transport, origin) => {
    const token = nsp === '/chat' ? chatToken : teacherToken;
    const error = await connectError(t.url, nsp, token, { origin, transports: [transport] });
    expect(error).toMatchObject({ code: 'forbidden' });
  });

  it.each(['/classroom', '/chat'] as const)(
    '%s accepts the listed origin with a valid token',
    async (nsp) => {
      const token = nsp === '/chat' ? chatToken : teacherToken;
      await expect(connectError(t.url, nsp, token, { origin: 'http://school.example' })).rejects.toThrow(
        'the handshake was accepted',
      );
    },
  );
});
