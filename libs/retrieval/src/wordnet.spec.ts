import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WordNet, fileLineReader, parseDataLine, parseSenseLine, type WordNetPos } from './wordnet';

/**
 * A made-up dictionary in WordNet's file formats (wndb(5WN)): a few synsets about lighting and moods, their offsets
 * computed as the files are written, so that `index.sense` points at real byte positions.
 */
interface FixtureSynset {
  id: string;
  pos: WordNetPos;
  lexfile: string;
  ssType: string;
  words: string[];
  pointers: [symbol: string, target: string][];
  gloss: string;
}

const SYNSETS: FixtureSynset[] = [
  {
    id: 'lantern',
    pos: 'n',
    lexfile: '06',
    ssType: 'n',
    words: ['lantern', 'lamp'],
    pointers: [
      ['@', 'illuminant'],
      ['~', 'torch'],
    ],
    gloss: 'a light carried about',
  },
  {
    id: 'torch',
    pos: 'n',
    lexfile: '06',
    ssType: 'n',
    words: ['torch', 'flashlight'],
    pointers: [['@', 'lantern']],
    gloss: 'a small light held in one hand',
  },
  {
    id: 'illuminant',
    pos: 'n',
    lexfile: '06',
    ssType: 'n',
    words: ['light_source', 'illuminant'],
    pointers: [
      ['~', 'lantern'],
      ['~', 'candle'],
    ],
    gloss: 'anything giving off light',
  },
  {
    id: 'candle',
    pos: 'n',
    lexfile: '06',
    ssType: 'n',
    words: ['candle'],
    pointers: [['@', 'illuminant']],
    gloss: 'wax round a wick',
  },
  {
    id: 'heater',
    pos: 'n',
    lexfile: '06',
    ssType: 'n',
    words: ['lamp', 'heater'],
    pointers: [],
    gloss: 'a warmer',
  },
  {
    id: 'glad',
    pos: 'a',
    lexfile: '00',
    ssType: 'a',
    words: ['glad(p)', 'Joyful'],
    pointers: [['&', 'merry']],
    gloss: 'in good spirits',
  },
  {
    id: 'merry',
    pos: 'a',
    lexfile: '00',
    ssType: 's',
    words: ['merry'],
    pointers: [['&', 'glad']],
    gloss: 'lively',
  },
];

/** Tagged uses per (lemma, synset): lamp mostly means the lantern sense. */
const TAGGED: Record<string, number> = { 'lamp lantern': 9, 'lantern lantern': 3, 'glad glad': 4 };

const LICENCE = '  1 A made-up licence header line, as the real files begin with.\n';

function writeFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wordnet-fixture-'));
  const offsets = new Map<string, number>();
  const files: Record<WordNetPos, FixtureSynset[]> = { n: [], v: [], a: [], r: [] };
  for (const s of SYNSETS) files[s.pos].push(s);
  // Offsets are eight digits wide, so every line's length is known before any offset is.
  for (const pos of ['n', 'a'] as const) {
    let at = LICENCE.length;
    for (const s of files[pos]) {
      offsets.set(s.id, at);
      at += Buffer.byteLength(dataLine(s, () => 0)) + 1;
    }
  }
  const posOf = new Map(SYNSETS.map((s) => [s.id, s.pos]));
  const pad = (id: string) => String(offsets.get(id)).padStart(8, '0');
  for (const [pos, name] of [
    ['n', 'noun'],
    ['a', 'adj'],
    ['v', 'verb'],
    ['r', 'adv'],
  ] as const) {
    const lines = files[pos].map((s) => dataLine(s, (id) => Number(offsets.get(id)), posOf));
    writeFileSync(join(dir, `data.${name}`), LICENCE + lines.map((l) => `${l}\n`).join(''));
  }
  const sense: string[] = [];
  for (const s of SYNSETS) {
    for (const raw of s.words) {
      const lemma = raw.replace(/\(.*\)$/, '').toLowerCase();
      const ssType = { n: '1', v: '2', a: '3', r: '4', s: '5' }[s.ssType];
      const head = s.ssType === 's' ? 'glad:00' : ':';
      sense.push(
        `${lemma}%${ssType}:${s.lexfile}:00:${head} ${pad(s.id)} 1 ${TAGGED[`${lemma} ${s.id}`] ?? 0}`,
      );
    }
  }
  // A longer lemma sharing the first letters of another must not be taken for it.
  sense.push(`lamplight%1:19:00:: ${pad('lantern')} 1 0`);
  writeFileSync(
    join(dir, 'index.sense'),
    sense.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('\n') + '\n',
  );
  return dir;
}

