// Carries the offset gold of eval datasets (`{ file, start, end }`) from the text as it was ingested before the
// source-artefact cleanup (libs/corpus/src/source-artefacts.ts) to the text ingested now, through the cleanup's own
// edits: a mechanical map of numbers, no judgement of items. It is for datasets whose offsets refer to the text with
// no cleanup at all; offsets that already refer to the cleaned text are refused (they would be shifted twice).
//
//   node scripts/remap-gold-offsets.mjs [--check] [--corpus DIR] eval/validation.json eval/test.json
//
// --check prints how many spans would move and writes nothing. Only the numbers of the `"start"`/`"end"` pairs
// change in the file (its formatting stays); the result is checked against a structural remap of the parsed file.
// Nothing of an item but its gold file name is read or printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { root, serverIsStale, buildServer } from './build-state.mjs';

const args = process.argv.slice(2);
const check = args.includes('--check');
const corpusAt = args.indexOf('--corpus');
const corpusDir = resolve(
  corpusAt >= 0 ? args[corpusAt + 1] : (process.env.CORPUS_DIR ?? join(root, '..', 'shared', 'corpus')),
);
const files = args.filter((a, i) => !a.startsWith('--') && (corpusAt < 0 || i !== corpusAt + 1));
if (files.length === 0) {
  process.stderr.write(
    'usage: node scripts/remap-gold-offsets.mjs [--check] [--corpus DIR] DATASET.json...\n',
  );
  process.exit(2);
}

if (serverIsStale()) buildServer();
const require = createRequire(import.meta.url);
const { loadCorpus, cleanSourceArtefacts, mapOffset } = require(join(root, 'dist/libs/corpus/src/index.js'));

// Every persona the manifest names: the gold may point into any document of the corpus.
const manifest = JSON.parse(readFileSync(join(corpusDir, 'manifest.json'), 'utf8'));
const knownPersonas = [...new Set(manifest.map((entry) => entry.persona))];
const before = await loadCorpus(corpusDir, { knownPersonas, keepSourceArtefacts: true });
const after = await loadCorpus(corpusDir, { knownPersonas });
const current = new Map(after.documents.map((d) => [d.source, d.text]));
const previous = new Map(before.documents.map((d) => [d.source, d.text]));
/** Per document: the cleanup's edits, checked to turn the old text into the stored one. */
const editsOf = new Map();
for (const doc of before.documents) {
  const cleaned = cleanSourceArtefacts(doc.text);
  if (cleaned.text !== current.get(doc.source))
    throw new Error(`${doc.source}: the cleanup does not give the stored text`);
  editsOf.set(doc.source, cleaned.edits);
}

const withoutSpaces = (s) => s.replace(/\s/g, '');

/** The old span's characters less the digits the cleanup removed inside it, without whitespace. */
function keptCharacters(file, start, end) {
  let kept = previous.get(file).slice(start, end);
  for (const e of [...editsOf.get(file)].reverse()) {
    if (e.remove > 0 && e.at >= start && e.at + e.remove <= end)
      kept = kept.slice(0, e.at - start) + kept.slice(e.at + e.remove - start);
  }
  return withoutSpaces(kept);
}

const LETTER = /[\p{L}\p{N}]/u;

/** True when `[start, end)` of `text` starts and ends on a word boundary with no space at either end. */
function onWordBoundaries(text, start, end) {
  const inWord = (at) => LETTER.test(text[at - 1] ?? ' ') && LETTER.test(text[at] ?? ' ');
  return /^\S[\s\S]*\S$/.test(text.slice(start, end)) && !inWord(start) && !inWord(end);
}

function remap(file, start, end) {
  const edits = editsOf.get(file);
  if (!edits) throw new Error(`gold names ${file}, which is not in ${corpusDir}`);
  // Gold spans are whole words of the text they refer to: one that is not, in the uncleaned text, most likely
  // refers to the cleaned text already (a second run) and would be shifted twice.
  if (!onWordBoundaries(previous.get(file), start, end))
    throw new Error(
      `${file} ${start}-${end} is not on word boundaries of the uncleaned text: already remapped?`,
    );
  const to = { start: mapOffset(edits, start, 'start'), end: mapOffset(edits, end, 'end') };
  // The span must hold the same characters as before, less removed note digits and give or take spaces.
  if (withoutSpaces(current.get(file).slice(to.start, to.end)) !== keptCharacters(file, start, end))
    throw new Error(`${file} ${start}-${end}: the remapped span does not hold the same text`);
  if (!onWordBoundaries(current.get(file), to.start, to.end))
    throw new Error(`${file} ${start}-${end} maps to ${to.start}-${to.end}, which is not on word boundaries`);
  return to;
}

const GOLD_SPAN = /("file"\s*:\s*"([^"\\]+)"\s*,\s*"start"\s*:\s*)(\d+)(\s*,\s*"end"\s*:\s*)(\d+)/g;

for (const path of files) {
  const raw = readFileSync(path, 'utf8');
  let spans = 0;
  let moved = 0;
  const text = raw.replace(GOLD_SPAN, (_m, head, file, start, mid, end) => {
    const to = remap(file, Number(start), Number(end));
    spans += 1;
    if (to.start !== Number(start) || to.end !== Number(end)) moved += 1;
    return `${head}${to.start}${mid}${to.end}`;
  });
  // The textual edit must equal a remap of the parsed items, so no gold span was missed or misread.
  const expected = JSON.parse(raw).map((item) => ({
    ...item,
    gold: item.gold.map((g) => ('start' in g ? { ...g, ...remap(g.file, g.start, g.end) } : g)),
  }));
  if (!isDeepStrictEqual(JSON.parse(text), expected))
    throw new Error(`${path}: a gold span was not remapped`);
  process.stdout.write(`${path}: ${moved} of ${spans} offset spans ${check ? 'would move' : 'moved'}\n`);
  if (!check && text !== raw) writeFileSync(path, text);
}
