import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataDir, loadConfig } from '@parley/config';
import { projectRoot } from '@parley/core';
import { GLOVE_CACHE_FILE } from '@parley/embeddings';
import { percentile, table } from './bench-util';

// `npm run bench -- startup [--runs 5] [--data-dir DIR]`: how long a restart with nothing changed takes to be ready,
// phase by phase. Each run is `npm start` as a user types it, timed from spawn until `GET /health/ready` answers
// 200; the phases come from the api's own start-up lines. Without --data-dir, a temporary data directory is prepared
// by a first, untimed start (database set-up and ingest), reported on its own.

interface Run {
  /** Spawn of `npm start` to the first 200 from /health/ready. */
  readyMs: number;
  /** The api process's own start to listening (its "ready in" line). */
  apiMs: number;
  databaseMs: number;
  corpusMs: number;
  /** Loaded after listening: not part of readiness, but the first question waits for it. */
  vectorsMs: number;
  /** CPU time of the api process until it listened. */
  cpuMs: number;
}

const PHASES: { name: string; pattern: RegExp }[] = [
  { name: 'database', pattern: /database ready in (\d+) ms/ },
  { name: 'corpus', pattern: /corpus unchanged since the last ingest \(checked in (\d+) ms\)/ },
  { name: 'api', pattern: /ready in (\d+) ms \(CPU \d+ ms\)/ },
  { name: 'cpu', pattern: /ready in \d+ ms \(CPU (\d+) ms\)/ },
  { name: 'vectors', pattern: /loaded \d+ word vectors from .* in (\d+) ms/ },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function isReady(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One `npm start` on `dataDir`: ready time, phase lines, then SIGTERM and wait for the exit. */
async function startOnce(
  corpusDir: string,
  dir: string,
  waitForVectors: boolean,
): Promise<{ ms: number; log: string }> {
  const port = await freePort();
  const started = performance.now();
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: projectRoot(),
    env: {
      ...process.env,
      NO_COLOR: '1',
      LOG_LEVEL: 'log',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      PGLITE_DATA_DIR: join(dir, 'pglite'),
      CORPUS_DIR: corpusDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  npm.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  npm.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  let ms = -1;
  try {
    while (!(await isReady(port))) {
      if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}:\n${log}`);
      await sleep(50);
    }
    ms = performance.now() - started;
    if (waitForVectors) {
      const deadline = Date.now() + 120_000;
      while (!/loaded \d+ word vectors/.test(log) && Date.now() < deadline) await sleep(50);
    }
  } finally {
    npm.kill('SIGTERM');
    await exited;
  }
  return { ms, log };
}

function phase(log: string, name: string): number {
  const m = PHASES.find((p) => p.name === name)?.pattern.exec(log);
  return m ? Number(m[1]) : NaN;
}

/** A bare node process, start to exit: the floor any start-up pays on this machine right now. */
function bareNodeMs(): number {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return performance.now() - t;
}

export async function startupBench(
  corpusDir: string,
  args: { options: Map<string, string | true> },
): Promise<void> {
  const out = (s = '') => process.stdout.write(`${s}\n`);
  const runs = Math.max(1, Number(args.options.get('runs') ?? 5) || 5);
  const given = args.options.get('data-dir');
  const dir = typeof given === 'string' ? given : mkdtempSync(join(tmpdir(), 'parley-startup-bench-'));
  try {
    if (typeof given !== 'string') {
      // The GloVe cache is built once per data directory; reuse the project's so preparation is about the database.
      for (const from of [
        join(dataDir(loadConfig()), GLOVE_CACHE_FILE),
        join(projectRoot(), 'data', 'test', GLOVE_CACHE_FILE),
      ]) {
        if (existsSync(from)) {
          copyFileSync(from, join(dir, GLOVE_CACHE_FILE));
          break;
        }
      }
      const first = await startOnce(corpusDir, dir, true);
      out(
        `first start on an empty data directory (database set-up and ingest): ${(first.ms / 1000).toFixed(1)} s`,
      );
      out();
    }
    const results: Run[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(bareNodeMs());
      const { ms, log } = await startOnce(corpusDir, dir, true);
      results.push({
        readyMs: ms,
        apiMs: phase(log, 'api'),
        databaseMs: phase(log, 'database'),
        corpusMs: phase(log, 'corpus'),
        vectorsMs: phase(log, 'vectors'),
        cpuMs: phase(log, 'cpu'),
      });
    }
    const median = (f: (r: Run) => number) => percentile(results.map(f), 50);
    const bareMs = percentile(bare, 50);
    const readyMs = median((r) => r.readyMs);
    const apiMs = median((r) => r.apiMs);
    const databaseMs = median((r) => r.databaseMs);
    const corpusMs = median((r) => r.corpusMs);
    const row = (name: string, v: number) => [name, v.toFixed(0), (v / bareMs).toFixed(1)];
    out(`## Restart with nothing changed: median of ${runs} runs of \`npm start\` on ${dir}`);
    out();
    out(
      table(
        ['phase', 'ms', '× bare node'],
        [
          row('npm and scripts/start.mjs (build check), to the api process', readyMs - apiMs),
          row('api: node, modules, Nest (the rest of the api)', apiMs - databaseMs - corpusMs),
          row('api: database (open, migrations)', databaseMs),
          row('api: corpus check', corpusMs),
          row('ready: spawn of npm start to /health/ready 200', readyMs),
          row(
            'word vectors (after listening; first question waits)',
            median((r) => r.vectorsMs),
          ),
          row(
            'api CPU time until listening (load-independent)',
            median((r) => r.cpuMs),
          ),
          row('baseline: bare `node -e ""`, start to exit', bareMs),
        ],
      ),
    );
    out();
    out(`ready per run (ms): ${results.map((r) => r.readyMs.toFixed(0)).join(', ')}`);
  } finally {
    if (typeof given !== 'string') rmSync(dir, { recursive: true, force: true });
  }
}
