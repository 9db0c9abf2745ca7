// What `npm start` decides before it builds anything: which corpus the api will use, or that it must be downloaded.
// Plain JavaScript because it runs before the TypeScript is compiled; the order is that of `findCorpusDir` in
// libs/corpus/src/corpus-loader.ts (keep the two in step): CORPUS_DIR (no fallback), ./corpus/manifest.json,
// ../shared/corpus, then $DATA_DIR/corpus, where the download goes.
import { dirname, isAbsolute, join, resolve } from 'node:path';

const MANIFEST = 'manifest.json';

/** An unset or empty variable is absent, as in libs/config. */
function setting(env, name) {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A configured path, resolved against the project root as libs/config's `resolvePath` does. */
function resolveFrom(root, path) {
  return isAbsolute(path) ? path : join(root, path);
}

/**
 * Decides where the corpus comes from. Pure: `exists(path)` is the only look at the disk.
 * Returns `{ action: 'use', dir, tried }` when a manifest was found, `{ action: 'download', into, tried }` when
 * none was found and CORPUS_DIR is unset, and `{ action: 'missing', tried }` when CORPUS_DIR names a directory
 * without a manifest (a wrong setting is reported, never papered over with a download).
 */
export function planCorpus({ root, env, exists }) {
  const configured = setting(env, 'CORPUS_DIR');
  const dataDir = resolveFrom(root, setting(env, 'DATA_DIR') ?? './data');
  const downloaded = join(dataDir, 'corpus');
  const candidates = configured
    ? [resolveFrom(root, configured)]
    : [join(root, 'corpus'), resolve(dirname(root), 'shared', 'corpus'), downloaded];
  const tried = [];
  for (const dir of candidates) {
    tried.push(dir);
    if (exists(join(dir, MANIFEST))) return { action: 'use', dir, tried };
  }
  return configured ? { action: 'missing', tried } : { action: 'download', into: downloaded, tried };
}

/** The one line `npm start` prints before a download: what, where to, from where, and how to avoid it. */
export function downloadNotice(plan, env) {
  const origin = setting(env, 'CORPUS_ORIGIN_URL');
  const from =
    origin ?? 'the origin repositories listed in sources/catalog.json (CORPUS_ORIGIN_URL sets a mirror)';
  return (
    `No corpus found: downloading it into ${plan.into} from ${from}. ` +
    'To use a local corpus instead, set CORPUS_DIR to a directory holding manifest.json.'
  );
}

/** What `npm start` says when CORPUS_DIR names a directory without a manifest. */
export function missingNotice(plan) {
  return (
    `No corpus at CORPUS_DIR: ${plan.tried[0]} holds no ${MANIFEST}.\n` +
    'Point CORPUS_DIR at a directory holding manifest.json and the texts, or unset it to download the corpus.'
  );
}
