import { parseConfig } from '@parley/config';
import { openDatabase } from './database.provider';

describe('the embedded database’s shared buffers', () => {
  it('are what PGLITE_SHARED_BUFFERS says, and 32MB without it', async () => {
    for (const [env, expected] of [
      [{ PGLITE_SHARED_BUFFERS: '48MB' }, '48MB'],
      [{}, '32MB'],
    ] as const) {
      const handle = await openDatabase(parseConfig({ PGLITE_DATA_DIR: 'memory://', ...env }));
      try {
        const [row] = await handle.database.query<{ shared_buffers: string }>('SHOW shared_buffers');
        expect(row.shared_buffers).toBe(expected);
      } finally {
        await handle.close();
      }
    }
  });

  it('take a size with its unit only', () => {
    for (const bad of ['128', '128 MB', '0MB', 'lots'])
      expect(() => parseConfig({ PGLITE_SHARED_BUFFERS: bad })).toThrow(/PGLITE_SHARED_BUFFERS/);
    expect(parseConfig({ PGLITE_SHARED_BUFFERS: '1GB' }).PGLITE_SHARED_BUFFERS).toBe('1GB');
  });
});
