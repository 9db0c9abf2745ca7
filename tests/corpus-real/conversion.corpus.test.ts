import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertDocument, loadCatalog, sixWordOverlap } from '@parley/corpus';
import { SHARED_CORPUS_DIR, SHARED_ORIGIN_DIR, readOriginFile } from './support/origin-corpus';

// Each document converted from its byte-exact origin files must hold the same words as the shared corpus text:
// at least this share of either's 6-word sequences found in the other (nothing missing, nothing foreign).
const MIN_OVERLAP = 0.98;

describe('converting the catalogue from its origin files', () => {
  beforeAll(() => {
    if (!existsSync(SHARED_ORIGIN_DIR) || !existsSync(join(SHARED_CORPUS_DIR, 'manifest.json')))
      throw new Error(`this suite needs ${SHARED_ORIGIN_DIR} and ${SHARED_CORPUS_DIR} beside the project`);
  });

  const catalog = loadCatalog();

  it.each(catalog.documents.map((d) => [d.file, d] as const))(
    '%s matches the corpus text word for word',
    (_file, doc) => {
      const contents = doc.origin.files.map((f) =>
        readOriginFile(doc.origin.repo, doc.origin.commit, f.path),
      );
      const converted = convertDocument(doc, contents);
      // CONVERSION_DUMP_DIR=dir keeps each converted text there, to compare by hand with the corpus file.
      const dump = process.env.CONVERSION_DUMP_DIR;
      if (dump) {
        mkdirSync(join(dump, doc.persona), { recursive: true });
        writeFileSync(join(dump, doc.file), converted);
      }
      const expected = readFileSync(join(SHARED_CORPUS_DIR, doc.file), 'utf8');
      const { aInB: missing, bInA: foreign } = sixWordOverlap(expected, converted);
      process.stderr.write(
        `${doc.file}\tcorpus-in-converted ${missing.toFixed(4)}\tconverted-in-corpus ${foreign.toFixed(4)}\n`,
      );
      expect({ corpusFound: missing >= MIN_OVERLAP, convertedFound: foreign >= MIN_OVERLAP }).toEqual({
        corpusFound: true,
        convertedFound: true,
      });
    },
  );
});
