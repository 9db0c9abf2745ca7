// Runs an apps/cli command (`npm run ingest|search|ask|eval|db:serve|bench -- ...`), building first when stale.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root, serverIsStale, buildServer } from './build-state.mjs';

if (serverIsStale()) buildServer();
const child = spawn(
  process.execPath,
  ['--enable-source-maps', join(root, 'dist/apps/cli/src/main.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
