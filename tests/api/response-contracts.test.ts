import request from 'supertest';
import { z } from 'zod';
import type { Answer, ConversationHistory, CreateClassroomResponse, PersonaList } from '@parley/contracts';
import { startTestApp, type TestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
import { FIXTURE_DOCS, FOUNDER, SECRETARY } from '../support/fixture-corpus';
import { askStream } from '../support/chat-helpers';
import { openRoom } from '../realtime/support/classroom-fixture';
import { emitAck } from '../realtime/support/clients';

// What the server sends, checked on the wire against what it publishes at /api/docs: every JSON body of every
// documented success (and a few errors) must match its schema there, with no key the schema does not list.

type Json = Record<string, unknown>;
interface Media {
  schema: Json;
  /** The schema of each server-sent event's data (`text/event-stream` only). */
  'x-events'?: Record<string, Json>;
}
interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, Media> }> }>>;
  components: { schemas: Record<string, Json> };
}

describe('every HTTP response, against the served OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApi;
  const checked = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp({
      CORPUS_DIR: subsetCorpus([FIXTURE_DOCS.youth, FIXTURE_DOCS.state, FIXTURE_DOCS.farms]),
    });
    doc = (await request(t.url).get('/api/docs/openapi.json').expect(200)).body as OpenApi;
  });
  afterAll(async () => {
    await t?.close();
  });

  function resolve(schema: Json): Json {
    const ref = schema?.$ref;
    return typeof ref === 'string' ? doc.components.schemas[ref.split('/').pop() as string] : schema;
  }

  /** Fails unless `res` is the documented JSON body of `method path` for its status, key for key. */
  function expectDocumented(method: string, path: string, res: request.Response): void {
    const where = `${method} ${path} ${res.status}`;
    const media = doc.paths[path]?.[method]?.responses[String(res.status)]?.content?.['application/json'];
    if (!media) throw new Error(`${where}: the document has no JSON body for this answer`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const result = z.fromJSONSchema(resolve(media.schema)).safeParse(res.body);
    expect({ where, issues: result.error?.issues ?? [] }).toEqual({ where, issues: [] });
    checked.add(where);
  }

  it('answers /health and /health/ready as documented', async () => {
    expectDocumented('get', '/health', await request(t.url).get('/health'));
    expectDocumented('get', '/health/ready', await request(t.url).get('/health/ready').expect(200));
  });

  it('lists personas and shows one with its sources as documented', async () => {
    const list = await request(t.url).get('/api/personas').expect(200);
    expectDocumented('get', '/api/personas', list);
    expect((list.body as PersonaList).map((p) => p.id)).toEqual(expect.arrayContaining([FOUNDER, SECRETARY]));
    expectDocumented(
      'get',
      '/api/personas/{id}',
      await request(t.url).get(`/api/personas/${FOUNDER}`).expect(200),
    );
    expectDocumented(
      'get',
      '/api/personas/{id}',
      await request(t.url).get('/api/personas/napoleon').expect(404),
    );
  });

  it('serves a document and search results as documented', async () => {
    const doc = await request(t.url)
      .get(`/api/documents/${encodeURIComponent(FIXTURE_DOCS.youth)}`)
      .expect(200);
    expectDocumented('get', '/api/documents/{id}', doc);
    // The row's ingest bookkeeping stays in the database.
    expect(Object.keys(doc.body as Json)).not.toEqual(expect.arrayContaining(['content_hash']));
    const search = await request(t.url)
      .get('/api/search')
      .query({ persona: FOUNDER, q: 'What should young people learn?', k: 3 })
      .expect(200);
    expectDocumented('get', '/api/search', search);
    expectDocumented(
      'get',
      '/api/search',
      await request(t.url).get('/api/search').query({ persona: FOUNDER }),
    );
  });

  it('answers, refuses and returns the stored conversation as documented', async () => {
    const answered = await request(t.url)
      .post('/api/chat')
      .send({ persona: FOUNDER, message: 'What should young communists study?' })
      .expect(200);
    expectDocumented('post', '/api/chat', answered);
    const first = answered.body as Answer;
    expect(first.citations.length).toBeGreaterThan(0);
    // A `no_sources` refusal carries the optional `readFurther`.
    const refused = await request(t.url)
      .post('/api/chat')
      .set('X-Conversation-Secret', first.conversationSecret as string)
      .send({
        persona: FOUNDER,
        message: 'What did you think of the Japanese tea ceremony in Kyoto?',
        conversationId: first.conversationId,
      })
      .expect(200);
    expectDocumented('post', '/api/chat', refused);
    const conversation = await request(t.url)
      .get(`/api/conversations/${first.conversationId}`)
      .set('X-Conversation-Secret', first.conversationSecret as string)
      .expect(200);
    expectDocumented('get', '/api/conversations/{id}', conversation);
    const history = conversation.body as ConversationHistory;
    expect(history.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(history.messages[1].citations.length).toBeGreaterThan(0);
    expectDocumented('post', '/api/chat', await request(t.url).post('/api/chat').send({ persona: FOUNDER }));
  });

  it('streams events whose data each match their documented schema', async () => {
    const stream = await askStream(t.url, {
      persona: FOUNDER,
      message: 'What should young communists study?',
    });
    expect(stream.status).toBe(200);
    const events =
      doc.paths['/api/chat/stream'].post.responses['200'].content?.['text/event-stream']?.['x-events'];
    if (!events) throw new Error('the document gives no schema for the events of /api/chat/stream');
    expect(stream.events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['meta', 'citations', 'delta', 'done']),
    );
    for (const { event, data } of stream.events) {
      const result = z.fromJSONSchema(resolve(events[event])).safeParse(data);
      expect({ event, issues: result.error?.issues ?? [] }).toEqual({ event, issues: [] });
    }
    checked.add('post /api/chat/stream 200');
  });

  it('creates, joins, shows and transcribes a classroom as documented', async () => {
    const room = await openRoom(t.url, { students: 1, create: { personas: [FOUNDER] } });
    try {
      const created = await request(t.url)
        .post('/api/classrooms')
        .send({ title: 'Contracts', personas: [FOUNDER] })
        .expect(201);
      expectDocumented('post', '/api/classrooms', created);
      const { joinCode } = created.body as CreateClassroomResponse;
      expectDocumented(
        'post',
        '/api/classrooms/join',
        await request(t.url)
          .post('/api/classrooms/join')
          .send({ code: joinCode, displayName: 'Ada' })
          .expect(201),
      );
      const auth = { Authorization: `Bearer ${room.created.teacherToken}` };
      const id = room.created.classroom.id;
      expectDocumented(
        'get',
        '/api/classrooms/{id}',
        await request(t.url).get(`/api/classrooms/${id}`).set(auth).expect(200),
      );

      const asked = await emitAck(room.students[0].socket, 'ask', {
        persona: FOUNDER,
        message: 'What should young communists study?',
      });
      expect(asked.ok).toBe(true);
      await room.students[0].inbox.waitFor('exchange:answered', () => true, 60_000);
      expect((await emitAck(room.teacher.socket, 'broadcast', { text: 'Read the sources.' })).ok).toBe(true);
      const transcript = await request(t.url)
        .get(`/api/classrooms/${id}/transcript`)
        .query({ format: 'json' })
        .set(auth)
        .expect(200);
      expectDocumented('get', '/api/classrooms/{id}/transcript', transcript);
      expect((transcript.body as { entries: { kind: string }[] }).entries.map((e) => e.kind)).toEqual([
        'exchange',
        'broadcast',
      ]);
    } finally {
      room.close();
    }
  });

  it('issues a /chat token as documented', async () => {
    expectDocumented(
      'post',
      '/api/realtime/chat-tokens',
      await request(t.url).post('/api/realtime/chat-tokens').expect(201),
    );
  });

  // Last in the file: it reads what the tests above checked (a new documented route fails it until one checks it).
  it('has checked every success with a body that the document lists', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, op]) =>
        Object.entries(op.responses)
          .filter(([status, r]) => Number(status) < 300 && r.content)
          .map(([status]) => `${method} ${path} ${status}`),
      ),
    );
    // /health answers 503 only when something is down.
    const missing = documented.filter((d) => !checked.has(d) && d !== 'get /health 503');
    expect(missing).toEqual([]);
  });
});
