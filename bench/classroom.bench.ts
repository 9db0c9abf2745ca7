/**
 * Classroom fan-out benchmark: R rooms × S students (default 40 × 30 = 1,200 sockets) on ONE api
 * instance. Each room first puts one question to a persona (answered by the configured answerer:
 * the offline extractive one by default), then every teacher broadcasts B times at once; the bench
 * reports how long each broadcast took to reach each student (p50/p95/max), whether any event was
 * lost (live delivery compared with the event log), and the server's RSS. The baseline, measured in
 * the same run with the same sockets, is a bare socket.io server relaying the same broadcasts
 * (no auth, no database, no event log), so the ratio is what Parley's guarantees cost.
 *
 * The server runs in a child process (forked from this file) so its RSS is its own.
 *
 *   node scripts/cli.mjs bench classroom [--rooms 40] [--students 30] [--broadcasts 5] [--fake-answers] [--json]
 *
 * `--fake-answers` swaps the answer pipeline for a deterministic stub (no corpus needed).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Global, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { ANSWER_PIPELINE, type AnswerPipeline, type AskOptions } from '@parley/chat';
import { ClassroomService } from '@parley/classroom';
import { APP_CONFIG, parseConfig } from '@parley/config';
import type { Answer, ChatRequest, ClassroomEvent } from '@parley/contracts';
import { Database, runMigrations, startEmbeddedPostgres } from '@parley/database';

interface BenchOptions {
  rooms: number;
  students: number;
  broadcasts: number;
  fakeAnswers: boolean;
  json: boolean;
}

interface RoomSetup {
  classroomId: string;
  persona: string;
  teacherToken: string;
  studentTokens: string[];
}

type ServerMessage =
  | { type: 'listening'; port: number; rawPort: number }
  | { type: 'rooms'; rooms: RoomSetup[] }
  | { type: 'memory'; rss: number; peakRss: number };

const CONNECT_BATCH = 100;
const DELIVERY_TIMEOUT_MS = 30_000;

// ------------------------------------------------------------------ options and statistics

function parseOptions(argv: string[]): BenchOptions {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  return {
    rooms: value('rooms', 40),
    students: value('students', 30),
    broadcasts: value('broadcasts', 5),
    fakeAnswers: argv.includes('--fake-answers'),
    json: argv.includes('--json'),
  };
}

interface Summary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    count: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(sorted.at(-1) ?? NaN),
  };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

// ------------------------------------------------------------------ server side (child process)

/** A deterministic stand-in for the answer pipeline (`--fake-answers`). */
class StubPipeline implements AnswerPipeline {
  assertPersonas(): void {
    // Every persona of the benchmark exists.
  }

  personaNames(): string[] {
    return [];
  }

  private n = 0;

  async ask(request: ChatRequest, options: AskOptions = {}): Promise<Answer> {
    const id = ++this.n;
    const ids = { conversationId: uuid(id, 1), messageId: uuid(id, 2) };
    const persona = { id: request.persona, name: request.persona, asOf: request.asOf ?? '1920-01-01' };
    options.onEvent?.({
      type: 'meta',
      data: { ...ids, userMessageId: uuid(id, 3), persona, mode: request.mode },
    });
    const text = 'The question of the state is the fundamental question of every revolution.';
    for (const piece of text.split(/(?<= )/)) options.onEvent?.({ type: 'delta', data: { text: piece } });
    await Promise.resolve();
    return {
      ...ids,
      persona,
      answer: text,
      citations: [],
      refusal: null,
      context: null,
      generator: 'stub',
      embedder: 'stub',
      timings: { retrievalMs: 0, generationMs: 0, totalMs: 0 },
    };
  }
}

function uuid(n: number, kind: number): string {
  return `00000000-0000-4000-8000-${String(kind).padStart(4, '0')}${String(n).padStart(8, '0')}`;
}

async function stubApp(): Promise<INestApplication> {
  const { RealtimeModule } = await import('../apps/api/src/realtime/realtime.module');
  const embedded = await startEmbeddedPostgres({ dataDir: 'memory://' });
  const database = Database.connect(embedded.url, 1);
  await runMigrations(database);

  @Global()
  @Module({
    providers: [
      { provide: APP_CONFIG, useValue: parseConfig({ ...process.env, NODE_ENV: 'production' }) },
      { provide: Database, useValue: database },
      { provide: ANSWER_PIPELINE, useClass: StubPipeline },
    ],
    exports: [APP_CONFIG, Database, ANSWER_PIPELINE],
  })
  class StubInfraModule {}

  @Module({ imports: [StubInfraModule, RealtimeModule.forRoot({ pipeline: StubInfraModule })] })
  class StubBenchModule {}

  return NestFactory.create(StubBenchModule, { logger: ['error', 'warn'] });
}

