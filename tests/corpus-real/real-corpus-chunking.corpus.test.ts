import { loadCorpus, type LoadedDocument } from '@parley/corpus';
import { countWords, splitClauses, splitSentences } from '@parley/text';
import { isSpokenByAuthor } from '../../libs/corpus/src/speaker-attribution';
import { chunkDocument, type Chunk } from '../../libs/corpus/src/text-chunker';
import { REAL_CORPUS } from './support/real-corpus-env';

// Chunking properties on the real corpus (found as the app finds it; `npm run test:corpus` fails without it).
const HARD_MAX = 300;

const LABOR_PARTY = 'trotsky/on-the-labor-party-question-in-the-united-states-1938.txt';
const STATE_AND_REVOLUTION = 'lenin/the-state-and-revolution.txt';

/** A chunk's paragraphs that open with a `Name:` label, and the names. */
function labelsIn(c: Chunk): string[] {
  return c.text
    .split(/\n\n/)
    .map((p) => /^(Trotsky|Cannon|Dunne|Shachtman|Question)[:;]/.exec(p)?.[1])
    .filter((n): n is string => n !== undefined);
}

describe('the real corpus', () => {
  let documents: LoadedDocument[];
  let chunks: Map<string, Chunk[]>;

  beforeAll(async () => {
    const loaded = await loadCorpus(REAL_CORPUS, { knownPersonas: ['lenin', 'trotsky', 'stalin'] });
    expect(loaded.problems).toEqual([]);
    documents = loaded.documents;
    chunks = new Map(documents.map((d) => [d.source, chunkDocument(d.text)]));
  });

  it('loads and chunks every document', () => {
    expect(documents.length).toBeGreaterThanOrEqual(40);
    const all = [...chunks.values()].flat();
    const words = all.map((c) => countWords(c.text));
    if (process.env.CORPUS_STATS) {
      console.log(
        `${documents.length} documents, ${all.length} chunks, ` +
          `${(words.reduce((a, b) => a + b, 0) / words.length).toFixed(1)} words per chunk on average, ` +
          `max ${Math.max(...words)}, min ${Math.min(...words)}`,
      );
    }
  });

  it('gives every chunk of every document the exact text at its offsets, in order, covering the document', () => {
    for (const doc of documents) {
      let at = 0;
      for (const c of chunks.get(doc.source)!) {
        expect(doc.text.slice(c.start, c.end)).toBe(c.text);
        expect(doc.text.slice(at, c.start).trim()).toBe('');
        at = c.end;
      }
      expect(doc.text.slice(at).trim()).toBe('');
    }
  });

  it('keeps every chunk within the hard maximum unless it is one unsplittable sentence', () => {
    for (const c of [...chunks.values()].flat()) {
      if (countWords(c.text) <= HARD_MAX) continue;
      const spans = splitSentences(c.text);
      expect(spans).toHaveLength(1);
      expect(splitClauses(c.text, spans[0])).toHaveLength(1);
    }
  });

  it('attributes the Labor Party discussions to their speakers without ever mixing two in a chunk', () => {
    const labor = chunks.get(LABOR_PARTY)!;
    const speakers = new Set(labor.map((c) => c.speaker));
    for (const name of ['Trotsky', 'Cannon', 'Dunne', 'Shachtman', 'Question'])
      expect(speakers).toContain(name);
    for (const c of labor) {
      const labels = labelsIn(c);
      expect(new Set(labels).size).toBeLessThanOrEqual(1);
      if (labels.length > 0) expect(c.speaker).toBe(labels[0]);
    }
    // Dunne's question typed with a semicolon ("Dunne; I wanted to ask…") is Dunne's, not Trotsky's.
    const dunne = labor.find((c) => c.text.startsWith('Dunne; I wanted to ask'));
    expect(dunne?.speaker).toBe('Dunne');
    const trotskys = labor.filter((c) => isSpokenByAuthor(c.speaker, 'trotsky', 'Leon Trotsky'));
    expect(trotskys.length).toBeGreaterThan(labor.length / 2);
    expect(trotskys.every((c) => c.speaker === 'Trotsky')).toBe(true);
  });

  it('gives no speaker to the chunks of documents that are not transcripts', () => {
    for (const [source, list] of chunks) {
      if (source !== LABOR_PARTY) expect(list.every((c) => c.speaker === null)).toBe(true);
    }
  });

  it('finds the chapter and section headings of The State and Revolution and opens each section with its heading', () => {
    const state = chunks.get(STATE_AND_REVOLUTION)!;
    const headings = new Set(state.map((c) => c.heading));
    for (const h of [
      'Preface to the First Edition',
      'Chapter 2: The Experience of 1848-51 — 1. The Eve of Revolution',
      '2. The Revolution Summed Up',
      '3. Abolition of Parliamentarism',
      'Chapter 5: The Economic Basis of the Withering Away of the State',
      '4. The Higher Phase of Communist Society',
    ]) {
      expect(headings).toContain(h);
    }
    for (const [i, c] of state.entries()) {
      if (c.heading !== null && state[i - 1]?.heading !== c.heading) {
        expect(c.text.startsWith(c.heading.split(' — ')[0])).toBe(true);
        expect(countWords(c.text)).toBeGreaterThan(countWords(c.heading));
      }
    }
  });
});
