import { corpusPathProblem, dateRange, isValidCorpusDate, ManifestEntrySchema } from './manifest.schema';

const entry = {
  file: 'lenin/the-state-and-revolution.txt',
  persona: 'lenin',
  author: 'V. I. Lenin',
  title: 'The State and Revolution',
  date: '1917-08',
};

describe('ManifestEntrySchema', () => {
  it('accepts an entry shaped like the real manifest, with every optional field', () => {
    const full = {
      ...entry,
      published: '1918',
      kind: 'book',
      translator: 'Someone',
      source_url: 'https://www.marxists.org/archive/lenin/works/1917/staterev/',
      origin: { repo: 'owner/repo', path: 'a/b.md', commit: 'abc' },
      license: 'unknown',
      words: 12,
      sha256: 'a'.repeat(64),
    };
    expect(ManifestEntrySchema.parse(full)).toEqual(full);
  });

  it('accepts only the minimal fields', () => {
    expect(ManifestEntrySchema.safeParse(entry).success).toBe(true);
  });

  it.each([
    ['a missing title', { ...entry, title: undefined }],
    ['an empty author', { ...entry, author: '  ' }],
    ['an impossible day', { ...entry, date: '1917-02-30' }],
    ['a thirteenth month', { ...entry, date: '1917-13' }],
    ['a free-text date', { ...entry, date: 'autumn 1917' }],
    ['a bad publication date', { ...entry, published: '19-1-1' }],
    ['a javascript: url', { ...entry, source_url: 'javascript:alert(1)' }],
    ['a negative word count', { ...entry, words: -1 }],
    ['a short sha256', { ...entry, sha256: 'abc' }],
  ])('rejects %s', (_why, input) => {
    expect(ManifestEntrySchema.safeParse(input).success).toBe(false);
  });

  it.each([
    '../x.txt',
    'lenin/../../etc/passwd.txt',
    '/etc/passwd.txt',
    'C:/corpus/x.txt',
    'lenin\\..\\x.txt',
    'lenin//x.txt',
    './x.txt',
    'lenin/x.pdf',
    'lenin/x',
    '.txt',
    'x.txt\u0000.html',
  ])('rejects the unsafe or unsupported path %j', (file) => {
    expect(corpusPathProblem(file)).not.toBeNull();
    expect(ManifestEntrySchema.safeParse({ ...entry, file }).success).toBe(false);
  });

  it.each(['a.txt', 'lenin/a.md', 'x/y/z.MARKDOWN', 'stalin/the-press.html', 'p/q.htm', 'lenin/..notes.txt'])(
    'accepts the corpus-relative path %j',
    (file) => {
      expect(corpusPathProblem(file)).toBeNull();
    },
  );
});

describe('dates', () => {
  it('knows leap years', () => {
    expect(isValidCorpusDate('1916-02-29')).toBe(true);
    expect(isValidCorpusDate('1917-02-29')).toBe(false);
    expect(isValidCorpusDate('1900-02-29')).toBe(false);
    expect(isValidCorpusDate('2000-02-29')).toBe(true);
  });

  it('gives the first and last day a year, a month or a day can mean', () => {
    expect(dateRange('1917')).toEqual({ from: '1917-01-01', to: '1917-12-31' });
    expect(dateRange('1917-11')).toEqual({ from: '1917-11-01', to: '1917-11-30' });
    expect(dateRange('1916-02')).toEqual({ from: '1916-02-01', to: '1916-02-29' });
    expect(dateRange('1917-02')).toEqual({ from: '1917-02-01', to: '1917-02-28' });
    expect(dateRange('1917-11-07')).toEqual({ from: '1917-11-07', to: '1917-11-07' });
  });

  it('refuses to give a range for an invalid date', () => {
    expect(() => dateRange('1917-04-31')).toThrow(/invalid corpus date/);
  });
});
