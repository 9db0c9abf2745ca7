import fc from 'fast-check';
import type { Passage } from '@parley/contracts';
import { verifyAnswer } from './answer-verifier';
import { verifyInvariants } from './answer-invariants';
import { findUrls } from './markup-sanitiser';
import { containsMarkup, scanQuotes } from '@parley/text';
import { passageOf, type TestDocument } from './verifier.fixtures';

// Words, punctuation, quotation marks, brackets and markup: enough to trip every part of the parser.
const TOKENS = [
  'the', 'state', 'workers', 'party', 'revolution', 'land', 'peace', 'bread', 'class', 'power', 'is', 'of', 'and',
  'The', 'We', 'I', 'Lenin', 'Cannon:', 'Dr.', 'U.S.', '1917', '.', '.', ',', ';', ':', '!', '?', '…', '—', '-',
  '“', '”', '"', '‘', '’', "'", '«', '»', '[1]', '[2]', '[3, 4]', '[1-2]', '(', ')', '[', ']', '<b>', '</b>',
  'http://evil.example', '[x](http://y.example)', '![i](http://i.example)', '\n', '\n\n', '- ', '*',
]; // prettier-ignore
const WORDS = TOKENS.slice(0, 19);

const PROSE = [...WORDS, '.', '.', ',', ';', ':', '!', '?', '—', '(', ')'];
const separator = fc.constantFrom(' ', ' ', ' ', '', '\n', '\n\n', '. ', '.\n\n');
const text = (units: readonly string[], min: number, max: number) =>
  fc
    .array(fc.tuple(fc.constantFrom(...units), separator), { minLength: min, maxLength: max })
    .map((parts) => parts.flat().join(''));

/** Passages as slices of random documents written with `units`, with speakers sometimes recorded. */
function corpus(units: readonly string[]) {
  return fc
    .array(text(units, 5, 80), { minLength: 1, maxLength: 3 })
    .map((texts) => texts.map((t, i): TestDocument => ({ id: `doc-${i}`, text: t })))
    .chain((docs) =>
      fc
        .array(
          fc.tuple(
            fc.nat(docs.length - 1),
            fc.nat(),
            fc.nat(),
            fc.constantFrom<string | null>(null, null, 'Cannon', 'Lenin'),
          ),
          { minLength: 1, maxLength: 5 },
        )
        .map((specs) => ({
          docs,
          passages: specs.map(([d, a, b, speaker]): Passage => {
            const doc = docs[d];
            const start = a % (doc.text.length + 1);
            const end = start + (b % (doc.text.length - start + 1));
            return passageOf(doc, start, end, { speaker, chunkId: `${doc.id}:${start}-${end}` });
          }),
        })),
    );
}

const MARKS: [string, string][] = [
  ['“', '”'],
  ['"', '"'],
  ['‘', '’'],
  ['«', '»'],
];

/** A sentence quoting a verbatim (or lightly damaged) slice of a passage, with some marker. */
function quotingSentence(passages: Passage[]) {
  return fc
    .tuple(
      fc.nat(passages.length - 1),
      fc.nat(),
      fc.nat(),
      fc.constantFrom(...MARKS),
      fc.constantFrom('none', 'upper', 'word', 'straight'),
      fc.integer({ min: -1, max: passages.length + 2 }),
      text(WORDS, 0, 4),
    )
    .map(([i, a, b, [open, close], damage, markerShift, lead]) => {
      const t = passages[i].text;
      const start = a % (t.length + 1);
      let quote = t.slice(start, start + (b % 120));
      if (damage === 'upper') quote = quote.toUpperCase();
      if (damage === 'word') quote = quote.replace(/\p{L}+/u, 'comrades');
      if (damage === 'straight') quote = quote.replace(/[“”]/g, '"').replace(/’/g, "'");
      const marker = markerShift === 0 ? i + 1 : markerShift;
      return `${lead} ${open}${quote}${close} [${marker}]`;
    });
}

/** A draft of quoting sentences and free text written with `units`, over passages of documents written with them. */
function scenario(units: readonly string[]) {
  return corpus(units).chain(({ docs, passages }) =>
    fc
      .array(fc.oneof(quotingSentence(passages), text(units, 1, 12)), { minLength: 0, maxLength: 6 })
      .chain((sentences) =>
        fc.array(separator, { minLength: sentences.length, maxLength: sentences.length }).map((seps) => ({
          docs,
          passages,
          draft: sentences.map((s, k) => `${s}${seps[k]}`).join(''),
        })),
      ),
  );
}

// Anything goes: stray marks, brackets, markup, addresses, in the draft and in the sources.
const garbled = scenario(TOKENS);
// Prose without stray marks or markup; the quotations still carry whatever the sources hold.
const plain = scenario(PROSE);

const RUNS = { numRuns: 300 };

describe('verifyAnswer on random drafts over random passages', () => {
  it('always returns an answer that keeps every invariant', () => {
    fc.assert(
      fc.property(garbled, fc.constantFrom<'persona' | 'historian'>('persona', 'historian'), (s, mode) => {
        const result = verifyAnswer({ draft: s.draft, passages: s.passages, mode, personaNames: ['Lenin'] });
        const texts = new Map(s.docs.map((d) => [d.id, d.text]));
        expect(verifyInvariants(result.answer, result.citations, texts)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('numbers citations 1..m, each used in the answer, and has none when empty', () => {
    fc.assert(
      fc.property(garbled, (s) => {
        const result = verifyAnswer({ draft: s.draft, passages: s.passages });
        if (result.empty) {
          expect(result.answer).toBe('');
          expect(result.citations).toEqual([]);
          return;
        }
        expect(result.citations.map((c) => c.marker)).toEqual(result.citations.map((_, k) => k + 1));
        for (const c of result.citations) expect(result.answer).toContain(`[${c.marker}]`);
      }),
      RUNS,
    );
  });

  it('leaves no markup, and outside quotations no address that is not in a retrieved passage', () => {
    fc.assert(
      fc.property(garbled, (s) => {
        const result = verifyAnswer({ draft: s.draft, passages: s.passages });
        expect(containsMarkup(result.answer)).toBe(false);
        let prose = result.answer;
        for (const q of scanQuotes(result.answer).reverse())
          prose = prose.slice(0, q.start) + prose.slice(q.end);
        for (const url of findUrls(prose)) {
          expect(s.passages.some((p) => p.text.includes(url))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('gives the same result for the same input', () => {
    fc.assert(
      fc.property(garbled, (s) => {
        const input = { draft: s.draft, passages: s.passages };
        expect(verifyAnswer(input)).toEqual(verifyAnswer(input));
      }),
      { numRuns: 100 },
    );
  });

  it('leaves a verified answer of plain prose unchanged when verified again against its cited passages', () => {
    fc.assert(
      fc.property(plain, (s) => {
        const first = verifyAnswer({ draft: s.draft, passages: s.passages });
        const cited = first.citations.map((c) => s.passages.find((p) => p.chunkId === c.chunkId)!);
        const second = verifyAnswer({ draft: first.answer, passages: cited });
        expect(second.answer).toBe(first.answer);
      }),
      RUNS,
    );
  });
});
