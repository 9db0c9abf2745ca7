/**
 * Load benchmark: the real api (createApp, the real corpus ingested into a temporary embedded database)
 * under concurrent HTTP clients, with its baselines measured in the same run.
 *
 *   a) POST /api/chat, offline extractive answerer, 1 / 10 / 50 concurrent clients
 *   b) POST /api/chat/stream through a fake OpenAI-compatible model with a fixed per-token delay:
 *      time to headers, to `meta`, to the first `delta`, and Parley's overhead over the model's own
 *      time to its first token (the fake model measured directly, same prompt, same concurrency)
 *   c) classroom fan-out at 1,200 sockets is `npm run bench -- classroom` (run by `npm run bench`)
 *   d) GET /api/search throughput
 *   e) Nest vs a plain Express app calling the same service objects; LangChain PGVectorStore vs our
 *      retrieval over the same vectors in the same database
 *
 * The load generator runs in a worker thread (bench/load-client.ts). `npm run bench -- load`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { resetConfigCache } from '@parley/config';
import { IngestService } from '@parley/corpus';
import { PersonaRegistry } from '@parley/personas';
import { createApp } from '../apps/api/src/create-app';
import {
  CHAT_PATH,
  fakeReply,
  startFakeOpenAI,
  type RecordedRequest,
} from '../tests/support/fake-openai.server';
import { percentile, table } from './bench-util';
import { langchainComparison, startExpressTwin } from './load-baselines';
import { runLoad, type LoadJob, type LoadResult, type RequestSpec } from './load-client';
import { f1, markTimes, medianSummary, ratio, summariseLoad, type LoadSummary } from './load-stats';

/** Generic questions of the kind a class asks (not the evaluation set's). */
const QUESTIONS = [
  { persona: 'lenin', message: 'What is the role of the party in a revolution?' },
  { persona: 'trotsky', message: 'Why must the revolution spread beyond one country?' },
  { persona: 'stalin', message: 'How should the peasants be won over to socialism?' },
  { persona: 'lenin', message: 'Why must the workers smash the old state machine?' },
  { persona: 'trotsky', message: 'What danger does the bureaucracy pose to the workers state?' },
  { persona: 'stalin', message: 'What makes a people a nation?' },
  { persona: 'lenin', message: 'What caused the imperialist war, and how should socialists respond to it?' },
  { persona: 'trotsky', message: 'How should workers fight against fascism?' },
  { persona: 'stalin', message: 'Why must the country industrialise quickly?' },
  { persona: 'lenin', message: 'How should the workers treat the peasantry after the revolution?' },
  { persona: 'trotsky', message: 'What is the role of the trade unions?' },
  { persona: 'stalin', message: 'What are the tasks of the party in building socialism?' },
];

/** Per-token delay of the fake model in (b): about 50 tokens per second, a typical hosted model. */
const TOKEN_DELAY_MS = 20;
const ENV_KEYS = [
  'NODE_ENV',
  'PGLITE_DATA_DIR',
  'CORPUS_DIR',
  'AUTO_INGEST',
  'EMBEDDINGS',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'OPENAI_MODEL',
  'DATABASE_URL',
  'REDIS_URL',
  'CHAT_RATE_BURST',
  'CHAT_RATE_PER_MINUTE',
  'CHAT_MAX_CONCURRENT',
];

type Out = (s: string) => void;

interface RunningApi {
  app: NestExpressApplication;
  url: string;
  close(): Promise<void>;
}

function setEnv(env: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigCache();
}

