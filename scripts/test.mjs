// `npm test`: jest with the VM-modules flag PGlite needs for its dynamic imports, on the fixture corpus of
// tests/fixtures. `npm run test:corpus` (`--corpus`): the suites on the real corpus (jest.corpus.config.js).
// `npm run test:fast` (`--fast`): the unit and property specs only (jest.fast.config.js). Other args go to jest.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './build-state.mjs';

const args = process.argv.slice(2);
const CONFIGS = { '--corpus': 'jest.corpus.config.js', '--fast': 'jest.fast.config.js' };
const chosen = Object.keys(CONFIGS).filter((flag) => args.includes(flag));
if (chosen.length > 1) throw new Error(`Choose one of ${chosen.join(', ')}.`);
const config = chosen.length === 1 ? CONFIGS[chosen[0]] : 'jest.config.js';
const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
};
const child = spawn(
  process.execPath,
  [
    join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--config',
    join(root, config),
    ...args.filter((a) => !(a in CONFIGS)),
  ],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