function dataLine(s: FixtureSynset, offset: (id: string) => number, posOf?: Map<string, WordNetPos>): string {
  const words = s.words.map((w) => `${w} 0`).join(' ');
  const pointers = s.pointers
    .map(([symbol, target]) => {
      const pos = posOf?.get(target) ?? 'n';
      return `${symbol} ${String(offset(target)).padStart(8, '0')} ${pos === 'a' ? 's' : pos} 0000`;
    })
    .join(' ');
  const count = s.words.length.toString(16).padStart(2, '0');
  const head = `${String(offset(s.id)).padStart(8, '0')} ${s.lexfile} ${s.ssType} ${count} ${words}`;
  return `${head} ${String(s.pointers.length).padStart(3, '0')}${pointers ? ` ${pointers}` : ''} | ${s.gloss}`;
}

const dir = writeFixture();
const wordnet = WordNet.open(dir);

describe('reading WordNet files', () => {
  it('parses a sense key line and skips anything else', () => {
    expect(parseSenseLine('kettle%1:06:00:: 00012345 2 7')).toEqual({
      lemma: 'kettle',
      pos: 'n',
      offset: 12345,
      tagged: 7,
    });
    expect(parseSenseLine('brisk%5:00:00:quick:00 00054321 1 0')?.pos).toBe('a');
    expect(parseSenseLine('  1 a header line')).toBeNull();
  });

  it('parses a synset line: hexadecimal word count, markers dropped, lemmas lower-cased, pointers with their part of speech', () => {
    const line =
      '00001000 00 a 0b one 0 Two(a) 0 three 0 four 0 five 0 six 0 seven 0 eight 0 nine 0 ten 0 eleven(ip) 0 002 ' +
      '& 00002000 s 0000 + 00003000 n 0101 | numbers';
    const synset = parseDataLine(line);
    expect(synset.lemmas).toHaveLength(11);
    expect(synset.lemmas.slice(0, 2)).toEqual(['one', 'two']);
    expect(synset.lemmas[10]).toBe('eleven');
    expect(synset.pointers).toEqual([
      { symbol: '&', pos: 'a', offset: 2000 },
      { symbol: '+', pos: 'n', offset: 3000 },
    ]);
  });

  it("finds exactly a lemma's senses, not those of a longer lemma starting the same way", () => {
    expect(wordnet.senses('lamp').map((s) => [s.pos, s.tagged])).toEqual([
      ['n', 9],
      ['n', 0],
    ]);
    expect(wordnet.senses('lamplight')).toHaveLength(1);
    expect(wordnet.senses('lam')).toEqual([]);
    expect(wordnet.senses('zebra')).toEqual([]);
  });

  it('reads a synset at the offset its sense gives', () => {
    const [lantern] = wordnet.senses('lantern');
    expect(wordnet.synset(lantern.pos, lantern.offset).lemmas).toEqual(['lantern', 'lamp']);
  });

  it('takes an inflected form to its base form in the part of speech of the rule', () => {
    expect(wordnet.lemmaSenses('lanterns').map((s) => s.lemma)).toEqual(['lantern']);
    expect(wordnet.lemmaSenses('Torches').map((s) => s.lemma)).toEqual(['torch']);
    // "-ier" → "-y" is in WordNet's exception lists, which the package does not ship: no base form.
    expect(wordnet.lemmaSenses('merrier')).toEqual([]);
    expect(wordnet.lemmaSenses('unknown')).toEqual([]);
  });

  it('weights a synonym by how likely both words are used in the sense they share', () => {
    // lantern: one sense. lamp: the lantern sense 9 + 1 of 11.
    expect(wordnet.related('lantern', 0)).toEqual([{ lemma: 'lamp', weight: 10 / 11 }]);
    const lamp = wordnet.related('lamp', 0);
    expect(lamp.map((r) => r.lemma)).toEqual(['lantern', 'heater']);
    expect(lamp[0].weight).toBeCloseTo(10 / 11);
    expect(lamp[1].weight).toBeCloseTo(1 / 11);
  });

  it('adds broader, narrower and similar words at level 1, at half weight, multi-word lemmas skipped', () => {
    const related = wordnet.related('lanterns', 1);
    expect(related.map((r) => r.lemma)).toEqual(['lamp', 'flashlight', 'illuminant', 'torch']);
    expect(related[1].weight).toBeCloseTo(0.5);
    expect(related.some((r) => r.lemma.includes('_'))).toBe(false);
    // Two narrower synsets share the half weight of a relation.
    const broad = wordnet.related('illuminant', 1);
    expect(broad.map((r) => r.lemma)).toEqual(['candle', 'lantern', 'lamp']);
    expect(broad[0].weight).toBeCloseTo(0.25);
    expect(broad[2].weight).toBeCloseTo(0.25 * (10 / 11));
    expect(wordnet.related('glad', 0)).toEqual([{ lemma: 'joyful', weight: 1 }]);
    expect(wordnet.related('glad', 1).map((r) => r.lemma)).toEqual(['joyful', 'merry']);
  });

  it('reads a data line longer than one read', () => {
    const long = `${'x'.repeat(10_000)} end`;
    const file = join(dir, 'data.adv');
    writeFileSync(file, `first\n${long}\nlast\n`);
    expect(fileLineReader(dir)('r', 6)).toBe(long);
  });
});
