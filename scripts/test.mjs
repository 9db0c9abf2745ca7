// `npm test`: jest with the VM-modules flag PGlite needs for its dynamic imports. Extra args go to jest.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './build-state.mjs';

const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
};
const child = spawn(
  process.execPath,
  [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...process.argv.slice(2)],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
