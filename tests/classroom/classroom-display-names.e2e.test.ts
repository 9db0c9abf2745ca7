jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import request from 'supertest';
import type { ClassroomEvent } from '@parley/contracts';
import { joinClassroom } from '../realtime/support/clients';
import { openRoom, type Room } from '../realtime/support/classroom-fixture';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';

// Issue 14, finding 5. A persona the fake pipeline reserves by name (the fixture founder, Brandt), in plain and
// look-alike spelling (a Cyrillic а).
const PERSONA_NAME = 'Brandt';
const PERSONA_LOOK_ALIKE = 'Br\u0430ndt';
const IMPERSONATIONS = [
  'Teacher',
  'teacher',
  'T\u0435acher',
  '\u0422eacher',
  'Tea\u00adcher',
  'Ms Rivera',
  PERSONA_NAME,
  PERSONA_LOOK_ALIKE,
  `Comrade ${PERSONA_NAME}`,
];
const BLANK_NAMES = ['\u3164', '\u2800', '\u0301\u0302\u0303', '\u00ad\u200b', '\u3164\u3164 \u2800'];

type Envelope<T> = ClassroomEvent & { data: T };

describe('display names', () => {
  let t: RealtimeTestApp;
  let room: Room;
  const join = (displayName: string) =>
    request(t.url).post('/api/classrooms/join').send({ code: room.created.joinCode, displayName });

  beforeAll(async () => {
    t = await startRealtimeApp();
    room = await openRoom(t.url, { students: 0, create: { teacherName: 'Ms Rivera' } });
  });
  afterAll(async () => {
    room.close();
    await t.close();
  });

  it.each(IMPERSONATIONS)('refuses a student who calls themself "%s"', async (displayName) => {
    const res = await join(displayName).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'display_name_reserved' });
    expect(res.body.message).toMatch(/teacher or a persona/);
  });

  it.each(BLANK_NAMES)('refuses the invisible or blank name %j', async (displayName) => {
    const res = await join(displayName).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect(JSON.stringify(res.body)).toMatch(/visible letter or digit|must not be empty/);
  });

  it('gives a second student with a name that reads the same a suffix, and the teacher sees both apart', async () => {
    const first = await joinClassroom(t.url, room.created.joinCode, 'Anna');
    const second = await joinClassroom(t.url, room.created.joinCode, '\u0410nna');
    const third = await joinClassroom(t.url, room.created.joinCode, 'An\u00adna');
    expect(first.displayName).toBe('Anna');
    expect(second.displayName).toBe('\u0410nna (2)');
    expect(third.displayName).toBe('Anna (3)');

    const joined = await room.teacher.inbox.waitFor<
      Envelope<{ participant: { id: string; displayName: string } }>
    >('participant:joined', (e) => e.data.participant.id === third.participantId);
    expect(joined.data.participant.displayName).toBe('Anna (3)');
    const names = room.teacher.inbox
      .of<Envelope<{ participant: { displayName: string } }>>('participant:joined')
      .map((e) => e.data.participant.displayName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps an ordinary name as the student typed it', async () => {
    const joined = await joinClassroom(t.url, room.created.joinCode, 'Teo');
    expect(joined.displayName).toBe('Teo');
  });
});
