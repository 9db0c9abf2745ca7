import request from 'supertest';
import type { z } from 'zod';
import { CHAT_CLIENT_EVENTS, CLASSROOM_CLIENT_EVENTS } from '@parley/contracts';
import { ChatGateway } from '../../apps/api/src/realtime/chat.gateway';
import { ClassroomGateway } from '../../apps/api/src/realtime/classroom.gateway';
import {
  connect,
  createClassroom,
  disconnected,
  emitAck,
  joinClassroom,
  type AckResult,
  type ClientSocket,
} from '../realtime/support/clients';
import {
  deepArrayJson,
  deepObjectJson,
  fuzzObject,
  fuzzSeed,
  HOSTILE_STRINGS,
  jsonSchemaOf,
  Prng,
  subscribedEvents,
} from './support/fuzz';
import { type TestApp } from '../support/test-app';
import { startFuzzApp } from './support/fuzz';
import { FOUNDER } from '../support/fixture-corpus';
import { waitFor } from '../support/wait-for';

// Every client event of both namespaces, enumerated from the contracts (and checked against what the
// gateways subscribe to), gets malformed payloads; each must be answered with a coded ack and the
// server must keep serving.

const ERROR_CODES = new Set([
  'validation_failed',
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'classroom_locked',
  'classroom_ended',
  'unknown_classroom',
  'unknown_persona',
  'as_of_out_of_range',
  'not_found',
  'bad_request',
]);

interface SocketCase {
  what: string;
  payload?: unknown;
  /** JSON text sent as the payload in a hand-written packet (what socket.io-client cannot encode: 5,000-deep nesting). */
  raw?: string;
  /** No reading of the payload is valid: the ack must be a coded failure. */
  invalid: boolean;
}

// Small enough that a fuzzed packet stays under the 16 KB transport cap (which closes the connection).
const SOCKET_SIZES = { huge: [600, 1100], deep: [50, 500] };

type Props = Record<string, { type?: string | string[] }>;

function wrongTypeFor(prop: { type?: string | string[] }): unknown {
  const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
  if (type === 'string') return { $ne: null };
  if (type === 'boolean') return 'true';
  if (type === 'integer' || type === 'number') return '1';
  if (type === 'array') return FOUNDER;
  return Symbol.for('x').toString();
}

function casesFor(schema: z.ZodType, rng: Prng): SocketCase[] {
  const json = jsonSchemaOf(schema) as {
    properties?: Props;
    required?: string[];
    additionalProperties?: unknown;
  };
  const props = Object.entries(json.properties ?? {});
  // An object schema that requires nothing and allows other keys accepts any object (thread: `{}`).
  const objectsInvalid = Boolean(json.required?.length) || json.additionalProperties === false;
  const cases: SocketCase[] = [
    { what: 'a number', payload: 42, invalid: true },
    { what: 'a string', payload: "'; DROP TABLE classroom_events; --", invalid: true },
    { what: 'a boolean', payload: true, invalid: true },
    { what: 'an array', payload: [FOUNDER, 'hello'], invalid: true },
    { what: 'arrays nested 5,000 deep', raw: deepArrayJson(5000), invalid: true },
    { what: 'objects nested 1,500 deep', raw: deepObjectJson(1500), invalid: objectsInvalid },
    {
      what: 'invalid UTF-8 bytes as binary',
      payload: Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      invalid: objectsInvalid,
    },
    { what: 'a payload over the 12 KB cap', payload: { text: 'é'.repeat(7000) }, invalid: true },
  ];
  if (!props.length)
    cases.push({ what: 'an unexpected key', payload: { unexpected: "' OR 1=1" }, invalid: true });
  for (const [name, prop] of props) {
    cases.push({
      what: `${name} of the wrong type`,
      payload: { ...plausibleFor(props), [name]: wrongTypeFor(prop) },
      invalid: true,
    });
    cases.push({
      what: `${name} as invalid UTF-8 bytes`,
      payload: { ...plausibleFor(props), [name]: Buffer.from([0xc0, 0xaf, 0xff]) },
      invalid: true,
    });
    cases.push({
      what: `${name} as a hostile string`,
      payload: { ...plausibleFor(props), [name]: rng.pick(HOSTILE_STRINGS) },
      invalid: false,
    });
  }
  for (let i = 0; i < 6; i++)
    cases.push({
      what: `fuzzed #${i}`,
      payload: fuzzObject(json as never, rng, SOCKET_SIZES),
      invalid: false,
    });
  return cases;
}

