import { dateRange, loadCorpus, type LoadedDocument } from '@parley/corpus';
import { PersonaRegistry, Timeline } from '@parley/personas';
import { splitSentences } from '@parley/text';
import { REAL_CORPUS } from './support/real-corpus-env';

// A timeline alias that occurs in a text written before its event could be known names something else (an
// earlier war, a common phrase): a student quoting that text back would be refused as asking about the future.
// This checks every alias against every sentence of the real corpus, using only the documents' own dates.

interface Misfire {
  document: string;
  written: string;
  event: string;
  knowable: string;
  alias: string;
  sentence: string;
}

// Parts of a document written after both its date and its first publication, from the text itself.
const LATER_PARTS: Record<string, { until: string; part: string }> = {
  'lenin/imperialism-the-highest-stage-of-capitalism.txt': {
    until: '1920-07-06',
    part: 'the preface to the French and German editions',
  },
};

/**
 * The last day on which the text can have been written: the latest day its date or its publication can mean (a
 * congress report dated by its first day, a collection dated by its first essay), or a later part it holds. A text
 * published long after it was written is thereby checked only against events after its publication.
 */
function writtenBy(doc: LoadedDocument): string {
  const bounds = [dateRange(doc.date).to];
  if (doc.published) bounds.push(dateRange(doc.published).to);
  const later = LATER_PARTS[doc.source];
  if (later) bounds.push(later.until);
  return bounds.reduce((a, b) => (a > b ? a : b));
}

function misfiresIn(doc: LoadedDocument, timeline: Timeline): Misfire[] {
  const written = writtenBy(doc);
  const found: Misfire[] = [];
  for (const span of splitSentences(doc.text)) {
    const sentence = doc.text.slice(span.start, span.end);
    for (const m of timeline.mentionsIn(sentence, { everyday: true })) {
      const knowable = timeline.knowableFrom(m.event);
      if (knowable > written) {
        found.push({ document: doc.source, written, event: m.event.id, knowable, alias: m.alias, sentence });
      }
    }
  }
  return found;
}

function describeMisfires(misfires: Misfire[]): string {
  return misfires
    .map(
      (f) =>
        `${f.document} (written by ${f.written}): alias "${f.alias}" of ${f.event} (knowable from ${f.knowable}) ` +
        `matches: ${f.sentence.replace(/\s+/g, ' ').slice(0, 200)}`,
    )
    .join('\n');
}

describe('the timeline against the real corpus', () => {
  const timeline = Timeline.load();
  let documents: LoadedDocument[] = [];

  beforeAll(async () => {
    // REAL_CORPUS: CORPUS_DIR, ./corpus or ../shared/corpus, as the app finds it (importing it fails without one).
    const corpus = await loadCorpus(REAL_CORPUS, { knownPersonas: PersonaRegistry.load().ids() });
    documents = corpus.documents;
  });

  it('reads the documents of the real corpus', () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it('names no later event with an alias that a persona wrote before that event could be known', () => {
    const misfires = documents.flatMap((doc) => misfiresIn(doc, timeline));
    if (misfires.length > 0)
      throw new Error(`aliases that fire on earlier texts:\n${describeMisfires(misfires)}`);
  });
});
