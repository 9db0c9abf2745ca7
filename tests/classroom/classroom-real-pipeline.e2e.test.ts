// End-to-end with the real answer pipeline (offline extractive answerer, GloVe embeddings, a
// subset of the shared corpus on an in-memory database): what a class would actually see.
import {
  AnswerSchema,
  ClassroomAnswerSchema,
  type Answer,
  type ClassroomAnswer,
  type ClassroomEvent,
  type Exchange,
} from '@parley/contracts';
import request from 'supertest';
import { expectSoundAnswer } from '../support/chat-helpers';
import { connect, emitAck, Inbox } from '../realtime/support/clients';
import { openRoom, type Room } from '../realtime/support/classroom-fixture';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { EXILE, FIXTURE_DOCS, FOUNDER, SECRETARY } from '../support/fixture-corpus';

type Envelope<T> = ClassroomEvent & { data: T };

describe('classrooms with the real offline answer pipeline', () => {
  let t: RealtimeTestApp;
  let url: string;

  beforeAll(async () => {
    t = await startRealtimeApp({
      pipeline: 'offline',
      documents: [
        FIXTURE_DOCS.essays,
        FIXTURE_DOCS.unions,
        FIXTURE_DOCS.polemic,
        FIXTURE_DOCS.industry,
        FIXTURE_DOCS.state,
      ],
    });
    url = t.url;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('a debate between the exile and the secretary on socialism in one country', () => {
    let room: Room;
    beforeAll(async () => {
      room = await openRoom(url, {
        students: 1,
        create: {
          mode: 'debate',
          personas: [EXILE, SECRETARY],
          motion: 'Socialism can be built in one country alone',
        },
      });
    });
    afterAll(() => room.close());

    it('runs four turns, each citing only the speaker’s own documents, verbatim, and never repeating itself', async () => {
      const quoted = new Map<string, string[]>();
      for (let turn = 1; turn <= 4; turn++) {
        const ack = await emitAck(room.teacher.socket, 'debate:next');
        expect(ack.ok).toBe(true);
        const exchange = ack.exchange as Exchange;
        const done = await room.students[0].inbox.waitFor<
          Envelope<{ exchangeId: string; answer: ClassroomAnswer }>
        >('exchange:answered', (e) => e.data.exchangeId === exchange.id, 60_000);
        const answer = ClassroomAnswerSchema.parse(done.data.answer);
        expect(answer.persona.id).toBe(turn % 2 === 1 ? EXILE : SECRETARY);
        expect(answer.refusal).toBeNull();
        expect(answer.citations.length).toBeGreaterThan(0);
        for (const c of answer.citations) expect(c.source.startsWith(`${answer.persona.id}/`)).toBe(true);
        await expectSoundAnswer(url, answer);
        // A speaker's second turn brings passages it has not quoted in its first.
        const before = quoted.get(answer.persona.id) ?? [];
        for (const c of answer.citations) expect(before).not.toContain(c.quote);
        quoted.set(answer.persona.id, [...before, ...answer.citations.map((c) => c.quote)]);
      }
    });
  });

  it.each([
    ['a persona that does not exist', { personas: [FOUNDER, 'napoleon'] }, 404, 'unknown_persona'],
    [
      'a date after one persona died',
      { personas: [FOUNDER, SECRETARY], asOf: '1930-01-01' },
      400,
      'as_of_out_of_range',
    ],
  ])('refuses to create a session with %s', async (_what, body, status, code) => {
    const res = await request(url)
      .post('/api/classrooms')
      .send({ title: 'Revolutions, period 3', ...body });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, code });
  });

  describe('a shared question-and-answer session', () => {
    let room: Room;
    beforeAll(async () => {
      room = await openRoom(url, { students: 3, create: { personas: [FOUNDER], visibility: 'shared' } });
    });
    afterAll(() => room.close());

    it('streams a cited answer to every student, and the transcript quotes its sources', async () => {
      const ack = await emitAck(room.students[0].socket, 'ask', {
        persona: FOUNDER,
        message: 'What will happen to the state?',
      });
      const exchange = ack.exchange as Exchange;
      let answer: ClassroomAnswer | undefined;
      for (const m of room.students) {
        const done = await m.inbox.waitFor<Envelope<{ exchangeId: string; answer: ClassroomAnswer }>>(
          'exchange:answered',
          (e) => e.data.exchangeId === exchange.id,
          60_000,
        );
        answer = done.data.answer;
      }
      await expectSoundAnswer(url, answer as ClassroomAnswer);
      const md = await request(url)
        .get(`/api/classrooms/${room.created.classroom.id}/transcript?format=md`)
        .set('Authorization', `Bearer ${room.teacher.token}`)
        .expect(200);
      const first = (answer as ClassroomAnswer).citations[0];
      expect(md.text).toContain(first.source);
    });

    it('leaves no conversation, message or citation behind once deleted', async () => {
      const id = room.created.classroom.id;
      const count = async () =>
        (
          await t.db.query<{ n: number }>(
            `SELECT (SELECT count(*) FROM conversations WHERE classroom_id = $1)
                  + (SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.classroom_id = $1)
                  + (SELECT count(*) FROM classroom_events WHERE classroom_id = $1) AS n`,
            [id],
          )
        )[0].n;
      expect(Number(await count())).toBeGreaterThan(0);
      await request(url)
        .delete(`/api/classrooms/${id}`)
        .set('Authorization', `Bearer ${room.teacher.token}`)
        .expect(204);
      expect(Number(await count())).toBe(0);
    });
  });

  it('answers over /chat with the verified Answer', async () => {
    const token = (await request(url).post('/api/realtime/chat-tokens').expect(201)).body.token as string;
    const socket = await connect(url, '/chat', token);
    const inbox = new Inbox(socket);
    const ack = await emitAck(socket, 'ask', {
      persona: EXILE,
      message: 'What is the role of the trade unions?',
    });
    expect(ack.ok).toBe(true);
    const done = await inbox.waitFor<Answer>('answer:done', (a) => a.messageId === ack.messageId, 60_000);
    await expectSoundAnswer(url, AnswerSchema.parse(done));
    socket.close();
  });
});