let rawAckId = 1_000_000;

/** Sends a hand-written EVENT packet with an ack id and resolves with the server's ack. */
function emitRaw(
  socket: ClientSocket,
  nsp: string,
  event: string,
  json: string,
  timeoutMs = 5000,
): Promise<AckResult> {
  const id = rawAckId++;
  const engine = socket.io.engine;
  const prefix = `3${nsp},${id}`;
  return new Promise((resolve, reject) => {
    const onMessage = (data: unknown) => {
      if (typeof data !== 'string' || !data.startsWith(prefix)) return;
      done();
      resolve((JSON.parse(data.slice(prefix.length)) as AckResult[])[0]);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error('operation has timed out'));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      engine.off('message', onMessage);
    };
    engine.on('message', onMessage);
    engine.write(`2${nsp},${id}[${JSON.stringify(event)},${json}]`);
  });
}

function plausibleFor(props: [string, unknown][]): Record<string, unknown> {
  const values: Record<string, unknown> = {
    persona: FOUNDER,
    message: 'What is the state?',
    after: 0,
    limit: 10,
    locked: false,
    text: 'Five minutes left.',
    exchangeId: '00000000-0000-4000-8000-000000000000',
    participantId: '00000000-0000-4000-8000-000000000000',
    messageId: '00000000-0000-4000-8000-000000000000',
    motion: 'This house would abolish the state',
    decision: 'dismiss',
    mode: 'persona',
  };
  return Object.fromEntries(props.map(([name]) => [name, values[name] ?? 'x']));
}

/** Why an ack breaks the rules, or null. */
function problemWith(ack: AckResult, c: SocketCase): string | null {
  if (!ack || typeof ack !== 'object' || typeof ack.ok !== 'boolean') return `acked ${JSON.stringify(ack)}`;
  if (ack.ok) return c.invalid ? 'accepted an invalid payload' : null;
  const { code, message } = ack.error ?? {};
  if (typeof code !== 'string' || typeof message !== 'string')
    return `acked an uncoded failure ${JSON.stringify(ack)}`;
  if (!ERROR_CODES.has(code)) return `acked ${code}: ${message}`;
  return null;
}

async function fuzzEvent(
  socket: ClientSocket,
  nsp: '/chat' | '/classroom',
  event: string,
  schema: z.ZodType,
  rng: Prng,
): Promise<{ failures: string[]; count: number }> {
  const failures: string[] = [];
  const cases = casesFor(schema, rng);
  for (const c of cases) {
    let ack: AckResult;
    try {
      ack =
        c.raw === undefined
          ? await emitAck(socket, event, c.payload, 5000)
          : await emitRaw(socket, nsp, event, c.raw);
    } catch (e) {
      failures.push(`${event} ${c.what}: no ack (${(e as Error).message})`);
      continue;
    }
    const problem = problemWith(ack, c);
    if (problem) failures.push(`${event} ${c.what}: ${problem}`);
  }
  // Without an ack callback, a failure arrives as request:error.
  const errors: unknown[] = [];
  const onError = (e: unknown) => errors.push(e);
  socket.on('request:error', onError);
  socket.emit(event, 42);
  // No request:error in time is one more failure, reported below with the others.
  await waitFor(() => errors.length > 0, { timeout: 3000, interval: 10 }).catch(() => undefined);
  socket.off('request:error', onError);
  if (!errors.length) failures.push(`${event} without an ack: no request:error`);
  else if (
    !ERROR_CODES.has((errors[0] as { code: string }).code) ||
    (errors[0] as { event: string }).event !== event
  )
    failures.push(`${event} without an ack: ${JSON.stringify(errors[0])}`);
  if (!socket.connected) failures.push(`${event}: the server closed the connection`);
  return { failures, count: cases.length + 1 };
}

