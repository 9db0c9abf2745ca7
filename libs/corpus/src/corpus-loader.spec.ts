import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { projectRoot } from '@parley/core';
import { CorpusManifestError, findCorpusDir, loadCorpus, type CorpusProblem } from './corpus-loader';

const PERSONAS = ['lenin', 'trotsky', 'stalin'];

const meta = (file: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  file,
  persona: 'lenin',
  author: 'V. I. Lenin',
  title: `Title of ${file}`,
  date: '1917-08',
  ...extra,
});

describe('loadCorpus', () => {
  let root: string;
  let dir: string;

  async function put(file: string, content: string | Buffer): Promise<void> {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), content);
  }

  async function manifest(entries: unknown): Promise<void> {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(entries));
  }

  const reasonFor = (problems: CorpusProblem[], source: string): string =>
    problems.find((p) => p.source === source)?.reason ?? `no problem reported for ${source}`;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'parley-corpus-'));
    dir = join(root, 'corpus');
    await mkdir(dir);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads good entries of every supported type as normalised text with its hash and metadata', async () => {
    await put('lenin/a.txt', '\ufeffThe state\r\nwithers away.   \r\n\r\n\r\n\r\nSecond paragraph.\r\n');
    await put('lenin/b.md', '# Heading\n\nSome *emphasised* text and a [link](https://example.org).\n');
    await put(
      'lenin/c.html',
      '<html><head><title>x</title></head><body><h2>Title</h2><p>Body &amp; soul.</p></body></html>',
    );
    await manifest([
      meta('lenin/a.txt', {
        published: '1918',
        source_url: 'https://www.marxists.org/x.htm',
        words: 6,
        kind: 'book',
      }),
      meta('lenin/b.md'),
      meta('lenin/c.html'),
    ]);
    const { documents, problems } = await loadCorpus(dir, { knownPersonas: PERSONAS });
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.source, d.text])).toEqual([
      ['lenin/a.txt', 'The state\nwithers away.\n\nSecond paragraph.'],
      ['lenin/b.md', 'Heading\n\nSome emphasised text and a link.'],
      ['lenin/c.html', 'Title\n\nBody & soul.'],
    ]);
    const a = documents[0];
    expect(a.sha256).toBe(createHash('sha256').update(a.text, 'utf8').digest('hex'));
    expect(a).toMatchObject({
      file: 'lenin/a.txt',
      persona: 'lenin',
      author: 'V. I. Lenin',
      date: '1917-08',
      published: '1918',
      kind: 'book',
      source_url: 'https://www.marxists.org/x.htm',
      words: 6,
    });
  });

  it('stores the text with glued note numbers and missing spaces repaired, unless asked to keep them', async () => {
    await put(
      'lenin/notes.txt',
      'Down with the imperialists.185 Though they win?Never.\n\nThe“Marxist” state.',
    );
    await put('lenin/notes.html', '<p>Down with the exploiters.150</p><p>Next.</p>');
    await manifest([meta('lenin/notes.txt'), meta('lenin/notes.html')]);
    const cleaned = await loadCorpus(dir, { knownPersonas: PERSONAS });
    expect(cleaned.documents.map((d) => d.text)).toEqual([
      'Down with the imperialists. Though they win? Never.\n\nThe “Marxist” state.',
      'Down with the exploiters.\n\nNext.',
    ]);
    const kept = await loadCorpus(dir, { knownPersonas: PERSONAS, keepSourceArtefacts: true });
    expect(kept.documents.map((d) => d.text)).toEqual([
      'Down with the imperialists.185 Though they win?Never.\n\nThe“Marxist” state.',
      'Down with the exploiters.150\n\nNext.',
    ]);
  });

  it('skips each bad entry with its path and reason, and loads the good ones', async () => {
    await put('lenin/good.txt', 'A good text.');
    await put('lenin/latin1.txt', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72])); // "Café noir" in Latin-1
    await put('lenin/empty.txt', ' \n\n\t\r\n ');
    await put('lenin/baddate.txt', 'Text.');
    await put('lenin/bukharin.txt', 'Text.');
    await put('lenin/huge.txt', '');
    await truncate(join(dir, 'lenin/huge.txt'), 50 * 1024 * 1024); // sparse: instant, and never read
    await writeFile(join(root, 'outside.txt'), 'Secret outside the corpus.');
    await manifest([
      meta('lenin/good.txt'),
      meta('lenin/missing.txt'),
      meta('lenin/latin1.txt'),
      meta('lenin/empty.txt'),
      meta('lenin/baddate.txt', { date: '1917-02-30' }),
      meta('lenin/bukharin.txt', { persona: 'bukharin' }),
      meta('lenin/huge.txt'),
      meta('../outside.txt'),
      meta(join(root, 'outside.txt')),
      meta('lenin/good.txt', { title: 'Again' }),
      42,
    ]);
    const { documents, problems } = await loadCorpus(dir, { knownPersonas: PERSONAS });
    expect(documents.map((d) => d.source)).toEqual(['lenin/good.txt']);
    expect(problems).toHaveLength(10);
    expect(reasonFor(problems, 'lenin/missing.txt')).toMatch(/file not found: .*lenin\/missing\.txt/);
    expect(reasonFor(problems, 'lenin/latin1.txt')).toMatch(/not valid UTF-8/);
    expect(reasonFor(problems, 'lenin/empty.txt')).toMatch(/empty after normalisation/);
    expect(reasonFor(problems, 'lenin/baddate.txt')).toMatch(
      /manifest entry 4 is invalid: date: must be a real date/,
    );
    expect(reasonFor(problems, 'lenin/bukharin.txt')).toMatch(/unknown persona "bukharin"/);
    expect(reasonFor(problems, 'lenin/huge.txt')).toMatch(
      /too large: 52428800 bytes, the limit is 10485760 bytes/,
    );
    expect(reasonFor(problems, '../outside.txt')).toMatch(/file: must not contain "\.\." segments/);
    expect(reasonFor(problems, join(root, 'outside.txt'))).toMatch(
      /file: must be relative to the corpus directory/,
    );
    expect(reasonFor(problems, 'lenin/good.txt')).toMatch(/duplicate manifest entry 9 .*first at entry 0/);
    expect(reasonFor(problems, 'manifest.json[10]')).toMatch(/manifest entry 10 is invalid/);
  });

  it('refuses a file that a symbolic link places outside the corpus', async () => {
    await writeFile(join(root, 'outside.txt'), 'Secret outside the corpus.');
    await mkdir(join(dir, 'lenin'));
    await symlink(join(root, 'outside.txt'), join(dir, 'lenin/link.txt'));
    await manifest([meta('lenin/link.txt')]);
    const { documents, problems } = await loadCorpus(dir, { knownPersonas: PERSONAS });
    expect(documents).toEqual([]);
    expect(problems[0].reason).toMatch(/resolves outside the corpus directory/);
  });

  it('applies a smaller size limit when asked', async () => {
    await put('lenin/a.txt', 'x'.repeat(2000));
    await manifest([meta('lenin/a.txt')]);
    const { problems } = await loadCorpus(dir, { knownPersonas: PERSONAS, maxFileBytes: 1000 });
    expect(problems[0].reason).toMatch(/too large: 2000 bytes, the limit is 1000 bytes/);
  });

  it('throws a clear error naming the manifest when it is missing, malformed or not an array', async () => {
    const path = join(dir, 'manifest.json');
    await expect(loadCorpus(dir, { knownPersonas: PERSONAS })).rejects.toThrow(
      new CorpusManifestError(`Corpus manifest ${path} does not exist.`),
    );
    await writeFile(path, '[{"file": ');
    await expect(loadCorpus(dir, { knownPersonas: PERSONAS })).rejects.toThrow(
      `Corpus manifest ${path} is not valid JSON`,
    );
    await writeFile(path, '{"file": "a.txt"}');
    await expect(loadCorpus(dir, { knownPersonas: PERSONAS })).rejects.toThrow(
      `Corpus manifest ${path} must be a JSON array`,
    );
  });
});

