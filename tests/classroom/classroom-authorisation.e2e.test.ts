jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import request from 'supertest';
import type { Exchange } from '@parley/contracts';
import {
  connect,
  connectError,
  createClassroom,
  disconnected,
  emitAck,
  joinClassroom,
} from '../realtime/support/clients';
import { openRoom, type Room } from '../realtime/support/classroom-fixture';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { RELAXED_LIMITS } from '../support/rate-limits';
import { FOUNDER, SECRETARY } from '../support/fixture-corpus';

describe('classroom authorisation', () => {
  let t: RealtimeTestApp;
  let room: Room;
  let other: Room;
  let answered: Exchange;
  let otherExchange: Exchange;

  beforeAll(async () => {
    t = await startRealtimeApp();
    room = await openRoom(t.url, { students: 2, create: { visibility: 'private' } });
    other = await openRoom(t.url, { students: 1 });
    answered = (
      await emitAck(room.students[0].socket, 'ask', { persona: FOUNDER, message: 'What is to be done?' })
    ).exchange as Exchange;
    otherExchange = (
      await emitAck(other.students[0].socket, 'ask', { persona: FOUNDER, message: 'Who are you?' })
    ).exchange as Exchange;
    await room.teacher.inbox.waitFor('exchange:answered');
    await other.teacher.inbox.waitFor('exchange:answered');
  });
  afterAll(async () => {
    room.close();
    other.close();
    await t.close();
  });

  describe('the handshake', () => {
    it('refuses a connection without a token', async () => {
      expect(await connectError(t.url, '/classroom', undefined)).toMatchObject({ code: 'unauthorized' });
    });

    it('refuses a token that was never issued', async () => {
      expect(await connectError(t.url, '/classroom', 'x'.repeat(43))).toMatchObject({ code: 'unauthorized' });
    });

    it('refuses a page from an origin that is not allowed', async () => {
      const error = await connectError(t.url, '/classroom', room.teacher.token, {
        origin: 'https://evil.example',
      });
      expect(error).toMatchObject({ code: 'forbidden' });
    });

    it('accepts a page from an allowed origin', async () => {
      const socket = await connect(t.url, '/classroom', room.teacher.token, {
        origin: 'http://school.example',
      });
      socket.close();
    });

    it('refuses a classroom token on the /chat namespace', async () => {
      expect(await connectError(t.url, '/chat', room.students[0].token)).toMatchObject({
        code: 'unauthorized',
      });
    });
  });

  describe('a student', () => {
    const teacherOnly: [string, () => unknown][] = [
      ['lock the room', () => ['room:lock', { locked: true }]],
      ['broadcast', () => ['broadcast', { text: 'Everyone out!' }]],
      ['pin an exchange', () => ['exchange:pin', { exchangeId: answered.id }]],
      ['remove a student', () => ['participant:remove', { participantId: room.students[1].participantId }]],
      ['end the session', () => ['session:end', {}]],
      ['set a debate motion', () => ['debate:motion', { motion: 'This house would abolish the state' }]],
      ['advance a debate', () => ['debate:next', {}]],
      [
        'release a held question',
        () => ['moderation:decide', { exchangeId: answered.id, decision: 'release' }],
      ],
    ];
    it.each(teacherOnly)('cannot %s', async (_what, args) => {
      const [event, payload] = args() as [string, unknown];
      expect(await emitAck(room.students[0].socket, event, payload)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    });

    it('cannot read the transcript or delete the session', async () => {
      const id = room.created.classroom.id;
      const auth = `Bearer ${room.students[0].token}`;
      const transcript = await request(t.url)
        .get(`/api/classrooms/${id}/transcript`)
        .set('Authorization', auth)
        .expect(403);
      expect(transcript.body.code).toBe('forbidden');
      await request(t.url).delete(`/api/classrooms/${id}`).set('Authorization', auth).expect(403);
    });

    it('cannot ask a persona the session does not have', async () => {
      const ack = await emitAck(room.students[1].socket, 'ask', { persona: SECRETARY, message: 'Hello?' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'unknown_persona' } });
    });

    it('gets validation_failed for a malformed event', async () => {
      const ack = await emitAck(room.students[1].socket, 'ask', { persona: FOUNDER, message: '' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    });
  });

  describe('another session', () => {
    it('cannot be read, transcribed or deleted with this session’s teacher token', async () => {
      const auth = `Bearer ${room.teacher.token}`;
      const id = other.created.classroom.id;
      for (const res of [
        await request(t.url).get(`/api/classrooms/${id}`).set('Authorization', auth),
        await request(t.url).get(`/api/classrooms/${id}/transcript`).set('Authorization', auth),
        await request(t.url).delete(`/api/classrooms/${id}`).set('Authorization', auth),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
    });

    it('cannot have its exchanges pinned from this session', async () => {
      const ack = await emitAck(room.teacher.socket, 'exchange:pin', { exchangeId: otherExchange.id });
      expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    });

    it('cannot have its students removed from this session', async () => {
      const ack = await emitAck(room.teacher.socket, 'participant:remove', {
        participantId: other.students[0].participantId,
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    });

    it('does not deliver its events here', () => {
      for (const m of [room.teacher, ...room.students]) {
        expect(m.inbox.events().every((e) => e.classroomId === room.created.classroom.id)).toBe(true);
      }
    });
  });

  describe('limits', () => {
    it('refuses an event payload over the per-event cap with payload_too_large', async () => {
      const ack = await emitAck(room.students[1].socket, 'ask', {
        persona: FOUNDER,
        message: 'x'.repeat(13 * 1024),
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    });

    it('closes a connection that sends a packet over the 16 KB transport cap', async () => {
      const m = await connect(t.url, '/classroom', room.students[1].token);
      const gone = disconnected(m);
      m.emit('ask', { persona: FOUNDER, message: 'x'.repeat(20 * 1024) });
      expect(await gone).toBe('transport close');
    });

    it('rate-limits questions to a burst of three, then says when to retry', async () => {
      const { token } = await joinClassroom(t.url, other.created.joinCode, 'Eager');
      const socket = await connect(t.url, '/classroom', token);
      const acks = [];
      for (let i = 0; i < 4; i++)
        acks.push(await emitAck(socket, 'ask', { persona: FOUNDER, message: `Question ${i}` }));
      expect(acks.slice(0, 3).every((a) => a.ok)).toBe(true);
      expect(acks[3]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
      expect(acks[3].error?.retryAfterMs).toBeGreaterThan(0);
      expect(acks[3].error?.retryAfterMs).toBeLessThanOrEqual(3000);
      socket.close();
    });
  });

  describe('removing a student', () => {
    it('disconnects them and their token stops working', async () => {
      const [, b] = room.students;
      const gone = disconnected(b.socket);
      expect(
        (await emitAck(room.teacher.socket, 'participant:remove', { participantId: b.participantId })).ok,
      ).toBe(true);
      await gone;
      expect(b.inbox.of('participant:removed')).toHaveLength(1);
      expect(await connectError(t.url, '/classroom', b.token)).toMatchObject({ code: 'forbidden' });
    });
  });
});

describe('creating and joining a session', () => {
  let t: RealtimeTestApp;
  beforeAll(async () => {
    t = await startRealtimeApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives a join code without look-alike characters', async () => {
    const { joinCode } = await createClassroom(t.url);
    expect(joinCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  });

  it('accepts the code typed in lower case with a dash', async () => {
    const { joinCode } = await createClassroom(t.url);
    const typed = `${joinCode.slice(0, 4)}-${joinCode.slice(4)}`.toLowerCase();
    await request(t.url).post('/api/classrooms/join').send({ code: typed, displayName: 'Ana' }).expect(201);
  });

  it('keeps only a trimmed display name, without control characters, stored as text', async () => {
    const { joinCode, teacherToken, classroom } = await createClassroom(t.url);
    const res = await request(t.url)
      .post('/api/classrooms/join')
      .send({ code: joinCode, displayName: '  <b>Zoë</b>\u0000\u202e  ', email: 'zoe@example.com' })
      .expect(201);
    // The name the session gives back is the cleaned one; nothing else the student sent (the email) is echoed.
    expect(Object.keys(res.body).sort()).toEqual(['classroom', 'displayName', 'participantId', 'token']);
    expect(res.body.displayName).toBe('<b>Zoë</b>');
    const transcript = await request(t.url)
      .get(`/api/classrooms/${classroom.id}/transcript?format=json`)
      .set('Authorization', `Bearer ${teacherToken}`)
      .expect(200);
    expect(transcript.body.participants.map((p: { displayName: string }) => p.displayName)).toContain(
      '<b>Zoë</b>',
    );
  });

  it('refuses a display name longer than 40 characters', async () => {
    const { joinCode } = await createClassroom(t.url);
    const res = await request(t.url)
      .post('/api/classrooms/join')
      .send({ code: joinCode, displayName: 'x'.repeat(41) })
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('stores tokens only as hashes', async () => {
    const { teacherToken } = await createClassroom(t.url);
    const rows = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM classroom_participants');
    expect(rows.some((r) => r.token_hash === teacherToken)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('refuses a debate with a single persona', async () => {
    const res = await request(t.url)
      .post('/api/classrooms')
      .send({ title: 'Debate', personas: [FOUNDER], mode: 'debate' })
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('refuses to let students join a locked session', async () => {
    const room = await openRoom(t.url, { students: 0 });
    await emitAck(room.teacher.socket, 'room:lock', { locked: true });
    const res = await request(t.url)
      .post('/api/classrooms/join')
      .send({ code: room.created.joinCode, displayName: 'Late' })
      .expect(403);
    expect(res.body.code).toBe('classroom_locked');
    room.close();
  });
});

describe('join attempts', () => {
  let t: RealtimeTestApp;
  beforeAll(async () => {
    t = await startRealtimeApp({
      classroom: { rateLimits: { ...RELAXED_LIMITS, join: { capacity: 3, refillPerSecond: 0.001 } } },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('are rate-limited per address for wrong codes only, without locking the address out of its own session', async () => {
    const { joinCode } = await createClassroom(t.url);
    const other = await createClassroom(t.url);
    const codes = ['ZZZZ-ZZZZ', 'ZZZZ-ZZZY', joinCode, 'ZZZZ-ZZZX', 'ZZZZ-ZZZW', joinCode, other.joinCode];
    const results = [];
    for (const code of codes)
      results.push(await request(t.url).post('/api/classrooms/join').send({ code, displayName: 'Guesser' }));
    // A successful join takes no token; the third wrong code takes the last one. Once spent, the address still joins
    // the session a student joined from it, and gets 429 for any other code, the right code of another session too.
    expect(results.map((r) => r.status)).toEqual([401, 401, 201, 401, 429, 201, 429]);
    expect(results[0].body.code).toBe('invalid_join_code');
    expect(results[4].body).toMatchObject({ code: 'rate_limited' });
    expect(results[6].body).toMatchObject({ code: 'rate_limited' });
  });
});
