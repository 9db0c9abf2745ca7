import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { FIXTURE_PERSONAS_DIR } from '../../support/fixture-corpus';

const REGISTER = join(__dirname, 'processes', 'register-ts.js');

export interface Child {
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Sends SIGTERM and resolves once the process has exited, SIGKILLing it after `graceMs`. A child left running (and,
 * when forked, still connected over IPC) would keep the jest worker alive.
 */
export function stopProcess(proc: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const force = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

/** Runs a TypeScript entry in its own node process and resolves once a stdout line matches `ready`. */
export async function startChild(
  entry: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<{ child: Child; match: RegExpMatchArray }> {
  const proc = spawn(process.execPath, ['-r', REGISTER, join(__dirname, 'processes', entry), ...args], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PARLEY_CHAT_TOKEN_ONLY: '1',
      PERSONAS_DIR: FIXTURE_PERSONAS_DIR,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const child: Child = {
    process: proc,
    output: () => output,
    stop: () => stopProcess(proc),
  };
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = ready.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output}`));
    });
  });
  return { child, match };
}

/** A port that was free a moment ago (db:serve needs a fixed one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
