// Shared by start/cli/build: decides whether the compiled output is older than its sources.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'dist', '.build-stamp');

function newestMtime(dir, exts) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, exts));
    else if (exts.some((e) => entry.name.endsWith(e))) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export function serverIsStale() {
  if (!existsSync(stampFile)) return true;
  const built = statSync(stampFile).mtimeMs;
  const sources = Math.max(
    newestMtime(join(root, 'apps', 'api'), ['.ts']),
    newestMtime(join(root, 'apps', 'cli'), ['.ts']),
    newestMtime(join(root, 'libs'), ['.ts']),
    newestMtime(join(root, 'bench'), ['.ts']),
    statSync(join(root, 'tsconfig.json')).mtimeMs,
  );
  return sources > built;
}

export function webIsStale() {
  const webRoot = join(root, 'apps', 'web');
  if (!existsSync(join(webRoot, 'package.json')) && !existsSync(join(webRoot, 'vite.config.ts')))
    return false;
  const index = join(webRoot, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(
    newestMtime(join(webRoot, 'src'), ['.ts', '.tsx', '.css', '.html']),
    newestMtime(join(root, 'libs', 'contracts'), ['.ts']),
  );
  return sources > statSync(index).mtimeMs;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

export function buildServer() {
  process.stderr.write('Building the server (TypeScript)…\n');
  run(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.build.json',
  ]);
  run(process.execPath, [
    join(root, 'node_modules', 'tsc-alias', 'dist', 'bin', 'index.js'),
    '-p',
    'tsconfig.build.json',
  ]);
  writeFileSync(stampFile, new Date().toISOString());
}

export function buildWeb() {
  const viteConfig = join(root, 'apps', 'web', 'vite.config.ts');
  if (!existsSync(viteConfig)) return;
  process.stderr.write('Building the web app (Vite)…\n');
  run(process.execPath, [
    join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    viteConfig,
  ]);
}
