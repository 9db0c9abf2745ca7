jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import { AnswerDrain } from '../../apps/api/src/lifecycle/answer-drain';
import { emitAck } from '../realtime/support/clients';
import { openRoom, type Room } from '../realtime/support/classroom-fixture';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { EXILE, SECRETARY } from '../support/fixture-corpus';

// After SIGTERM an instance finishes the answers it has but starts no new ones, in classrooms as in chat.
describe('a classroom on an instance that is shutting down', () => {
  let t: RealtimeTestApp;
  let room: Room;
  beforeAll(async () => {
    t = await startRealtimeApp();
    room = await openRoom(t.url, {
      students: 1,
      create: { mode: 'debate', personas: [EXILE, SECRETARY], motion: 'Socialism in one country' },
    });
  });
  afterAll(async () => {
    room.close();
    await t.close();
  });

  it('refuses new questions and debate turns with shutting_down, and still serves everything else', async () => {
    const calls = t.pipeline.calls.length;
    t.app.get(AnswerDrain).begin();

    const ask = await emitAck(room.students[0].socket, 'ask', {
      persona: SECRETARY,
      message: 'Can socialism be built in one country?',
    });
    expect(ask).toMatchObject({ ok: false, error: { code: 'shutting_down' } });
    const turn = await emitAck(room.teacher.socket, 'debate:next');
    expect(turn).toMatchObject({ ok: false, error: { code: 'shutting_down' } });
    expect(t.pipeline.calls.length).toBe(calls);

    // Moderation and reading go on while the instance drains.
    const broadcast = await emitAck(room.teacher.socket, 'broadcast', { text: 'We stop here for today.' });
    expect(broadcast.ok).toBe(true);
    await room.students[0].inbox.waitFor('broadcast');
  });
});