describe('bad input on every socket.io event', () => {
  let t: TestApp;
  const seed = fuzzSeed();
  let total = 0;

  beforeAll(async () => {
    t = await startFuzzApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('has a contract for exactly the events each gateway subscribes to', () => {
    expect(subscribedEvents(ChatGateway)).toEqual(Object.keys(CHAT_CLIENT_EVENTS).sort());
    expect(subscribedEvents(ClassroomGateway)).toEqual(Object.keys(CLASSROOM_CLIENT_EVENTS).sort());
  });

  it.each(Object.entries(CHAT_CLIENT_EVENTS))(
    '/chat %s answers every malformed payload with a coded ack',
    async (event, schema) => {
      const { body } = await request(t.url).post('/api/realtime/chat-tokens').expect(201);
      const socket = await connect(t.url, '/chat', body.token);
      const { failures, count } = await fuzzEvent(
        socket,
        '/chat',
        event,
        schema,
        new Prng(seed ^ event.length),
      );
      socket.close();
      total += count;
      expect({ seed, failures }).toEqual({ seed, failures: [] });
    },
  );

  describe.each(['teacher', 'student'] as const)('/classroom as a %s', (role) => {
    it.each(Object.entries(CLASSROOM_CLIENT_EVENTS))(
      '%s answers every malformed payload with a coded ack',
      async (event, schema) => {
        const created = await createClassroom(t.url, { visibility: 'shared' });
        const joined = await joinClassroom(t.url, created.joinCode, 'Ana');
        const socket = await connect(
          t.url,
          '/classroom',
          role === 'teacher' ? created.teacherToken : joined.token,
        );
        const { failures, count } = await fuzzEvent(
          socket,
          '/classroom',
          event,
          schema,
          new Prng(seed ^ (event.length * 31 + role.length)),
        );
        socket.close();
        total += count;
        expect({ seed, failures }).toEqual({ seed, failures: [] });
      },
    );
  });

  it('answers an event nobody subscribes to with not_found, on both namespaces', async () => {
    const { body } = await request(t.url).post('/api/realtime/chat-tokens').expect(201);
    const created = await createClassroom(t.url);
    for (const socket of [
      await connect(t.url, '/chat', body.token),
      await connect(t.url, '/classroom', created.teacherToken),
    ]) {
      for (const event of [
        'nope',
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        'answer:done',
        'ask ',
      ]) {
        expect(await emitAck(socket, event, {}, 3000)).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
        total++;
      }
      socket.close();
    }
  });

  it('closes only the connection that sends a packet over the transport cap, and keeps serving', async () => {
    const created = await createClassroom(t.url);
    const bystander = await connect(t.url, '/classroom', created.teacherToken);
    const packets: ((s: ClientSocket) => void)[] = [
      (s) => s.io.engine.write(`2/classroom,1["broadcast",${deepArrayJson(10_000)}]`),
      (s) => s.emit('broadcast', { text: 'x'.repeat(20_000) }),
      (s) => s.emit('broadcast', Buffer.alloc(20_000, 0xff)),
    ];
    for (const send of packets) {
      const socket = await connect(t.url, '/classroom', created.teacherToken);
      const gone = disconnected(socket);
      send(socket);
      expect(await gone).toBe('transport close');
      total++;
    }
    expect(bystander.connected).toBe(true);
    expect(await emitAck(bystander, 'resync', { after: 0 })).toMatchObject({ ok: true });
    bystander.close();
  });

  it('still answers /health and a fresh connection after all of it', async () => {
    await request(t.url).get('/health').expect(200);
    const created = await createClassroom(t.url);
    const socket = await connect(t.url, '/classroom', created.teacherToken);
    expect(await emitAck(socket, 'broadcast', { text: 'Still here.' })).toEqual({ ok: true });
    socket.close();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    process.stderr.write(`fuzz: ${total} cases, seed ${seed}\n`);
    expect(total).toBeGreaterThan(250);
  });
});