describe('findCorpusDir', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'parley-find-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('uses the configured directory when it holds a manifest', async () => {
    await writeFile(join(root, 'manifest.json'), '[]');
    expect(findCorpusDir(root)).toEqual({ dir: root, tried: [root] });
  });

  it('does not fall back when the configured directory has no manifest, and says where it looked', () => {
    expect(findCorpusDir(join(root, 'nowhere'))).toEqual({ dir: null, tried: [join(root, 'nowhere')] });
  });

  it('resolves a relative setting against the project root', () => {
    expect(findCorpusDir('some/relative/dir').tried).toEqual([join(projectRoot(), 'some/relative/dir')]);
  });

  it('looks in the project corpus folder, then in ../shared/corpus', () => {
    const found = findCorpusDir();
    const candidates = [join(projectRoot(), 'corpus'), resolve(projectRoot(), '..', 'shared', 'corpus')];
    expect(candidates.slice(0, found.tried.length)).toEqual(found.tried);
    if (found.dir !== null) expect(found.tried.at(-1)).toBe(found.dir);
    else expect(found.tried).toEqual(candidates);
  });

  it('looks in the data directory’s downloaded corpus last', async () => {
    await mkdir(join(root, 'corpus'));
    await writeFile(join(root, 'corpus', 'manifest.json'), '[]');
    const found = findCorpusDir(undefined, root);
    const candidates = [
      join(projectRoot(), 'corpus'),
      resolve(projectRoot(), '..', 'shared', 'corpus'),
      join(root, 'corpus'),
    ];
    expect(found.tried).toEqual(candidates.slice(0, found.tried.length));
    // Whichever place answered first, something was found: the data directory holds a corpus.
    expect(found.dir).toBe(found.tried.at(-1));
  });

  it('prefers a configured directory to the data directory’s corpus', async () => {
    await mkdir(join(root, 'corpus'));
    await writeFile(join(root, 'corpus', 'manifest.json'), '[]');
    await mkdir(join(root, 'mine'));
    await writeFile(join(root, 'mine', 'manifest.json'), '[]');
    expect(findCorpusDir(join(root, 'mine'), root)).toEqual({
      dir: join(root, 'mine'),
      tried: [join(root, 'mine')],
    });
  });
});
