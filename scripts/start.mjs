// `npm start`: find the corpus (or plan its download) before building, build what is missing or stale, download
// the corpus when there is none, then run the api (which ingests the corpus when it changed).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, serverIsStale, webIsStale, buildServer, buildWeb } from './build-state.mjs';
import { downloadNotice, missingNotice, planCorpus } from './start-plan.mjs';

// Tests run the start chain against a stand-in api (a small script) so that they need no build.
const API_ENTRY = process.env.PARLEY_API_ENTRY || join(root, 'dist', 'apps', 'api', 'src', 'main.js');
const CLI_ENTRY = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

let current = null;

/**
 * npm signals only its own child. The script is `exec node scripts/start.mjs`, so that child is this process and not
 * a `sh -c` that would die on SIGTERM, or sit on SIGINT, without passing it on (which left the api orphaned, still
 * holding its port). Here signals go on to the running child, and the death of our parent (we are re-parented)
 * counts as SIGTERM. The child has its own process group so that only we signal it: a terminal's Ctrl-C reaches us
 * both directly and through npm, and the same signal twice within a second is passed on once (a second one tells
 * the api to exit at once, skipping the drain).
 */
function forwardSignals() {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopChild(signal));
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    if (!last) stopChild('SIGTERM');
  }, 250);
  watch.unref();
}

const SAME_SIGNAL_MS = 1000;
let last = null;

function stopChild(signal) {
  if (!current) process.exit(signal === 'SIGINT' ? 130 : 143);
  const now = Date.now();
  if (last?.signal === signal && now - last.at < SAME_SIGNAL_MS) return;
  last = { signal, at: now };
  current.kill(signal);
}

/** Runs a node script with our stdout and stderr; resolves with its exit code (1 when a signal ended it). */
function runNode(entry, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', entry, ...args], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    current = child;
    child.on('error', (e) => {
      process.stderr.write(`npm start: cannot run ${entry}: ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Downloads the corpus into $DATA_DIR/corpus with the CLI (its progress bar and per-document errors are its own). */
async function downloadCorpus() {
  const code = await runNode(CLI_ENTRY, ['corpus:download']);
  if (code !== 0) {
    process.stderr.write(
      `npm start: the corpus download failed (exit code ${code}, reasons above). Run \`npm start\` again to ` +
        'resume it, or set CORPUS_DIR to a local corpus.\n',
    );
    process.exit(code);
  }
}

async function main() {
  forwardSignals();
  const plan = planCorpus({ root, env: process.env, exists: existsSync });
  if (plan.action === 'missing') {
    process.stderr.write(`${missingNotice(plan)}\n`);
    process.exit(2);
  }
  if (plan.action === 'download') process.stderr.write(`${downloadNotice(plan, process.env)}\n`);
  if (!process.env.PARLEY_API_ENTRY) {
    if (serverIsStale()) buildServer();
    if (webIsStale()) buildWeb();
  }
  if (plan.action === 'download') await downloadCorpus();
  process.exit(await runNode(API_ENTRY, process.argv.slice(2)));
}

await main();
