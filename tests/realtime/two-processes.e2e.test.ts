import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClassroomEvent, Exchange } from '@parley/contracts';
import { createClassroom, emitAck, joinClassroom } from './support/clients';
import { member, type Member } from './support/classroom-fixture';
import { freePort, startChild, type Child } from './support/child-process';
import { EXILE } from '../support/fixture-corpus';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
type Envelope<T> = ClassroomEvent & { data: T };

describe('two api processes on different ports, sharing Redis and one database served by db:serve', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-two-processes-'));
  const children: Child[] = [];
  let urlA: string;
  let urlB: string;
  let teacher: Member;
  let student: Member;

  beforeAll(async () => {
    const port = await freePort();
    const db = await startChild(
      'db-serve.process.ts',
      ['--port', String(port), '--data-dir', dataDir],
      {},
      /DATABASE_URL=(\S+)/,
    );
    children.push(db.child);
    const env = { DATABASE_URL: db.match[1], REDIS_URL, CORS_ORIGINS: 'http://school.example' };
    const [a, b] = await Promise.all([
      startChild('api-instance.process.ts', [], env, /READY (\S+)/),
      startChild('api-instance.process.ts', [], env, /READY (\S+)/),
    ]);
    children.push(a.child, b.child);
    urlA = a.match[1];
    urlB = b.match[1];
  });

  afterAll(async () => {
    teacher?.socket.close();
    student?.socket.close();
    // APIs first, then the database they use.
    await Promise.all(children.slice(1).map((c) => c.stop()));
    await children[0]?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('run on different ports', () => {
    expect(new URL(urlA).port).not.toBe(new URL(urlB).port);
  });

  it('let a student on one and the teacher on the other see each other’s events', async () => {
    const created = await createClassroom(urlA, { visibility: 'private' });
    teacher = await member(urlA, 'Teacher', created.teacherToken, created.participantId);
    const joined = await joinClassroom(urlB, created.joinCode, 'Student on B');
    student = await member(urlB, 'Student on B', joined.token, joined.participantId);

    const joinedEvent =
      await teacher.inbox.waitFor<Envelope<{ participant: { displayName: string } }>>('participant:joined');
    expect(joinedEvent.data.participant.displayName).toBe('Student on B');

    const ack = await emitAck(student.socket, 'ask', {
      persona: EXILE,
      message: 'Can you hear me from B?',
    });
    const id = (ack.exchange as Exchange).id;
    const answered = await teacher.inbox.waitFor<
      Envelope<{ exchangeId: string; answer: { answer: string } }>
    >('exchange:answered', (e) => e.data.exchangeId === id);
    const deltas = teacher.inbox
      .of<{ exchangeId: string; text: string }>('exchange:delta')
      .filter((d) => d.exchangeId === id);
    expect(deltas.map((d) => d.text).join('')).toBe(answered.data.answer.answer);

    await emitAck(teacher.socket, 'broadcast', { text: 'Hello from A' });
    await student.inbox.waitFor<Envelope<{ text: string }>>(
      'broadcast',
      (e) => e.data.text === 'Hello from A',
    );
    await emitAck(teacher.socket, 'room:lock', { locked: true });
    for (const m of [student, teacher])
      await m.inbox.waitFor<Envelope<{ locked: boolean }>>('room:locked', (e) => e.data.locked);
  });

  it('give both sides the same event ids', () => {
    const studentIds = student.inbox.events().map((e) => e.id);
    const teacherIds = teacher.inbox.events().map((e) => e.id);
    expect(studentIds.length).toBeGreaterThan(0);
    expect(studentIds.every((id) => teacherIds.includes(id))).toBe(true);
  });
});
