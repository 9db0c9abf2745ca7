jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import {
  TranscriptSchema,
  debateClaim,
  type Answer,
  type ClassroomEvent,
  type ClassroomView,
  type Exchange,
} from '@parley/contracts';
import request from 'supertest';
import { emitAck } from '../realtime/support/clients';
import { openRoom, type Room } from '../realtime/support/classroom-fixture';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { EXILE, FOUNDER, SECRETARY } from '../support/fixture-corpus';

type Envelope<T> = ClassroomEvent & { data: T };

describe('a debate between two personas', () => {
  let t: RealtimeTestApp;
  let room: Room;
  const motion = 'Socialism can be built in one country';

  beforeAll(async () => {
    t = await startRealtimeApp();
    room = await openRoom(t.url, {
      students: 2,
      create: {
        mode: 'debate',
        personas: [EXILE, SECRETARY],
        motion,
        stances: { [EXILE]: 'Against the motion' },
        visibility: 'private',
      },
    });
  });
  afterAll(async () => {
    room.close();
    await t.close();
  });

  async function nextTurn(): Promise<{ exchange: Exchange; answer: Answer }> {
    const ack = await emitAck(room.teacher.socket, 'debate:next');
    expect(ack.ok).toBe(true);
    const exchange = ack.exchange as Exchange;
    const done = await room.students[1].inbox.waitFor<Envelope<{ exchangeId: string; answer: Answer }>>(
      'exchange:answered',
      (e) => e.data.exchangeId === exchange.id,
    );
    return { exchange, answer: done.data.answer };
  }

  it('runs four turns in order, each speaker citing only their own documents and answering the previous one', async () => {
    const turns = [];
    for (let i = 0; i < 4; i++) turns.push(await nextTurn());
    expect(turns.map((x) => x.exchange.persona)).toEqual([EXILE, SECRETARY, EXILE, SECRETARY]);
    expect(turns.map((x) => x.exchange.debateTurn)).toEqual([1, 2, 3, 4]);
    for (const { exchange, answer } of turns) {
      expect(answer.citations.length).toBeGreaterThan(0);
      for (const c of answer.citations) expect(c.source.startsWith(`${exchange.persona}/`)).toBe(true);
    }
    const debateCalls = t.pipeline.calls.filter((c) => c.debate);
    expect(debateCalls.map((c) => c.debate?.turn)).toEqual([1, 2, 3, 4]);
    expect(debateCalls[0].debate?.previous).toBeUndefined();
    expect(debateCalls[1].debate).toMatchObject({
      motion,
      previous: { personaId: EXILE, text: turns[0].answer.answer },
    });
    expect(debateCalls[3].debate?.previous).toMatchObject({
      personaId: EXILE,
      text: turns[2].answer.answer,
    });
    // Each turn answers the claim the previous speaker made in its own words: its first cited passage.
    const claim = debateClaim(turns[2].answer)!;
    expect(debateCalls[3].debate?.previous?.claim).toBe(claim.quote);
    expect(turns[2].answer.citations.some((c) => c.quote.includes(claim.quote.replace(/…$/, '')))).toBe(true);
    // The exile argues the stance the teacher assigned; the secretary, given none, declares its own.
    expect(debateCalls.map((c) => c.debate?.stance)).toEqual([
      'Against the motion',
      undefined,
      'Against the motion',
      undefined,
    ]);
    expect(
      debateCalls.every((c) => c.request.message === motion && c.classroomId === room.created.classroom.id),
    ).toBe(true);
  });

  it("writes into the transcript the claim each turn answers, in the previous speaker's words", async () => {
    const res = await request(t.url)
      .get(`/api/classrooms/${room.created.classroom.id}/transcript?format=json`)
      .set('Authorization', `Bearer ${room.teacher.token}`)
      .expect(200);
    const entries = TranscriptSchema.parse(res.body).entries.flatMap((e) =>
      e.kind === 'exchange' && e.debateTurn !== null ? [e] : [],
    );
    expect(entries[0].answering).toBeUndefined();
    for (const e of entries.slice(1)) {
      const previous = entries.find((p) => p.debateTurn === (e.debateTurn as number) - 1)!;
      expect(e.answering?.personaName).toBe(previous.personaName);
      expect(previous.citations.some((c) => c.quote.includes(e.answering!.quote.replace(/…$/, '')))).toBe(
        true,
      );
    }
  });

  it('shows every turn to every student, even in a private session', () => {
    for (const s of room.students) {
      expect(s.inbox.of<Envelope<{ turn: number }>>('debate:turn').map((e) => e.data.turn)).toEqual([
        1, 2, 3, 4,
      ]);
    }
  });

  it('refuses the next turn while the current speaker is still answering', async () => {
    t.pipeline.deltaDelayMs = 30;
    const first = await emitAck(room.teacher.socket, 'debate:next');
    const second = await emitAck(room.teacher.socket, 'debate:next');
    t.pipeline.deltaDelayMs = 1;
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const id = (first.exchange as Exchange).id;
    await room.teacher.inbox.waitFor(
      'exchange:answered',
      (e: Envelope<{ exchangeId: string }>) => e.data.exchangeId === id,
    );
  });

  it('lets a student put a question to one debater', async () => {
    const ack = await emitAck(room.students[0].socket, 'ask', {
      persona: SECRETARY,
      message: 'Why one country?',
    });
    expect(ack.ok).toBe(true);
    const refused = await emitAck(room.students[0].socket, 'ask', { persona: FOUNDER, message: 'And you?' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_persona' } });
  });

  it('restarts at turn one with a new motion and speakers', async () => {
    const ack = await emitAck(room.teacher.socket, 'debate:motion', {
      motion: 'The state will wither away',
      personas: [SECRETARY, EXILE],
    });
    expect(ack.ok).toBe(true);
    const resync = await emitAck(room.students[0].socket, 'resync', { after: 0 });
    const view = resync.classroom as ClassroomView;
    expect(view.motion).toBe('The state will wither away');
    expect(view.debate).toEqual({ turn: 0, nextPersona: SECRETARY });
    // Debaters who stay keep their stances when the motion names none.
    expect(view.stances).toEqual({ [EXILE]: 'Against the motion' });
    const { exchange } = await nextTurn();
    expect(exchange).toMatchObject({
      persona: SECRETARY,
      debateTurn: 1,
      question: 'The state will wither away',
    });
    expect(t.pipeline.calls.at(-1)?.debate?.previous).toBeUndefined();
  });

  it('replaces the stances with those a new motion assigns', async () => {
    const ack = await emitAck(room.teacher.socket, 'debate:motion', {
      motion: 'The state will wither away',
      stances: { [SECRETARY]: 'For the motion' },
    });
    expect(ack.ok).toBe(true);
    const view = (await emitAck(room.students[0].socket, 'resync', { after: 0 })).classroom as ClassroomView;
    expect(view.stances).toEqual({ [SECRETARY]: 'For the motion' });
  });

  it('refuses a new motion naming a persona that does not exist, keeping the current debate', async () => {
    const before = (await emitAck(room.students[0].socket, 'resync', { after: 0 }))
      .classroom as ClassroomView;
    const ack = await emitAck(room.teacher.socket, 'debate:motion', {
      motion: 'History is made by great men',
      personas: ['nobody', SECRETARY],
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unknown_persona' } });
    const after = (await emitAck(room.students[0].socket, 'resync', { after: 0 })).classroom as ClassroomView;
    expect(after.motion).toBe(before.motion);
    expect(after.debate).toEqual(before.debate);
  });

  it('is refused in a question-and-answer session', async () => {
    const qa = await openRoom(t.url, { students: 0 });
    expect(await emitAck(qa.teacher.socket, 'debate:next')).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    qa.close();
  });
});
