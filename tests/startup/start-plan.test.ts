import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '@parley/core';

// scripts/start-plan.mjs decides, before anything is built, which corpus `npm start` uses or that it downloads one.
// It is plain ESM (it runs before the TypeScript is compiled), so each case runs it in a plain node process.

const PLAN = pathToFileURL(join(projectRoot(), 'scripts', 'start-plan.mjs')).href;
const ROOT = '/srv/parley';
const PROJECT_CORPUS = join(ROOT, 'corpus');
const SHARED_CORPUS = resolve(dirname(ROOT), 'shared', 'corpus');
const DEFAULT_DOWNLOAD = join(ROOT, 'data', 'corpus');

interface Plan {
  action: 'use' | 'download' | 'missing';
  dir?: string;
  into?: string;
  tried: string[];
  notice?: string;
}

/** Runs planCorpus on a pretend disk where exactly the given directories hold a manifest. */
function plan(env: Record<string, string>, corpora: string[]): Plan {
  const script = `
    import { planCorpus, downloadNotice, missingNotice } from ${JSON.stringify(PLAN)};
    const { env, manifests } = JSON.parse(process.argv[1]);
    const plan = planCorpus({ root: ${JSON.stringify(ROOT)}, env, exists: (p) => manifests.includes(p) });
    const notice = plan.action === 'download' ? downloadNotice(plan, env) : plan.action === 'missing' ? missingNotice(plan) : undefined;
    process.stdout.write(JSON.stringify({ ...plan, notice }));`;
  const manifests = corpora.map((d) => join(d, 'manifest.json'));
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify({ env, manifests })],
    {
      env: { PATH: process.env.PATH ?? '' },
    },
  );
  return JSON.parse(out.toString()) as Plan;
}

describe('where npm start gets its corpus', () => {
  it('uses CORPUS_DIR when it holds a manifest, even when other corpora exist', () => {
    const p = plan({ CORPUS_DIR: '/texts/mine' }, ['/texts/mine', PROJECT_CORPUS, SHARED_CORPUS]);
    expect(p).toMatchObject({ action: 'use', dir: '/texts/mine', tried: ['/texts/mine'] });
  });

  it('resolves a relative CORPUS_DIR against the project root', () => {
    expect(plan({ CORPUS_DIR: 'texts' }, [join(ROOT, 'texts')])).toMatchObject({
      action: 'use',
      dir: join(ROOT, 'texts'),
    });
  });

  it('reports a CORPUS_DIR without a manifest instead of downloading', () => {
    const p = plan({ CORPUS_DIR: '/texts/typo' }, [PROJECT_CORPUS]);
    expect(p.action).toBe('missing');
    expect(p.notice).toContain('/texts/typo');
  });

  it('prefers the project corpus folder to the shared one and to a downloaded one', () => {
    const p = plan({}, [PROJECT_CORPUS, SHARED_CORPUS, DEFAULT_DOWNLOAD]);
    expect(p).toMatchObject({ action: 'use', dir: PROJECT_CORPUS });
  });

  it('uses the shared corpus beside the project when the project has none', () => {
    expect(plan({}, [SHARED_CORPUS, DEFAULT_DOWNLOAD])).toMatchObject({ action: 'use', dir: SHARED_CORPUS });
  });

  it('uses a corpus downloaded by an earlier start, so a second start fetches nothing', () => {
    expect(plan({ DATA_DIR: '/var/parley' }, ['/var/parley/corpus'])).toMatchObject({
      action: 'use',
      dir: '/var/parley/corpus',
      tried: [PROJECT_CORPUS, SHARED_CORPUS, '/var/parley/corpus'],
    });
  });

  it('downloads into the data directory when no corpus is found, and says from where and how to avoid it', () => {
    const p = plan({ CORPUS_ORIGIN_URL: 'http://127.0.0.1:8080' }, []);
    expect(p).toMatchObject({ action: 'download', into: DEFAULT_DOWNLOAD });
    expect(p.notice).toContain(DEFAULT_DOWNLOAD);
    expect(p.notice).toContain('http://127.0.0.1:8080');
    expect(p.notice).toContain('CORPUS_DIR');
  });

  it('treats empty variables as unset', () => {
    expect(plan({ CORPUS_DIR: '', DATA_DIR: '' }, [])).toMatchObject({
      action: 'download',
      into: DEFAULT_DOWNLOAD,
    });
  });
});
