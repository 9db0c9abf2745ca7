import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Runs the project's dependency-cruiser rules (as `npm run lint` does) on small throw-away layouts shaped like
// this repository, one deliberate violation each, so the rules are known to fail when they should.
const ROOT = join(__dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    baseUrl: './',
    paths: {
      '@parley/core': ['libs/core/src'],
      '@parley/text': ['libs/text/src'],
      '@parley/chat': ['libs/chat/src'],
    },
  },
});

// A layout that keeps every rule: chat uses core and text through their index files, the app uses chat.
const CLEAN: Record<string, string> = {
  'libs/core/src/index.ts': "export { code } from './code';\n",
  'libs/core/src/code.ts': "export const code = 'x';\n",
  'libs/text/src/index.ts': "export { words } from './words';\n",
  'libs/text/src/words.ts': 'export const words = (s: string): string[] => s.split(" ");\n',
  'libs/chat/src/index.ts': "export { answer } from './answer';\n",
  'libs/chat/src/answer.ts':
    "import { code } from '@parley/core';\nimport { words } from '@parley/text';\nexport const answer = (): number => words(code).length;\n",
  'libs/chat/src/testing.ts': 'export const fakeAnswer = (): number => 0;\n',
  'apps/api/src/main.ts': "import { answer } from '@parley/chat';\nexport const main = answer;\n",
};

function cruise(extra: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-depcruise-'));
  try {
    for (const [path, text] of Object.entries({ 'tsconfig.json': TSCONFIG, ...CLEAN, ...extra })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = spawnSync(process.execPath, [DEPCRUISE, 'libs', 'apps', '--config', CONFIG], {
      cwd: dir,
      encoding: 'utf8',
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the dependency rules of npm run lint', () => {
  it('pass a layout where every import follows the boundaries', () => {
    const run = cruise({});
    expect(run.output).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });

  it.each([
    [
      'a lib that imports an app',
      'libs-never-import-apps',
      {
        'libs/chat/src/answer.ts':
          "import { main } from '../../../apps/api/src/main';\nexport const answer = main;\n",
      },
    ],
    [
      'libs/text importing another lib',
      'leaf-libs-import-no-lib',
      {
        'libs/text/src/words.ts':
          "import { code } from '@parley/core';\nexport const words = (): string => code;\n",
      },
    ],
    [
      'a lib reaching past another lib’s index',
      'no-deep-imports-between-libs',
      {
        'libs/chat/src/answer.ts':
          "import { words } from '../../text/src/words';\nexport const answer = words;\n",
      },
    ],
    [
      'an app reaching past a lib’s index',
      'no-deep-imports-from-apps',
      {
        'apps/api/src/main.ts':
          "import { answer } from '../../../libs/chat/src/answer';\nexport const main = answer;\n",
      },
    ],
    [
      'a barrel that exports test helpers',
      'no-test-helpers-in-barrels',
      {
        'libs/chat/src/index.ts':
          "export { answer } from './answer';\nexport { fakeAnswer } from './testing';\n",
      },
    ],
  ])('fail on %s, naming the rule', (_what, rule, files) => {
    const run = cruise(files);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(rule);
  });
});
