jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import type { ClassroomEvent } from '@parley/contracts';
import { emitAck, joinClassroom } from './support/clients';
import { openRoom, type Room } from './support/classroom-fixture';
import { ResyncingClient } from './support/resyncing-client';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { FOUNDER } from '../support/fixture-corpus';
import { waitFor } from '../support/wait-for';

/** The ids of every event this participant may see, straight from the log. */
async function visibleIds(room: Room, index: number): Promise<number[]> {
  const ack = await emitAck(room.students[index].socket, 'resync', { after: 0, limit: 1000 });
  return (ack.events as ClassroomEvent[]).map((e) => e.id);
}

describe('reconnecting to a classroom', () => {
  let t: RealtimeTestApp;
  let room: Room;
  beforeAll(async () => {
    t = await startRealtimeApp();
    room = await openRoom(t.url, { students: 2, create: { visibility: 'shared' } });
  });
  afterAll(async () => {
    room.close();
    await t.close();
  });

  it('after a dropped connection, recovers every event sent in the meantime, each once', async () => {
    const joined = await joinClassroom(t.url, room.created.joinCode, 'Flaky');
    const client = new ResyncingClient(t.url, joined.token);
    await client.ready();
    await emitAck(room.teacher.socket, 'broadcast', { text: 'before the drop' });
    await waitFor(() => client.applied.some((e) => e.type === 'broadcast'), { what: 'the first broadcast' });

    client.dropConnection();
    for (let i = 0; i < 5; i++) await emitAck(room.teacher.socket, 'broadcast', { text: `while away ${i}` });
    await emitAck(room.students[0].socket, 'ask', { persona: FOUNDER, message: 'Anyone there?' });
    await room.students[0].inbox.waitFor('exchange:answered');
    await emitAck(room.teacher.socket, 'broadcast', { text: 'after the answer' });

    // In a shared session a student sees every event except the teacher-only ones.
    const log = (await emitAck(room.teacher.socket, 'resync', { after: 0 })).events as ClassroomEvent[];
    const expected = log.filter((e) => e.type !== 'participant:joined').map((e) => e.id);
    await waitFor(() => client.lastId >= Math.max(...expected), { what: 'the missed events' });
    expect(client.ids()).toEqual(expected);
    expect(
      client.applied.filter((e) => e.type === 'broadcast').map((e) => (e.data as { text: string }).text),
    ).toEqual([
      'before the drop',
      'while away 0',
      'while away 1',
      'while away 2',
      'while away 3',
      'while away 4',
      'after the answer',
    ]);
    expect(client.recoveredConnections).toBe(1);
    client.close();
  });

  it('after a long absence (no session to recover), catches up from the database by last event id', async () => {
    const ids = await visibleIds(room, 1);
    const lastSeen = ids[1];
    for (let i = 0; i < 3; i++) await emitAck(room.teacher.socket, 'broadcast', { text: `while gone ${i}` });
    const client = new ResyncingClient(t.url, room.students[1].token, lastSeen);
    await client.ready();
    expect(client.recoveredConnections).toBe(0);
    const all = await visibleIds(room, 1);
    expect(client.ids()).toEqual(all.filter((id) => id > lastSeen));
    client.close();
  });

  it('pages a long backlog', async () => {
    const first = await emitAck(room.students[1].socket, 'resync', { after: 0, limit: 2 });
    expect(first).toMatchObject({ ok: true, more: true });
    expect((first.events as ClassroomEvent[]).map((e) => e.id)).toHaveLength(2);
  });
});
