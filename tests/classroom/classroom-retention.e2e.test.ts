jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import request from 'supertest';
import { RetentionService } from '@parley/classroom';
import type { Database } from '@parley/database';
import { connectError, disconnected, emitAck } from '../realtime/support/clients';
import { openRoom, type Room } from '../realtime/support/classroom-fixture';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { DAY_MS } from '../realtime/support/test-clock';
import { FOUNDER } from '../support/fixture-corpus';
import { waitFor } from '../support/wait-for';

/** Every row a session can leave behind, in its own tables and in the chat tables. */
async function rowsOf(db: Database, classroomId: string): Promise<Record<string, number>> {
  const count = async (sql: string) => (await db.query<{ n: number }>(sql, [classroomId]))[0].n;
  return {
    classrooms: await count('SELECT count(*)::int AS n FROM classrooms WHERE id = $1'),
    participants: await count(
      'SELECT count(*)::int AS n FROM classroom_participants WHERE classroom_id = $1',
    ),
    exchanges: await count('SELECT count(*)::int AS n FROM classroom_exchanges WHERE classroom_id = $1'),
    events: await count('SELECT count(*)::int AS n FROM classroom_events WHERE classroom_id = $1'),
    conversations: await count('SELECT count(*)::int AS n FROM conversations WHERE classroom_id = $1'),
    messages: await count(
      'SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.classroom_id = $1',
    ),
    citations: await count(
      `SELECT count(*)::int AS n FROM citations x JOIN messages m ON m.id = x.message_id
         JOIN conversations c ON c.id = m.conversation_id WHERE c.classroom_id = $1`,
    ),
  };
}

const NOTHING = {
  classrooms: 0,
  participants: 0,
  exchanges: 0,
  events: 0,
  conversations: 0,
  messages: 0,
  citations: 0,
};

async function busyRoom(t: RealtimeTestApp, retentionDays = 30): Promise<Room> {
  const room = await openRoom(t.url, { students: 2, create: { retentionDays } });
  const ack = await emitAck(room.students[0].socket, 'ask', {
    persona: FOUNDER,
    message: 'What is the state?',
  });
  const id = (ack.exchange as { id: string }).id;
  await room.teacher.inbox.waitFor(
    'exchange:answered',
    (e: { data: { exchangeId: string } }) => e.data.exchangeId === id,
  );
  return room;
}

describe('retention', () => {
  let t: RealtimeTestApp;
  beforeAll(async () => {
    t = await startRealtimeApp({ classroom: { retentionIntervalMs: 100 } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('deletes a session at once when its teacher asks, leaving no rows, and closes its connections', async () => {
    const room = await busyRoom(t);
    const id = room.created.classroom.id;
    const before = await rowsOf(t.db, id);
    for (const n of Object.values(before)) expect(n).toBeGreaterThan(0);

    const gone = disconnected(room.students[1].socket);
    await request(t.url)
      .delete(`/api/classrooms/${id}`)
      .set('Authorization', `Bearer ${room.teacher.token}`)
      .expect(204);
    await gone;
    expect(room.students[1].inbox.of('session:deleted')).toEqual([{ classroomId: id }]);
    expect(await rowsOf(t.db, id)).toEqual(NOTHING);
    expect(await connectError(t.url, '/classroom', room.teacher.token)).toMatchObject({
      code: 'unauthorized',
    });
    room.close();
  });

  it('deletes sessions whose retention has ended on the scheduled sweep, and keeps the others', async () => {
    const short = await busyRoom(t, 1);
    const long = await busyRoom(t, 30);
    short.close();
    long.close();
    t.clock.advance(2 * DAY_MS);
    await waitFor(async () => (await rowsOf(t.db, short.created.classroom.id)).classrooms === 0, {
      what: 'the sweep to delete the ended session',
      timeout: 5000,
      interval: 50,
    });
    expect(await rowsOf(t.db, short.created.classroom.id)).toEqual(NOTHING);
    expect((await rowsOf(t.db, long.created.classroom.id)).classrooms).toBe(1);
  });

  it('sweeps expired /chat tokens too', async () => {
    await request(t.url).post('/api/realtime/chat-tokens').expect(201);
    t.clock.advance(2 * DAY_MS);
    const swept = await t.app.get(RetentionService).sweep();
    expect(swept.chatTokens).toBeGreaterThanOrEqual(1);
  });
});
