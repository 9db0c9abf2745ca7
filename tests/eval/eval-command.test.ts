import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalType } from '../../apps/cli/src/eval/eval-dataset.schema';
import {
  locateGold,
  summariseRetrieval,
  type RetrievalSummary,
  type Span,
} from '../../apps/cli/src/eval/eval-metrics';
import type { AnswerSummary } from '../../apps/cli/src/eval/answer-evaluation';
import { CLI_MAIN, NodeProcess } from '../faults/support/node-process';
import { subsetCorpus, tempDataDir } from '../support/test-env';
import { FIXTURE_DOCS, FIXTURE_PERSONAS, FOUNDER, SECRETARY } from '../support/fixture-corpus';

// `npm run eval` as a user runs it (the CLI in its own process, embedded database, offline defaults) on a small
// corpus: the --out lines and the summary follow DESIGN.md's evaluation contract, the summary's recall is the
// one the lines show, and a bad dataset is refused with its problems before anything runs.

// Eight of the founder's documents and one of the secretary's.
const FILES = [
  FIXTURE_DOCS.programme,
  FIXTURE_DOCS.sources,
  FIXTURE_DOCS.report,
  FIXTURE_DOCS.interview,
  FIXTURE_DOCS.banks,
  FIXTURE_DOCS.youth,
  FIXTURE_DOCS.women,
  FIXTURE_DOCS.letter,
  FIXTURE_DOCS.farms,
];

interface Line {
  item: Record<string, unknown>;
  retrieved: (Span & { rank: number })[];
  answer?: { refusal: string | null; citations: (Span & { marker: number })[] };
}
interface Report {
  items: number;
  retrieval: RetrievalSummary[];
  answers: Pick<
    AnswerSummary,
    'items' | 'refusalAccuracy' | 'declinedRate' | 'answeredRate' | 'falseRefusalRate'
  > | null;
}

const work = tempDataDir('parley-eval-');
const corpus = subsetCorpus(FILES);
const text = (file: string) => readFileSync(join(corpus, file), 'utf8');

// Gold passages are found in the corpus when the test runs: no corpus text is written into the repository.
const womensDay = text(FIXTURE_DOCS.women);
const firstParagraph = { start: 0, end: womensDay.indexOf('\n\n') };
const letter = text(FIXTURE_DOCS.letter);
const letterSentence = letter.slice(letter.indexOf('\n\n') + 2).split(/(?<=[.!?])\s/)[0];

const DATASET = [
  {
    persona: FOUNDER,
    question: 'What did you say about the position of working women?',
    type: 'opinion',
    gold: [{ file: FIXTURE_DOCS.women, ...firstParagraph }],
    note: 'extra fields are echoed',
  },
  {
    persona: FOUNDER,
    question: 'What did you urge the Central Committee members to do that evening?',
    type: 'factual',
    gold: [{ file: FIXTURE_DOCS.letter, quote: letterSentence }],
  },
  {
    persona: FOUNDER,
    question: 'What did the banks do after nationalisation?',
    type: 'factual',
    // Past the end of its document: reported, and the item then counts as having no gold passage.
    gold: [{ file: FIXTURE_DOCS.banks, start: 0, end: 10_000_000 }],
  },
  {
    persona: FOUNDER,
    question: 'What do you make of the fall of the Berlin Wall in 1989?',
    type: 'anachronism',
  },
  { persona: SECRETARY, question: 'How many legs does a spider have?', type: 'offtopic' },
];

function evalRun(args: string[]): NodeProcess {
  return new NodeProcess(CLI_MAIN, ['eval', ...args], {
    NODE_ENV: 'production',
    DATA_DIR: work,
    PGLITE_DATA_DIR: join(work, 'pglite'),
    CORPUS_DIR: corpus,
    DATABASE_URL: undefined,
    OPENAI_API_KEY: undefined,
    EMBEDDINGS: 'glove',
  });
}

async function finished(p: NodeProcess): Promise<number | null> {
  return (await p.exited).code;
}

