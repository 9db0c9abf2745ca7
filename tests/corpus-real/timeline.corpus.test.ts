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

/** Every timeline event named in a sentence of the document, with the sentence and when it became knowable. */
function mentionsIn(doc: LoadedDocument, timeline: Timeline): Misfire[] {
  const written = writtenBy(doc);
  const found: Misfire[] = [];
  for (const span of splitSentences(doc.text)) {
    const sentence = doc.text.slice(span.start, span.end);
    for (const m of timeline.mentionsIn(sentence, { everyday: true })) {
      const knowable = timeline.knowableFrom(m.event);
      found.push({ document: doc.source, written, event: m.event.id, knowable, alias: m.alias, sentence });
    }
  }
  return found;
}

// A persona's own texts may name something after their death only in a later editor's note or title, and then
// rarely: an alias of a later event that occurs more often than this in one persona's texts is a word that persona
// uses for something else ("plan", "party", "revolution"), and would refuse questions put in their own words.
const MAX_AFTER_DEATH_PER_ALIAS = 2;

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
  const personas = PersonaRegistry.load();
  let documents: LoadedDocument[] = [];
  // Every alias occurrence in the corpus, found once for all the checks below (a scan takes minutes).
  let mentions: Misfire[] = [];
  const personaOf = new Map<string, string>();

  beforeAll(async () => {
    // REAL_CORPUS: CORPUS_DIR, ./corpus or ../shared/corpus, as the app finds it (importing it fails without one).
    const corpus = await loadCorpus(REAL_CORPUS, { knownPersonas: personas.ids() });
    documents = corpus.documents;
    for (const doc of documents) personaOf.set(doc.source, doc.persona);
    mentions = documents.flatMap((doc) => mentionsIn(doc, timeline));
  });

  it('reads the documents of the real corpus', () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it('names no later event with an alias that a persona wrote before that event could be known', () => {
    const misfires = mentions.filter((m) => m.knowable > m.written);
    if (misfires.length > 0)
      throw new Error(`aliases that fire on earlier texts:\n${describeMisfires(misfires)}`);
  });

  it("finds no alias of an event after a persona's death often in that persona's own texts", () => {
    const counts = new Map<string, Misfire[]>();
    for (const m of mentions) {
      const persona = personaOf.get(m.document);
      if (!persona || m.knowable <= personas.get(persona).died) continue;
      const key = `${persona}: "${m.alias}" of ${m.event}`;
      counts.set(key, [...(counts.get(key) ?? []), m]);
    }
    const tooGeneric = [...counts.entries()].filter(([, found]) => found.length > MAX_AFTER_DEATH_PER_ALIAS);
    if (tooGeneric.length > 0) {
      const lines = tooGeneric.map(
        ([key, found]) => `${key}, ${found.length} times:\n${describeMisfires(found)}`,
      );
      throw new Error(`aliases of later events that a persona uses often:\n${lines.join('\n')}`);
    }
  });
});
