import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { FIXTURE_PERSONAS_DIR } from '../../support/fixture-corpus';

// Runs the TypeScript sources in a plain node process (no build, so never a stale dist): the same
// transpile-on-require hook the two-process realtime tests use.
const REGISTER = join(projectRoot(), 'tests', 'realtime', 'support', 'processes', 'register-ts.js');

export const API_MAIN = join(projectRoot(), 'apps', 'api', 'src', 'main.ts');
export const CLI_MAIN = join(projectRoot(), 'apps', 'cli', 'src', 'main.ts');

/** A node child process whose output the test can wait on. */
export class NodeProcess {
  readonly process: ChildProcess;
  private text = '';
  private out = '';
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(entry: string, args: string[], env: Record<string, string | undefined>) {
    // The process speaks as the fixture personas unless a test says otherwise (`npm test` reads no real corpus).
    const merged: Record<string, string | undefined> = {
      ...process.env,
      NODE_OPTIONS: '',
      PERSONAS_DIR: FIXTURE_PERSONAS_DIR,
      ...env,
    };
    for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
    this.process = spawn(process.execPath, ['-r', REGISTER, entry, ...args], {
      cwd: projectRoot(),
      env: merged as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk: Buffer) => {
      this.text += chunk.toString();
      for (const wake of this.waiters) wake();
    };
    this.process.stdout?.on('data', (chunk: Buffer) => {
      this.out += chunk.toString();
      onData(chunk);
    });
    this.process.stderr?.on('data', onData);
    this.exited = new Promise((resolve) =>
      this.process.once('exit', (code, signal) => {
        for (const wake of this.waiters) wake();
        resolve({ code, signal });
      }),
    );
  }

  /** Everything written so far, stdout and stderr interleaved. */
  get output(): string {
    return this.text;
  }

  /** Only what was written to stdout (a command's `--json` report). */
  get stdout(): string {
    return this.out;
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Resolves with the first match of `pattern` in the output; fails if the process exits first or time runs out. */
  async waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.text);
      if (m) return m;
      if (!this.running) throw new Error(`process exited before ${pattern}:\n${this.text}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${this.text}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 200);
        this.waiters.add(wake);
      });
    }
  }

  /** SIGKILLs the process if it still runs (cleanup). */
  async kill(): Promise<void> {
    if (this.running) this.process.kill('SIGKILL');
    await this.exited;
  }
}