/** The real api as `npm start` builds it, the corpus ingested (or found unchanged), on a free port. */
async function startApi(corpusDir: string, env: Record<string, string | undefined>): Promise<RunningApi> {
  setEnv(env);
  const app = await createApp();
  const ingest = app.get(IngestService);
  const known = app.get(PersonaRegistry).ids();
  if (await ingest.isStale(corpusDir, known)) await ingest.ingest({ corpusDir, knownPersonas: known });
  await ingest.restoreEmbedderState();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

const chatRequests = (path: string): RequestSpec[] =>
  QUESTIONS.map((q) => ({ method: 'POST', path, body: { persona: q.persona, message: q.message } }));

const searchRequests: RequestSpec[] = QUESTIONS.map((q) => ({
  method: 'GET',
  path: `/api/search?${new URLSearchParams({ persona: q.persona, q: q.message, k: '10' })}`,
}));

function summaryRow(label: (string | number)[], s: LoadSummary): (string | number)[] {
  return [...label, s.requests, s.failed, f1(s.rps), f1(s.p50), f1(s.p95), f1(s.p99)];
}
const SUMMARY_HEADERS = ['requests', 'failed', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms'];

/** The refusal of every answer in a JSON (POST /api/chat) or SSE (`done` event) body; undefined if none. */
function refusalOf(body: string | undefined): string | null | undefined {
  if (!body) return undefined;
  const done = body.match(/event: done\ndata: (.*)\n/);
  try {
    return (JSON.parse(done ? done[1] : body) as { refusal?: string | null }).refusal;
  } catch {
    return undefined;
  }
}

const answered = (r: LoadResult) => r.timings.filter((t) => refusalOf(t.body) === null).length;

/** (a) POST /api/chat with the extractive answerer. */
async function chatOffline(api: RunningApi, out: Out): Promise<void> {
  out('## a) POST /api/chat, offline extractive answerer (closed loop: each client sends its next question');
  out('##    as soon as its previous answer arrives)');
  const base = { baseUrl: api.url, requests: chatRequests('/api/chat'), keepBodies: true };
  await runLoad({ ...base, concurrency: 2, total: QUESTIONS.length });
  const rows: (string | number)[][] = [];
  const byClients = new Map<number, LoadSummary>();
  for (const [concurrency, total] of [
    [1, 24],
    [10, 80],
    [50, 150],
  ]) {
    const result = await runLoad({ ...base, concurrency, total });
    const s = summariseLoad(result);
    byClients.set(concurrency, s);
    rows.push([...summaryRow([concurrency], s), answered(result)]);
  }
  out(table(['clients', ...SUMMARY_HEADERS, 'answered (not refused)'], rows));
  const one = byClients.get(1) as LoadSummary;
  for (const c of [10, 50]) {
    const s = byClients.get(c) as LoadSummary;
    out(
      `ratio req/s ${c} clients / 1 client: ${ratio(s.rps, one.rps)}; p50 ${c} / 1: ${ratio(s.p50, one.p50)}`,
    );
  }
  out('');
}

/** (d) and (e): the same endpoints on Nest and on a plain Express app, alternating rounds. */
async function nestVersusExpress(api: RunningApi, out: Out): Promise<void> {
  const twin = await startExpressTwin(api.app);
  try {
    out('## d) GET /api/search throughput, and e) Nest vs plain Express on the same service objects');
    out('##    (medians of 3 alternating rounds; Express runs the same zod parsing and service calls,');
    out('##    without Nest routing, exception filter and the middleware of the app)');
    const personas: RequestSpec[] = [{ method: 'GET', path: '/api/personas' }];
    const cases: { endpoint: string; requests: RequestSpec[]; concurrency: number; total: number }[] = [
      { endpoint: 'GET /api/search', requests: searchRequests, concurrency: 1, total: 24 },
      { endpoint: 'GET /api/search', requests: searchRequests, concurrency: 10, total: 60 },
      { endpoint: 'GET /api/personas', requests: personas, concurrency: 10, total: 400 },
    ];
    const rows: (string | number)[][] = [];
    const ratios: string[] = [];
    for (const c of cases) {
      const job = (baseUrl: string): LoadJob => ({ baseUrl, ...c });
      await runLoad({ ...job(api.url), total: 12 });
      await runLoad({ ...job(twin.url), total: 12 });
      const nest: LoadSummary[] = [];
      const plain: LoadSummary[] = [];
      for (let round = 0; round < 3; round++) {
        nest.push(summariseLoad(await runLoad(job(api.url))));
        plain.push(summariseLoad(await runLoad(job(twin.url))));
      }
      const n = medianSummary(nest);
      const e = medianSummary(plain);
      rows.push(summaryRow([c.endpoint, c.concurrency, 'nest'], n));
      rows.push(summaryRow([c.endpoint, c.concurrency, 'express'], e));
      ratios.push(
        `${c.endpoint} at ${c.concurrency} clients, nest / express: req/s ${ratio(n.rps, e.rps)}, ` +
          `p50 ${ratio(n.p50, e.p50)}, p95 ${ratio(n.p95, e.p95)}`,
      );
    }
    out(table(['endpoint', 'clients', 'server', ...SUMMARY_HEADERS], rows));
    for (const r of ratios) out(`ratio ${r}`);
    out('');
  } finally {
    await twin.close();
  }
}

/**
 * The fake model's answer to a Parley prompt: a verbatim sentence of passage 1 in quotation marks and
 * one of passage 2, cited, so the verifier keeps the answer as it would a good model's.
 */
function groundedReply(request: RecordedRequest): string {
  const system = request.body.messages?.find((m) => m.role === 'system')?.content;
  const prompt = typeof system === 'string' ? system : '';
  const passage = (n: number) =>
    prompt.match(new RegExp(`<<<PASSAGE ${n}\\n[\\s\\S]*?\\n---\\n([\\s\\S]*?)\\nPASSAGE ${n}>>>`))?.[1] ??
    '';
  const sentence = (text: string) =>
    text.split(/(?<=[.!?])\s+/).find((s) => {
      const words = s.split(/\s+/).length;
      return words >= 8 && words <= 40 && !s.includes('"');
    }) ?? '';
  const first = sentence(passage(1));
  const second = sentence(passage(2));
  if (!first) return 'I have no record of having written on that question.';
  return `As I wrote at the time, "${first}" [1]${second ? ` ${second} [2]` : ''}`;
}

/** (b) POST /api/chat/stream through the fake OpenAI-compatible model. */
async function chatThroughModel(
  corpusDir: string,
  env: Record<string, string | undefined>,
  out: Out,
): Promise<void> {
  const fake = await startFakeOpenAI({ tokenDelayMs: TOKEN_DELAY_MS });
  fake.script((request) => (request.path === CHAT_PATH ? fakeReply.text(groundedReply(request)) : undefined));
  const api = await startApi(corpusDir, {
    ...env,
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODEL: 'fake-model',
  });
  try {
    out(
      `## b) POST /api/chat/stream through a fake OpenAI-compatible model (${TOKEN_DELAY_MS} ms per token)`,
    );
    const parleyJob = {
      baseUrl: api.url,
      requests: chatRequests('/api/chat/stream'),
      marks: { meta: 'event: meta', delta: 'event: delta', done: 'event: done', error: 'event: error' },
      keepBodies: true,
    };
    await runLoad({ ...parleyJob, concurrency: 1, total: 3 });
    // The model measured directly with the prompts Parley actually sends, one per question.
    const prompts = new Map<string, unknown>();
    for (const r of fake.requestsTo(CHAT_PATH)) prompts.set(JSON.stringify(r.body.messages?.at(-1)), r.body);
    await runLoad({ ...parleyJob, concurrency: 2, total: QUESTIONS.length });
    for (const r of fake.requestsTo(CHAT_PATH)) prompts.set(JSON.stringify(r.body.messages?.at(-1)), r.body);
    const modelJob = {
      baseUrl: `http://127.0.0.1:${fake.port}`,
      requests: [...prompts.values()].map((body): RequestSpec => ({ method: 'POST', path: CHAT_PATH, body })),
      marks: { delta: '"delta":{"content":"' },
    };
    const rows: (string | number)[][] = [];
    const overheads: string[] = [];
    for (const [concurrency, total] of [
      [1, 12],
      [10, 40],
    ]) {
      const model = await runLoad({ ...modelJob, concurrency, total });
      const parley = await runLoad({ ...parleyJob, concurrency, total });
      const p = (r: LoadResult, mark: string, q: number) => percentile(markTimes(r, mark), q);
      const ttfb = (r: LoadResult, q: number) =>
        percentile(
          r.timings.map((t) => t.ttfbMs),
          q,
        );
      const total50 = (r: LoadResult) => summariseLoad(r).p50;
      rows.push([
        concurrency,
        'fake model, direct',
        total,
        summariseLoad(model).failed,
        f1(ttfb(model, 50)),
        '-',
        f1(p(model, 'delta', 50)),
        f1(p(model, 'delta', 95)),
        f1(total50(model)),
        '-',
      ]);
      rows.push([
        concurrency,
        'parley /api/chat/stream',
        total,
        summariseLoad(parley).failed,
        f1(ttfb(parley, 50)),
        f1(p(parley, 'meta', 50)),
        f1(p(parley, 'delta', 50)),
        f1(p(parley, 'delta', 95)),
        f1(total50(parley)),
        answered(parley),
      ]);
      const overhead = p(parley, 'delta', 50) - p(model, 'delta', 50);
      overheads.push(
        `${concurrency} client(s): Parley overhead to first delta p50 = ${f1(p(parley, 'delta', 50))} - ` +
          `${f1(p(model, 'delta', 50))} = ${f1(overhead)} ms; p95 ${f1(p(parley, 'delta', 95) - p(model, 'delta', 95))} ms; ` +
          `ratio parley / model first token p50: ${ratio(p(parley, 'delta', 50), p(model, 'delta', 50))}`,
      );
    }
    out(
      table(
        [
          'clients',
          'path',
          'requests',
          'failed',
          'headers p50 ms',
          'meta p50 ms',
          'first token/delta p50 ms',
          'p95 ms',
          'total p50 ms',
          'answered',
        ],
        rows,
      ),
    );
    for (const o of overheads) out(o);
    out('');
  } finally {
    await api.close();
    await fake.close();
  }
}

/** `npm run bench -- load`. */
export async function loadBench(corpusDir: string): Promise<void> {
  const out: Out = (s) => process.stdout.write(`${s}\n`);
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  // A throw-away file-backed embedded database (as `npm start` uses), ingested once and reused by (b).
  const pgliteDir = mkdtempSync(join(tmpdir(), 'parley-load-'));
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'production',
    PGLITE_DATA_DIR: pgliteDir,
    CORPUS_DIR: corpusDir,
    AUTO_INGEST: 'false',
    EMBEDDINGS: 'glove',
    OPENAI_API_KEY: undefined,
    OPENAI_BASE_URL: undefined,
    OPENAI_MODEL: undefined,
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    // Every simulated client asks from 127.0.0.1: the per-address chat budget would measure the limiter instead.
    CHAT_RATE_BURST: '1000000',
    CHAT_RATE_PER_MINUTE: '1000000',
    CHAT_MAX_CONCURRENT: '1000',
  };
  Logger.overrideLogger(['error', 'warn']);
  try {
    out(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}; load generator in a worker thread`);
    const started = performance.now();
    const api = await startApi(corpusDir, env);
    out(`api started and corpus ingested in ${f1((performance.now() - started) / 1000)} s\n`);
    try {
      await chatOffline(api, out);
      await nestVersusExpress(api, out);
      out(
        '## e) LangChain.js PGVectorStore vs our retrieval, same vectors, same database, one query at a time',
      );
      await langchainComparison(api.app, QUESTIONS, out);
    } finally {
      await api.close();
    }
    await chatThroughModel(corpusDir, env, out);
    out(
      '## c) classroom fan-out at 1,200 sockets: see the `classroom` benchmark (`npm run bench -- classroom`)\n',
    );
  } finally {
    setEnv(saved);
    rmSync(pgliteDir, { recursive: true, force: true });
  }
}
