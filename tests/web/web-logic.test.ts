import type { Citation, ClassroomEvent, ClassroomView, Exchange } from '@parley/contracts';
import { answerAsText } from '../../apps/web/src/chat/answer-as-text';
import { answerSegments } from '../../apps/web/src/chat/answer-segments';
import { isoDate, toDay, withinLife } from '../../apps/web/src/chat/life-dates';
import { readSse } from '../../apps/web/src/api/sse';
import { classroomReducer, initialClassroomState } from '../../apps/web/src/classroom/classroom-state';
import { parseRoute } from '../../apps/web/src/routing/routes';

const citation: Citation = {
  marker: 1,
  documentId: 'd1',
  source: 'lenin/letter.txt',
  title: 'Letter to the Congress',
  author: 'V. I. Lenin',
  date: '1922-12-24',
  url: 'https://example.org/letter',
  chunkId: 'c1',
  quote: 'Stalin is too rude',
  start: 10,
  end: 28,
};

describe('answer text in the web app', () => {
  it('splits markers out of the text and keeps everything else, markup included, as text', () => {
    expect(answerSegments('He is <b>rude</b> [1], and more [2, 3].')).toEqual([
      { kind: 'text', text: 'He is <b>rude</b> ' },
      { kind: 'marker', marker: 1 },
      { kind: 'text', text: ', and more ' },
      { kind: 'marker', marker: 2 },
      { kind: 'marker', marker: 3 },
      { kind: 'text', text: '.' },
    ]);
  });

  it('copies an answer as plain text with its numbered sources', () => {
    const text = answerAsText({
      personaName: 'Lenin',
      asOf: '1923-01-04',
      text: 'He is rude [1].',
      context: 'Written in 1922.',
      citations: [citation],
    });
    expect(text).toBe(
      "Lenin (as of 1923-01-04):\n\nHe is rude [1].\n\nHistorian's note: Written in 1922.\n\n" +
        'Sources:\n[1] V. I. Lenin, "Letter to the Congress" (1922-12-24), https://example.org/letter: "Stalin is too rude"',
    );
  });

  it('bounds "as of" dates by a life given as years or days', () => {
    expect(toDay('1870', 'first')).toBe('1870-01-01');
    expect(toDay('1924-01', 'last')).toBe('1924-01-31');
    expect(withinLife('1924-01-21', '1870-04-22', '1924-01-21')).toBe(true);
    expect(withinLife('1924-01-22', '1870-04-22', '1924-01-21')).toBe(false);
  });
});

describe('web routes', () => {
  it('reads every screen from the hash', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/chat/lenin')).toEqual({ name: 'chat', persona: 'lenin' });
    expect(parseRoute('#/join/ABCD2345')).toEqual({ name: 'join', code: 'ABCD2345' });
    expect(parseRoute('#/classroom/x1/teach')).toEqual({ name: 'classroom-teacher', id: 'x1' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'not-found', path: '/nowhere' });
  });
});

describe('reading server-sent events', () => {
  it('reassembles events split across chunks at any byte', async () => {
    const wire =
      'event: meta\ndata: {"a":1}\n\nevent: delta\ndata: {"text":"Привет"}\n\n: comment\n\nevent: done\ndata: {}\n\n';
    const bytes = new TextEncoder().encode(wire);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 5) controller.enqueue(bytes.slice(i, i + 5));
        controller.close();
      },
    });
    const events = [];
    for await (const e of readSse(body)) events.push(e);
    expect(events).toEqual([
      { event: 'meta', data: '{"a":1}' },
      { event: 'delta', data: '{"text":"Привет"}' },
      { event: 'done', data: '{}' },
    ]);
  });
});

describe('the classroom state in the browser', () => {
  const room: ClassroomView = {
    id: 'r1',
    title: 'T',
    personas: ['lenin', 'trotsky'],
    stances: {},
    mode: 'qa',
    motion: null,
    asOf: null,
    visibility: 'private',
    locked: false,
    ended: false,
    createdAt: '',
    endedAt: null,
    deleteAfter: '',
    debate: null,
    pinned: [],
    lastEventId: 0,
  };
  const exchange: Exchange = {
    id: 'x1',
    kind: 'question',
    participantId: 'p1',
    displayName: 'Ada',
    persona: 'lenin',
    question: 'Why?',
    status: 'answering',
    debateTurn: null,
    pinned: false,
    createdAt: '',
    answer: null,
    error: null,
  };
  const event = (id: number, e: Pick<ClassroomEvent, 'type' | 'data'>) =>
    ({
      type: 'event',
      self: 'p1',
      event: { id, classroomId: 'r1', at: '', ...e } as ClassroomEvent,
    }) as const;

  it('ignores an event it has already applied (replay after a reconnect)', () => {
    let s = classroomReducer(initialClassroomState, { type: 'snapshot', classroom: room });
    s = classroomReducer(s, event(1, { type: 'broadcast', data: { text: 'hello' } }));
    s = classroomReducer(s, event(1, { type: 'broadcast', data: { text: 'hello' } }));
    expect(s.broadcasts).toHaveLength(1);
    expect(s.lastEventId).toBe(1);
  });

  it('accumulates streamed text until the answer arrives, then drops it', () => {
    let s = classroomReducer(initialClassroomState, event(1, { type: 'exchange:asked', data: { exchange } }));
    s = classroomReducer(s, { type: 'delta', exchangeId: 'x1', text: 'Because ' });
    s = classroomReducer(s, { type: 'delta', exchangeId: 'x1', text: 'of the class struggle.' });
    expect(s.live.x1.text).toBe('Because of the class struggle.');
    s = classroomReducer(
      s,
      event(2, {
        type: 'exchange:failed',
        data: { exchangeId: 'x1', code: 'model_unavailable', message: 'down' },
      }),
    );
    expect(s.exchanges.x1.status).toBe('failed');
    expect(s.live.x1).toBeUndefined();
  });

  it('knows when this participant was removed and when the room locks', () => {
    let s = classroomReducer(initialClassroomState, { type: 'snapshot', classroom: room });
    s = classroomReducer(s, event(3, { type: 'room:locked', data: { locked: true } }));
    expect(s.classroom?.locked).toBe(true);
    s = classroomReducer(s, event(4, { type: 'participant:removed', data: { participantId: 'p2' } }));
    expect(s.removed).toBe(false);
    s = classroomReducer(s, event(5, { type: 'participant:removed', data: { participantId: 'p1' } }));
    expect(s.removed).toBe(true);
  });
});

describe('the "as of" date fields', () => {
  it('make an ISO date only from a day, month and year that exist', () => {
    expect(isoDate('21', '1', '1924')).toBe('1924-01-21');
    expect(isoDate('29', '2', '1920')).toBe('1920-02-29');
    expect(isoDate('29', '2', '1921')).toBe('');
    expect(isoDate('', '6', '1920')).toBe('');
    expect(isoDate('1', '6', '192')).toBe('');
  });
});
