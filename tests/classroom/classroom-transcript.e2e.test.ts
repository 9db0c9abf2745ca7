jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import { createHash } from 'node:crypto';
import request from 'supertest';
import { TranscriptSchema, type Exchange } from '@parley/contracts';
import { emitAck } from '../realtime/support/clients';
import { openRoom, type Room } from '../realtime/support/classroom-fixture';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { EXILE, FOUNDER } from '../support/fixture-corpus';

const READER_ZONE = 'Europe/Paris';

describe('the transcript of a session', () => {
  let t: RealtimeTestApp;
  let room: Room;
  let path: string;
  let auth: string;
  const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

  beforeAll(async () => {
    t = await startRealtimeApp();
    room = await openRoom(t.url, { students: 2, create: { title: 'Class <b>7</b>', visibility: 'private' } });
    path = `/api/classrooms/${room.created.classroom.id}/transcript`;
    auth = `Bearer ${room.teacher.token}`;
    const first = (await emitAck(room.students[0].socket, 'ask', { persona: FOUNDER, message: hostile }))
      .exchange as Exchange;
    await room.teacher.inbox.waitFor(
      'exchange:answered',
      (e: { data: { exchangeId: string } }) => e.data.exchangeId === first.id,
    );
    await emitAck(room.teacher.socket, 'broadcast', { text: 'Now compare with Sokol.' });
    const second = (
      await emitAck(room.students[1].socket, 'ask', { persona: EXILE, message: 'What is the state?' })
    ).exchange as Exchange;
    await room.teacher.inbox.waitFor(
      'exchange:answered',
      (e: { data: { exchangeId: string } }) => e.data.exchangeId === second.id,
    );
    await emitAck(room.students[1].socket, 'ask', { persona: FOUNDER, message: 'shut the fuck up' });
  });
  afterAll(async () => {
    room.close();
    await t.close();
  });

  it('as JSON lists every exchange and broadcast in order, with their citations', async () => {
    const res = await request(t.url).get(`${path}?format=json`).set('Authorization', auth).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const transcript = TranscriptSchema.parse(res.body);
    expect(
      transcript.entries.map((e) => (e.kind === 'exchange' ? `${e.asker}:${e.status}` : 'broadcast')),
    ).toEqual(['Student A:answered', 'broadcast', 'Student B:answered', 'Student B:held']);
    const first = transcript.entries[0];
    expect(first.kind === 'exchange' && first.citations[0]).toMatchObject({
      marker: 1,
      source: `${FOUNDER}/fake-writings.txt`,
      title: 'Writings of Brandt',
      date: '1917-08-01',
      quote: expect.stringContaining('the question of the state'),
    });
  });

  it('as Markdown keeps every text as text, with sources and quotes', async () => {
    const res = await request(t.url).get(`${path}?format=md`).set('Authorization', auth).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/markdown/);
    expect(res.text).toContain('# Class \\<b\\>7\\</b\\>');
    expect(res.text).not.toContain('<script>');
    expect(res.text).toContain('\\<script\\>');
    expect(res.text).toContain(`1\\. Writings of Brandt, Brandt, 1917-08-01 (${FOUNDER}/fake-writings.txt)`);
    expect(res.text).toContain('> the question of the state is the fundamental question of every revolution');
    expect(res.text).toContain('Held by moderation');
  });

  it('as Markdown reads to people: persona names, local times with their zone, italics kept, no internal ids', async () => {
    const res = await request(t.url)
      .get(`${path}?format=md&tz=${encodeURIComponent(READER_ZONE)}`)
      .set('Authorization', auth)
      .expect(200);
    expect(res.text).not.toMatch(/Mode: (?:qa|debate)|Visibility: (?:shared|private)/);
    // Persona ids (lenin) give way to the names their answers carry (Lenin), even on a question never answered.
    expect(res.text).toMatch(/- Personas: [A-Z]/);
    expect(res.text).not.toMatch(/→ [a-z]/);
    expect(res.text).toContain(`(${READER_ZONE}, GMT`);
    expect(res.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(res.text).not.toContain('\\*');
  });

  it('refuses a transcript time zone that does not exist', async () => {
    const res = await request(t.url)
      .get(`${path}?format=md&tz=Mars%2FOlympus`)
      .set('Authorization', auth)
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: expect.any(String) });
  });

  it('as HTML is a standalone printable page with everything escaped and a strict CSP', async () => {
    const res = await request(t.url).get(`${path}?format=html`).set('Authorization', auth).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.text).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img');
    expect(res.text).toContain('Class &lt;b&gt;7&lt;/b&gt;');
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.text)?.[1] ?? '';
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(res.text).toContain('@media print');
    expect(res.text).toContain('Writings of Brandt');
  });

  it('refuses an unknown format', async () => {
    const res = await request(t.url).get(`${path}?format=pdf`).set('Authorization', auth).expect(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('requires a token', async () => {
    const res = await request(t.url).get(path).expect(401);
    expect(res.body.code).toBe('unauthorized');
  });
});
