import { spawnSync } from 'node:child_process';
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { waitFor } from '../../support/wait-for';

const LOCK = join(projectRoot(), 'apps', 'web', '.build-lock');

/**
 * Builds apps/web/dist when it is missing or older than its sources (the same rule as `npm start`).
 * A lock directory keeps parallel test workers from building over each other.
 */
export async function ensureWebBuilt(): Promise<void> {
  await waitFor(
    () => {
      try {
        mkdirSync(LOCK);
        return true;
      } catch {
        // A lock older than two minutes belongs to a worker that died mid-build.
        const lock = statSync(LOCK, { throwIfNoEntry: false });
        if (lock && Date.now() - lock.mtimeMs > 120_000) rmdirSync(LOCK);
        return false;
      }
    },
    { what: `the web build lock ${LOCK}`, timeout: 300_000, interval: 200 },
  );
  try {
    const script = "import('./scripts/build-state.mjs').then((m) => { if (m.webIsStale()) m.buildWeb(); })";
    const r = spawnSync(process.execPath, ['-e', script], {
      cwd: projectRoot(),
      encoding: 'utf8',
      stdio: 'pipe',
    });
    if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmdirSync(LOCK);
  }
}
