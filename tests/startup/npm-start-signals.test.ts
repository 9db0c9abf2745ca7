import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { freePort } from '../realtime/support/child-process';
import { waitFor } from '../support/wait-for';

// `npm start` as a process supervisor runs it: the real npm, the real package.json script and scripts/start.mjs,
// with a stand-in for the built api (PARLEY_API_ENTRY) so that no build is needed. The supervisor signals npm alone.

const STAND_IN_API = join(projectRoot(), 'tests', 'startup', 'support', 'stand-in-api.mjs');
const GONE_WITHIN_MS = 10_000;

interface Started {
  npm: ChildProcess;
  apiPid: number;
  port: number;
}

/** Whether a process is alive (a zombie waiting for its parent to reap it counts as gone). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start under a supervisor', () => {
  let corpus: string;
  const started: Started[] = [];

  beforeAll(() => {
    // A corpus is found, so start.mjs goes straight to the api.
    corpus = mkdtempSync(join(tmpdir(), 'parley-start-signals-'));
    writeFileSync(join(corpus, 'manifest.json'), '[]');
  });

  afterAll(() => {
    for (const { npm, apiPid } of started) {
      if (isRunning(apiPid)) process.kill(apiPid, 'SIGKILL');
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    }
    rmSync(corpus, { recursive: true, force: true });
  });

  async function startNpm(): Promise<Started> {
    const port = await freePort();
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: projectRoot(),
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(port),
        CORPUS_DIR: corpus,
        PARLEY_API_ENTRY: STAND_IN_API,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => /stand-in api \d+ listening/.test(output), {
      what: 'the stand-in api to listen',
      timeout: 30_000,
      detail: () => output,
    });
    const apiPid = Number(/stand-in api (\d+) listening/.exec(output)?.[1]);
    const run = { npm, apiPid, port };
    started.push(run);
    return run;
  }

  it.each(['SIGTERM', 'SIGINT'] as const)('%s to npm stops the api and frees its port', async (signal) => {
    const { npm, apiPid, port } = await startNpm();
    expect(await portAcceptsConnections(port)).toBe(true);

    npm.kill(signal);

    await waitFor(() => !isRunning(apiPid), { what: `api ${apiPid} to exit`, timeout: GONE_WITHIN_MS });
    expect(await portAcceptsConnections(port)).toBe(false);
    await waitFor(() => npm.exitCode !== null || npm.signalCode !== null, {
      what: 'npm to exit',
      timeout: GONE_WITHIN_MS,
    });
  });
});
