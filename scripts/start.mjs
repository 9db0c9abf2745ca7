// `npm start`: build what is missing or stale, then run the api (which ingests the corpus when it changed).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root, serverIsStale, webIsStale, buildServer, buildWeb } from './build-state.mjs';

if (serverIsStale()) buildServer();
if (webIsStale()) buildWeb();
const child = spawn(
  process.execPath,
  ['--enable-source-maps', join(root, 'dist/apps/api/src/main.js'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