/** The api as `npm start` runs it (configured database, corpus ingested when stale, configured answerer). */
async function realApp(): Promise<INestApplication> {
  const { createApp } = await import('../apps/api/src/create-app');
  const { findCorpusDir, IngestService } = await import('@parley/corpus');
  const { PersonaRegistry } = await import('@parley/personas');
  const { dataDir, loadConfig } = await import('@parley/config');
  const app = await createApp();
  const corpus = findCorpusDir(loadConfig().CORPUS_DIR, dataDir(loadConfig()));
  const ingest = app.get(IngestService);
  const known = app.get(PersonaRegistry).ids();
  if (corpus.dir && (await ingest.isStale(corpus.dir, known))) {
    await ingest.ingest({ corpusDir: corpus.dir, knownPersonas: known });
  }
  await ingest.restoreEmbedderState();
  return app;
}

/** A bare socket.io relay: the baseline. */
async function rawRelay(): Promise<number> {
  const http = createServer();
  const server = new Server(http, { serveClient: false });
  server.on('connection', (socket) => {
    const { room, teacher } = socket.handshake.auth as { room: string; teacher?: boolean };
    void socket.join(room);
    if (teacher) {
      socket.on('broadcast', (payload: { text: string }, ack?: () => void) => {
        server.to(room).emit('broadcast', { text: payload.text });
        ack?.();
      });
    }
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

async function serve(fakeAnswers: boolean): Promise<void> {
  // An orphaned server (the bench died) must not linger.
  process.once('disconnect', () => process.exit(1));
  let peakRss = process.memoryUsage().rss;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();
  const app = fakeAnswers ? await stubApp() : await realApp();
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const rawPort = await rawRelay();
  const send = (m: ServerMessage) => process.send?.(m);
  process.on('message', (message: { type: string; rooms?: number; students?: number }) => {
    if (message.type === 'setup') {
      void setupRooms(app, message.rooms ?? 0, message.students ?? 0).then((rooms) =>
        send({ type: 'rooms', rooms }),
      );
    } else if (message.type === 'memory') {
      send({ type: 'memory', rss: process.memoryUsage().rss, peakRss });
    } else if (message.type === 'stop') {
      void app.close().finally(() => process.exit(0));
    }
  });
  send({ type: 'listening', port, rawPort });
}

/** Sessions are created through the service (each with its own address), so per-address limits do not apply. */
async function setupRooms(app: INestApplication, rooms: number, students: number): Promise<RoomSetup[]> {
  const sessions = app.get(ClassroomService);
  const personas = ['lenin', 'trotsky', 'stalin'];
  const result: RoomSetup[] = [];
  for (let r = 0; r < rooms; r++) {
    const persona = personas[r % personas.length];
    const created = await sessions.create(
      {
        title: `Bench room ${r + 1}`,
        personas: [persona],
        mode: 'qa',
        visibility: 'shared',
        retentionDays: 1,
      },
      `bench-create-${r}`,
    );
    const studentTokens: string[] = [];
    for (let s = 0; s < students; s++) {
      const joined = await sessions.join(
        { code: created.joinCode, displayName: `Student ${s + 1}` },
        `bench-${r}-${s}`,
      );
      studentTokens.push(joined.token);
    }
    result.push({
      classroomId: created.classroom.id,
      persona,
      teacherToken: created.teacherToken,
      studentTokens,
    });
  }
  return result;
}

// ------------------------------------------------------------------ client side (the bench process)

function request<T extends ServerMessage['type']>(
  child: ChildProcess,
  message: object,
  reply: T,
): Promise<Extract<ServerMessage, { type: T }>> {
  return new Promise((resolve) => {
    const onMessage = (m: ServerMessage) => {
      if (m.type !== reply) return;
      child.off('message', onMessage);
      resolve(m as Extract<ServerMessage, { type: T }>);
    };
    child.on('message', onMessage);
    if (Object.keys(message).length) child.send(message);
  });
}

function open(url: string, auth: object): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function inBatches<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CONNECT_BATCH)
    out.push(...(await Promise.all(items.slice(i, i + CONNECT_BATCH).map(run))));
  return out;
}

interface Student {
  room: number;
  socket: Socket;
  events: ClassroomEvent[];
}

/** Every teacher broadcasts at once, `times` times; returns each delivery's latency in ms and the count missing. */
async function broadcastRound(
  teachers: Socket[],
  students: Student[],
  times: number,
  emit: (teacher: Socket, text: string) => Promise<unknown>,
  onBroadcast: (student: Student, handler: (text: string) => void) => void,
): Promise<{ latencies: number[]; lost: number }> {
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  let received = 0;
  const expected = students.length * times;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  for (const s of students) {
    onBroadcast(s, (text) => {
      const t0 = sentAt.get(text);
      if (t0 === undefined) return;
      latencies.push(performance.now() - t0);
      if (++received === expected) done();
    });
  }
  for (let k = 0; k < times; k++) {
    await Promise.all(
      teachers.map((teacher, room) => {
        const text = `bench ${k} room ${room}`;
        sentAt.set(text, performance.now());
        return emit(teacher, text);
      }),
    );
    await new Promise((r) => setTimeout(r, 200));
  }
  await Promise.race([all, new Promise((r) => setTimeout(r, DELIVERY_TIMEOUT_MS))]);
  return { latencies, lost: expected - received };
}

async function baseline(rawPort: number, rooms: RoomSetup[], options: BenchOptions) {
  const url = `http://127.0.0.1:${rawPort}`;
  const students = await inBatches(
    rooms.flatMap((r, room) => r.studentTokens.map(() => room)),
    async (room): Promise<Student> => ({ room, socket: await open(url, { room: `r${room}` }), events: [] }),
  );
  const teachers = await inBatches(rooms, async (_r) =>
    open(url, { room: `r${rooms.indexOf(_r)}`, teacher: true }),
  );
  const round = await broadcastRound(
    teachers,
    students,
    options.broadcasts,
    (teacher, text) => teacher.timeout(10_000).emitWithAck('broadcast', { text }),
    (s, handler) => s.socket.on('broadcast', (p: { text: string }) => handler(p.text)),
  );
  for (const s of [...students.map((x) => x.socket), ...teachers]) s.close();
  return round;
}

async function parley(port: number, rooms: RoomSetup[], options: BenchOptions) {
  const url = `http://127.0.0.1:${port}/classroom`;
  const started = performance.now();
  const students = await inBatches(
    rooms.flatMap((r, room) => r.studentTokens.map((token) => ({ room, token }))),
    async ({ room, token }): Promise<Student> => {
      const socket = await open(url, { token });
      const student: Student = { room, socket, events: [] };
      socket.onAny((_type: string, payload: ClassroomEvent) => {
        if (typeof payload?.id === 'number') student.events.push(payload);
      });
      return student;
    },
  );
  const teachers = await inBatches(rooms, (r) => open(url, { token: r.teacherToken }));
  const connectMs = performance.now() - started;

  // One question per room, answered by the configured answerer and streamed to the whole room.
  const answers = await Promise.all(
    rooms.map(async (r, room) => {
      const asker = students.find((s) => s.room === room) as Student;
      const t0 = performance.now();
      const answered = new Promise<number>((resolve) =>
        asker.socket.on('exchange:answered', () => resolve(performance.now() - t0)),
      );
      await asker.socket
        .timeout(10_000)
        .emitWithAck('ask', { persona: r.persona, message: 'What is the state?' });
      return Promise.race([
        answered,
        new Promise<number>((resolve) => setTimeout(() => resolve(NaN), 60_000)),
      ]);
    }),
  );

  const round = await broadcastRound(
    teachers,
    students,
    options.broadcasts,
    (teacher, text) => teacher.timeout(10_000).emitWithAck('broadcast', { text }),
    (s, handler) =>
      s.socket.on('broadcast', (e: ClassroomEvent) => handler((e.data as { text: string }).text)),
  );

  // No event lost: what each student received live equals what the log holds for them.
  let missing = 0;
  await inBatches(students, async (s) => {
    const ack = (await s.socket.timeout(10_000).emitWithAck('resync', { after: 0, limit: 1000 })) as {
      events: ClassroomEvent[];
    };
    const live = new Set(s.events.map((e) => e.id));
    missing += ack.events.filter((e) => !live.has(e.id)).length;
  });
  for (const s of [...students.map((x) => x.socket), ...teachers]) s.close();
  return {
    round,
    connectMs,
    answers: answers.filter((a) => !Number.isNaN(a)),
    unanswered: answers.filter(Number.isNaN).length,
    missing,
  };
}

/** Runs the benchmark and prints its figures; the exit code is 1 when an event was lost. */
export async function classroomBench(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const child = fork(__filename, ['--serve', ...(options.fakeAnswers ? ['--fake-answers'] : [])], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { port, rawPort } = await request(child, {}, 'listening');
    const { rooms } = await request(
      child,
      { type: 'setup', rooms: options.rooms, students: options.students },
      'rooms',
    );
    const idle = await request(child, { type: 'memory' }, 'memory');
    const raw = await baseline(rawPort, rooms, options);
    const run = await parley(port, rooms, options);
    const memory = await request(child, { type: 'memory' }, 'memory');
    const delivery = summarise(run.round.latencies);
    const rawDelivery = summarise(raw.latencies);
    const report = {
      shape: {
        rooms: options.rooms,
        studentsPerRoom: options.students,
        sockets: options.rooms * (options.students + 1),
      },
      answerer: options.fakeAnswers ? 'stub' : 'configured (offline extractive unless OPENAI_API_KEY is set)',
      connectAllMs: Math.round(run.connectMs),
      answerMs: summarise(run.answers),
      unanswered: run.unanswered,
      broadcastDeliveryMs: delivery,
      baselineDeliveryMs: rawDelivery,
      ratioToBaseline: {
        p50: Math.round((delivery.p50 / rawDelivery.p50) * 10) / 10,
        p95: Math.round((delivery.p95 / rawDelivery.p95) * 10) / 10,
      },
      lost: { broadcastsNotDelivered: run.round.lost, eventsMissingAgainstLog: run.missing },
      serverRssMb: { beforeConnections: mb(idle.rss), afterRun: mb(memory.rss), peak: mb(memory.peakRss) },
    };
    if (options.json) console.log(JSON.stringify(report, null, 2));
    else printReport(report);
    // Leave nothing behind in the database the bench used.
    await Promise.allSettled(
      rooms.map((r) =>
        fetch(`http://127.0.0.1:${port}/api/classrooms/${r.classroomId}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${r.teacherToken}` },
        }),
      ),
    );
    return run.round.lost === 0 && run.missing === 0 ? 0 : 1;
  } finally {
    child.send({ type: 'stop' });
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

function printReport(r: {
  shape: { rooms: number; studentsPerRoom: number; sockets: number };
  answerer: string;
  connectAllMs: number;
  answerMs: Summary;
  unanswered: number;
  broadcastDeliveryMs: Summary;
  baselineDeliveryMs: Summary;
  ratioToBaseline: { p50: number; p95: number };
  lost: { broadcastsNotDelivered: number; eventsMissingAgainstLog: number };
  serverRssMb: { beforeConnections: number; afterRun: number; peak: number };
}): void {
  const d = r.broadcastDeliveryMs;
  const b = r.baselineDeliveryMs;
  console.log(
    `classroom bench: ${r.shape.rooms} rooms × ${r.shape.studentsPerRoom} students (${r.shape.sockets} sockets), one instance`,
  );
  console.log(`  answerer                 ${r.answerer}`);
  console.log(`  connect all sockets      ${r.connectAllMs} ms`);
  console.log(
    `  one answer per room      p50 ${r.answerMs.p50} ms, p95 ${r.answerMs.p95} ms, max ${r.answerMs.max} ms (${r.unanswered} unanswered)`,
  );
  console.log(
    `  broadcast delivery       p50 ${d.p50} ms, p95 ${d.p95} ms, max ${d.max} ms over ${d.count} deliveries`,
  );
  console.log(`  baseline (bare relay)    p50 ${b.p50} ms, p95 ${b.p95} ms, max ${b.max} ms`);
  console.log(`  ratio to baseline        p50 ×${r.ratioToBaseline.p50}, p95 ×${r.ratioToBaseline.p95}`);
  console.log(
    `  lost                     ${r.lost.broadcastsNotDelivered} broadcasts, ${r.lost.eventsMissingAgainstLog} events missing against the log`,
  );
  console.log(
    `  server RSS               ${r.serverRssMb.beforeConnections} MB idle, ${r.serverRssMb.afterRun} MB after the run, ${r.serverRssMb.peak} MB peak`,
  );
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv.includes('--serve')) {
    serve(argv.includes('--fake-answers')).catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
  } else {
    classroomBench(argv).then(
      (code) => process.exit(code),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  }
}
