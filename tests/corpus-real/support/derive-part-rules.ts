// Dev tool, not a test: proposes sources/catalog-parts.json by comparing each converted origin file with the
// shared corpus text, paragraph by paragraph. Its output is reviewed by hand before it is committed.
// Run: npx jest --testMatch '**/derive-part-rules.ts' -- tests/corpus-real/support/derive-part-rules.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { words } from '@parley/text';
import {
  applyPartRule,
  convertOriginFile,
  paragraphMarker,
} from '../../../libs/corpus/src/acquire/convert-document';
import { buildCatalog } from '../../../libs/corpus/src/acquire/catalog-builder';
import type { ParagraphMarker, PartRule } from '../../../libs/corpus/src/acquire/catalog.schema';
import { SHARED_CORPUS_DIR, readOriginFile } from './origin-corpus';

const OUT = process.env.DERIVE_OUT ?? '/tmp/catalog-parts.proposed.json';
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const isBracketed = (p: string): boolean => /^\[[^]*\]$/.test(p);

function grams(ws: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 6 <= ws.length; i++) out.push(ws.slice(i, i + 6).join(' '));
  return out;
}

/** The marker of paragraph `index`: the shortest opening (of at least four words, or the whole paragraph) that no
 * earlier paragraph from `from` on shares, as a fingerprint, so the proposed rules carry no text. */
function marker(paragraphs: string[], index: number, from: number): ParagraphMarker {
  const ws = paragraphs[index].split(' ');
  for (let n = Math.min(4, ws.length); n <= ws.length; n++) {
    const m = ws.slice(0, n).join(' ');
    if (m.length < 2) continue;
    const first = paragraphs.findIndex((p, i) => i >= from && p.startsWith(m));
    if (first === index && (n >= 4 || n === ws.length)) return paragraphMarker(m, Math.min(200, m.length));
  }
  return paragraphMarker(paragraphs[index], Math.min(200, paragraphs[index].length));
}

// Also rebuilds sources/catalog.json from the committed rules, as `npm run corpus:catalog` does.
test('build the catalogue', () => {
  const read = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8')) as unknown;
  const catalog = buildCatalog(
    read(join(SHARED_CORPUS_DIR, 'manifest.json')),
    read(join(SHARED_CORPUS_DIR, 'origin-files.json')),
    read(join(projectRoot(), 'sources', 'catalog-parts.json')),
  );
  writeFileSync(join(projectRoot(), 'sources', 'catalog.json'), `${JSON.stringify(catalog, null, 2)}\n`);
});

test('derive part rules', () => {
  const manifest = JSON.parse(readFileSync(join(SHARED_CORPUS_DIR, 'manifest.json'), 'utf8')) as unknown;
  const origin = JSON.parse(readFileSync(join(SHARED_CORPUS_DIR, 'origin-files.json'), 'utf8')) as unknown;
  const catalog = buildCatalog(manifest, origin, {});
  const proposed: Record<string, Record<string, PartRule>> = {};
  for (const doc of catalog.documents) {
    const corpusWords = words(readFileSync(join(SHARED_CORPUS_DIR, doc.file), 'utf8'));
    const corpusGrams = new Set(grams(corpusWords));
    const corpusString = ` ${corpusWords.join(' ')} `;
    for (const file of doc.origin.files) {
      const text = convertOriginFile(
        readOriginFile(doc.origin.repo, doc.origin.commit, file.path),
        doc.format,
      );
      const paragraphs = text.split(/\n{2,}/).map(squash);
      const inCorpus = paragraphs.map((p) => {
        const ws = words(p);
        const g = grams(ws);
        if (g.length === 0) return ws.length > 0 && corpusString.includes(` ${ws.join(' ')} `);
        return g.filter((x) => corpusGrams.has(x)).length / g.length >= 0.5;
      });
      const bracketedForeign = paragraphs.filter((p, i) => isBracketed(p) && !inCorpus[i]).length;
      const bracketedKept = paragraphs.filter((p, i) => isBracketed(p) && inCorpus[i]).length;
      const dropBracketed = bracketedForeign > 0 && bracketedKept === 0;
      const neutral = (i: number): boolean => dropBracketed && isBracketed(paragraphs[i]);
      const first = inCorpus.findIndex((k, i) => k && !neutral(i));
      let last = -1;
      for (let i = 0; i < paragraphs.length; i++) if (inCorpus[i] && !neutral(i)) last = i;
      if (first < 0) {
        console.warn(`${doc.file} ${file.path}: nothing of this file is in the corpus`);
        continue;
      }
      const rule: PartRule = {};
      if (first > 0) rule.from = marker(paragraphs, first, 0);
      if (last < paragraphs.length - 1) rule.until = marker(paragraphs, last + 1, first + 1);
      const drops: { from: ParagraphMarker; until?: ParagraphMarker }[] = [];
      let at = first;
      for (let i = first; i <= last; i++) {
        if (inCorpus[i] || neutral(i)) continue;
        let j = i;
        while (j + 1 <= last && (!inCorpus[j + 1] || neutral(j + 1))) j++;
        const from = marker(paragraphs, i, at);
        drops.push(j === i ? { from } : { from, until: marker(paragraphs, j + 1, i + 1) });
        at = j + 1;
        i = j;
      }
      if (drops.length) rule.drop = drops;
      if (dropBracketed) rule.dropBracketed = true;
      if (Object.keys(rule).length === 0) continue;
      // Check that the proposal is read back as meant.
      applyPartRule(text, rule);
      (proposed[doc.file] ??= {})[file.path] = rule;
      console.log(
        `${doc.file} ${file.path}: ${paragraphs.length} paragraphs, keep ${first}..${last}, ${drops.length} drops`,
      );
    }
  }
  writeFileSync(OUT, `${JSON.stringify(proposed, null, 2)}\n`);
});
