// The classroom lib imports the pipeline token from @parley/chat; these tests use a fake pipeline,
// so only the token's defining file is loaded, not the whole answer pipeline.
jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import request from 'supertest';
import type { Answer, ClassroomEvent, Exchange } from '@parley/contracts';
import { emitAck } from '../realtime/support/clients';
import { openRoom, type Room } from '../realtime/support/classroom-fixture';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { EXILE, FOUNDER } from '../support/fixture-corpus';

type Envelope<T> = ClassroomEvent & { data: T };

describe('a classroom session with a teacher and three students', () => {
  let t: RealtimeTestApp;
  beforeAll(async () => {
    t = await startRealtimeApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('in shared mode', () => {
    let room: Room;
    beforeAll(async () => {
      room = await openRoom(t.url, { create: { visibility: 'shared' } });
    });
    afterAll(() => room.close());

    it('streams a student question and its cited answer to everyone in the room', async () => {
      const [a] = room.students;
      const ack = await emitAck(a.socket, 'ask', { persona: FOUNDER, message: 'What is the state?' });
      expect(ack.ok).toBe(true);
      const exchange = ack.exchange as Exchange;
      expect(exchange).toMatchObject({
        persona: FOUNDER,
        question: 'What is the state?',
        status: 'answering',
        displayName: 'Student A',
      });

      for (const m of [room.teacher, ...room.students]) {
        await m.inbox.waitFor<Envelope<{ exchange: Exchange }>>(
          'exchange:asked',
          (e) => e.data.exchange.id === exchange.id,
        );
        const done = await m.inbox.waitFor<Envelope<{ exchangeId: string; answer: Answer }>>(
          'exchange:answered',
          (e) => e.data.exchangeId === exchange.id,
        );
        expect(done.data.answer.citations[0].source).toBe(`${FOUNDER}/fake-writings.txt`);
        const deltas = m.inbox
          .of<{ exchangeId: string; text: string }>('exchange:delta')
          .filter((d) => d.exchangeId === exchange.id);
        expect(deltas.map((d) => d.text).join('')).toBe(done.data.answer.answer);
      }
    });

    it('passes the session id to the pipeline so the conversation belongs to the session', () => {
      expect(t.pipeline.calls.at(-1)?.classroomId).toBe(room.created.classroom.id);
    });

    it("lets a student read another student's thread", async () => {
      const [a, b] = room.students;
      const ack = await emitAck(b.socket, 'thread', { participantId: a.participantId });
      expect(ack.ok).toBe(true);
      expect((ack.exchanges as Exchange[]).length).toBe(1);
    });

    it('numbers events one by one, so every member sees the same increasing ids', async () => {
      const teacherIds = room.teacher.inbox.events().map((e) => e.id);
      const studentIds = room.students[2].inbox.events().map((e) => e.id);
      expect(teacherIds).toEqual([...teacherIds].sort((x, y) => x - y));
      expect(studentIds.every((id) => teacherIds.includes(id))).toBe(true);
    });
  });

  describe('in private mode', () => {
    let room: Room;
    beforeAll(async () => {
      room = await openRoom(t.url, { create: { visibility: 'private' } });
    });
    afterAll(() => room.close());

    it('shows a question and its answer only to the asker and the teacher', async () => {
      const [a, b, c] = room.students;
      const ack = await emitAck(a.socket, 'ask', {
        persona: EXILE,
        message: 'What is permanent revolution?',
      });
      const exchange = ack.exchange as Exchange;
      for (const m of [room.teacher, a]) {
        await m.inbox.waitFor<Envelope<{ exchangeId: string }>>(
          'exchange:answered',
          (e) => e.data.exchangeId === exchange.id,
        );
      }
      // A broadcast sent afterwards reaches everyone, so anything private would have arrived before it.
      await emitAck(room.teacher.socket, 'broadcast', { text: 'Five minutes left.' });
      for (const m of [b, c]) {
        await m.inbox.waitFor('broadcast');
        expect(m.inbox.of('exchange:asked')).toHaveLength(0);
        expect(m.inbox.of('exchange:answered')).toHaveLength(0);
        expect(m.inbox.of('exchange:delta')).toHaveLength(0);
      }
    });

    it("refuses a student reading another student's thread", async () => {
      const [a, b] = room.students;
      const ack = await emitAck(b.socket, 'thread', { participantId: a.participantId });
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    });

    it('resyncs a student with only the events meant for them', async () => {
      const [, b] = room.students;
      const ack = await emitAck(b.socket, 'resync', { after: 0 });
      const types = (ack.events as ClassroomEvent[]).map((e) => e.type);
      expect(types).toContain('broadcast');
      expect(types).not.toContain('exchange:asked');
      expect(types).not.toContain('participant:joined');
    });

    it('lets the teacher pin an exchange for everyone', async () => {
      const [a, , c] = room.students;
      const exchangeId = a.inbox.of<Envelope<{ exchangeId: string }>>('exchange:answered')[0].data.exchangeId;
      const ack = await emitAck(room.teacher.socket, 'exchange:pin', { exchangeId });
      expect(ack.ok).toBe(true);
      const pinned =
        await c.inbox.waitFor<Envelope<{ exchange: Exchange; pinned: boolean }>>('exchange:pinned');
      expect(pinned.data.exchange.answer?.citations.length).toBeGreaterThan(0);
      const view = await request(t.url)
        .get(`/api/classrooms/${room.created.classroom.id}`)
        .set('Authorization', `Bearer ${c.token}`)
        .expect(200);
      expect(view.body.pinned).toEqual([exchangeId]);
    });

    it('stops student questions while the room is locked and resumes them when unlocked', async () => {
      const [, b] = room.students;
      expect((await emitAck(room.teacher.socket, 'room:lock', { locked: true })).ok).toBe(true);
      await b.inbox.waitFor<Envelope<{ locked: boolean }>>('room:locked', (e) => e.data.locked);
      const refused = await emitAck(b.socket, 'ask', { persona: FOUNDER, message: 'May I ask?' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'classroom_locked' } });
      await emitAck(room.teacher.socket, 'room:lock', { locked: false });
      const accepted = await emitAck(b.socket, 'ask', { persona: FOUNDER, message: 'May I ask now?' });
      expect(accepted.ok).toBe(true);
    });

    it('tells the teacher who joined, and nobody else', async () => {
      const joined =
        room.teacher.inbox.of<Envelope<{ participant: { displayName: string } }>>('participant:joined');
      expect(joined.map((e) => e.data.participant.displayName)).toEqual([
        'Student A',
        'Student B',
        'Student C',
      ]);
      for (const s of room.students) expect(s.inbox.of('participant:joined')).toHaveLength(0);
    });

    it('ends the session: everyone is told, students are disconnected and their tokens stop working', async () => {
      const [a] = room.students;
      const gone = new Promise((resolve) => a.socket.once('disconnect', resolve));
      expect((await emitAck(room.teacher.socket, 'session:end')).ok).toBe(true);
      await a.inbox.waitFor('session:ended');
      await gone;
      await request(t.url)
        .get(`/api/classrooms/${room.created.classroom.id}`)
        .set('Authorization', `Bearer ${a.token}`)
        .expect(410);
      const teacherView = await request(t.url)
        .get(`/api/classrooms/${room.created.classroom.id}`)
        .set('Authorization', `Bearer ${room.teacher.token}`)
        .expect(200);
      expect(teacherView.body.ended).toBe(true);
    });
  });
});