function readLines(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

/** Gold spans of an item, located in the test's copy of the corpus. */
function goldSpans(item: (typeof DATASET)[number]): Span[] {
  const gold = item.gold ?? [];
  return locateGold(gold, new Map(gold.map((g) => [g.file, text(g.file)]))).spans;
}

describe('npm run eval', () => {
  const datasetFile = join(work, 'dataset.json');

  beforeAll(() => {
    writeFileSync(datasetFile, JSON.stringify(DATASET, null, 1));
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(corpus, { recursive: true, force: true });
  });

  it('--retrieval-only writes one line per item with the top ten passages in rank order and no answer', async () => {
    const out = join(work, 'retrieval.jsonl');
    const run = evalRun(['--dataset', datasetFile, '--out', out, '--json', '--retrieval-only']);
    expect(await finished(run)).toBe(0);
    expect(run.output).toContain(`gold passage not found in the corpus: ${FIXTURE_DOCS.banks}: 0-10000000`);

    const lines = readLines(out);
    expect(lines.map((l) => l.item)).toEqual(DATASET);
    for (const line of lines) {
      expect(line).not.toHaveProperty('answer');
      // Ten or more for the founder; the secretary has one document here, so two passages at most.
      const persona = line.item.persona as string;
      const ofPersona = FILES.filter((f) => f.startsWith(`${persona}/`));
      expect(line.retrieved.length).toBeGreaterThanOrEqual(Math.min(10, 2 * ofPersona.length));
      expect(line.retrieved.map((r) => r.rank)).toEqual(line.retrieved.map((_, i) => i + 1));
      // A persona searches only its own documents.
      for (const r of line.retrieved) expect(ofPersona).toContain(r.source);
      // Distinct passages (retrieval has no per-document cap, but never returns a passage twice).
      const spans = line.retrieved.map((r) => `${r.source}:${r.start}`);
      expect(new Set(spans).size).toBe(spans.length);
    }

    const report = JSON.parse(run.stdout) as Report;
    expect(report.items).toBe(DATASET.length);
    expect(report.answers).toBeNull();
    expect(report.retrieval.map((r) => r.mode)).toEqual(['hybrid', 'vector', 'text', 'bm25']);
    // Answerable items with a gold passage found in the corpus: the first two (the third's lies past its end).
    const answerable = [0, 1];
    for (const r of report.retrieval) expect(r.items).toBe(answerable.length);

    // The summary is the one the --out lines give.
    const items = DATASET.map((d) => ({ type: d.type as EvalType }));
    const ranked = lines.map((l) => l.retrieved);
    expect(report.retrieval[0]).toEqual(summariseRetrieval('hybrid', items, ranked, DATASET.map(goldSpans)));
    for (const r of report.retrieval) {
      expect(r.documentRecallAt10).toBeGreaterThanOrEqual(r.recallAt10 ?? 0);
      expect(r.documentRecallAt10).toBeGreaterThanOrEqual(r.documentRecallAt5 ?? 0);
    }
  }, 240_000);

  it('answers every item and scores refusals by type', async () => {
    const out = join(work, 'answers.jsonl');
    const run = evalRun(['--dataset', datasetFile, '--out', out, '--json']);
    expect(await finished(run)).toBe(0);
    const lines = readLines(out);
    expect(lines).toHaveLength(DATASET.length);
    expect(lines.map((l) => l.answer?.refusal)).toEqual([
      expect.not.stringMatching(/anachronism|off_topic/),
      expect.not.stringMatching(/anachronism|off_topic/),
      expect.not.stringMatching(/anachronism|off_topic/),
      'anachronism',
      'off_topic',
    ]);
    // Citations point into the documents with offsets the corpus confirms.
    for (const line of lines)
      for (const c of line.answer?.citations ?? []) {
        expect(FILES).toContain(c.source);
        expect(c.end).toBeGreaterThan(c.start);
        expect(c.end).toBeLessThanOrEqual(text(c.source).length);
      }
    const report = JSON.parse(run.stdout) as Report;
    expect(report.answers?.items).toBe(DATASET.length);
    expect(report.answers?.refusalAccuracy).toMatchObject({ anachronism: 1, offtopic: 1 });
    // Declined for any reason: at least as often as declined as expected, and only for the types that expect it.
    expect(report.answers?.declinedRate).toMatchObject({ anachronism: 1, offtopic: 1 });
    expect(Object.keys(report.answers?.declinedRate ?? {})).not.toContain('factual');
    // Coverage and false refusals split the answerable items between them.
    expect((report.answers?.answeredRate ?? 0) + (report.answers?.falseRefusalRate ?? 0)).toBeCloseTo(1, 9);
  }, 240_000);

  it('refuses a dataset it cannot use, saying which items are wrong, before anything runs', async () => {
    const bad = join(work, 'bad.json');
    // Items 2 and 3 are well formed but name no persona, or a date outside the founder's life; item 4 breaks the schema.
    const wellFormed = [
      DATASET[0],
      { ...DATASET[0], persona: 'napoleon' },
      { ...DATASET[0], asOf: '1999-01-01' },
    ];
    writeFileSync(bad, JSON.stringify([...wellFormed, { ...DATASET[0], type: 'trivia' }]));
    const schema = evalRun(['--dataset', bad]);
    expect(await finished(schema)).toBe(2);
    expect(schema.output).toContain(`Dataset ${bad} cannot be used:`);
    expect(schema.output).toMatch(/item 4: type: /);
    expect(schema.output).not.toContain('    at '); // a message, not a stack trace

    writeFileSync(bad, JSON.stringify(wellFormed));
    const personas = evalRun(['--dataset', bad]);
    expect(await finished(personas)).toBe(2);
    expect(personas.output).toMatch(/item 2: There is no persona "napoleon"\. Known personas: [a-z, ]+\./);
    expect(personas.output).toContain(
      `item 3: ${FIXTURE_PERSONAS.founder.name} can only speak as of a date between`,
    );
    expect(personas.output).not.toContain('Ingest');

    const missing = evalRun(['--dataset', join(work, 'no-such-file.json')]);
    expect(await finished(missing)).toBe(2);
    expect(missing.output).toMatch(/cannot read it: ENOENT/);
  }, 240_000);

  it('refuses a retrieval tuning it cannot use, naming each bad field, before anything runs', async () => {
    const run = evalRun(['--dataset', datasetFile, '--tuning', '{"documentWeight":2,"vectorWieght":1}']);
    expect(await finished(run)).toBe(2);
    expect(run.output).toMatch(/--tuning cannot be used: .*documentWeight.*vectorWieght/);
    expect(run.output).not.toContain('Ingest');
    const notJson = evalRun(['--dataset', datasetFile, '--tuning', '{vectorWeight: 1}']);
    expect(await finished(notJson)).toBe(2);
    expect(notJson.output).toContain('--tuning cannot be used: not JSON');
  }, 240_000);
});
