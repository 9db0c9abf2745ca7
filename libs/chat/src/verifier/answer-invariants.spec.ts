import type { Citation } from '@parley/contracts';
import { verifyInvariants } from './answer-invariants';

const TEXT = 'The tasks of the youth can be summed up in a single word: learn. Communism needs knowledge.';
const docs = new Map([['youth', TEXT]]);

function citation(marker: number, start: number, end: number, over: Partial<Citation> = {}): Citation {
  return {
    marker,
    documentId: 'youth',
    source: 'lenin/youth.txt',
    title: 'The Tasks of the Youth Leagues',
    author: 'V. I. Lenin',
    date: '1920-10-02',
    url: null,
    chunkId: 'c1',
    quote: TEXT.slice(start, end),
    start,
    end,
    speaker: null,
    ...over,
  };
}

const learn = citation(1, 0, 64);

describe('verifyInvariants', () => {
  it('finds nothing wrong with a sound answer', () => {
    expect(verifyInvariants('I said: “summed up in a single word: learn” [1].', [learn], docs)).toEqual([]);
  });

  it('reports a citation whose quote is not the document slice at its offsets', () => {
    const wrong = { ...learn, start: 1 };
    expect(verifyInvariants('Learn [1].', [wrong], docs)).toEqual([
      'citation [1] quote is not document.text.slice(1, 64)',
    ]);
  });

  it('reports offsets outside the document and an unknown document', () => {
    expect(verifyInvariants('Learn [1].', [{ ...learn, end: 999 }], docs)[0]).toContain(
      'outside its document',
    );
    expect(verifyInvariants('Learn [1].', [{ ...learn, documentId: 'nope' }], docs)[0]).toContain(
      'unknown document',
    );
  });

  it('reports a marker without a citation, in any marker form', () => {
    expect(verifyInvariants('Learn [1]. Know [2].', [learn], docs)).toEqual(['marker [2] has no citation']);
    expect(verifyInvariants('Learn [1, 3].', [learn], docs)).toEqual(['marker [3] has no citation']);
  });

  it('ignores bracketed numbers inside a quotation, which belong to the source', () => {
    const doc = new Map([['d', 'the state[12] withers away']]);
    const c = citation(1, 0, 26, { documentId: 'd', quote: 'the state[12] withers away' });
    expect(verifyInvariants('“the state[12] withers away” [1]', [c], doc)).toEqual([]);
  });

  it('reports a quotation that is not verbatim in a citation of its sentence', () => {
    const problems = verifyInvariants('I said: “learn, learn and learn” [1].', [learn], docs);
    expect(problems).toEqual(['quotation “learn, learn and learn” is not in a citation of its sentence']);
  });

  it('reports a quotation whose citation is attached to another sentence', () => {
    const problems = verifyInvariants(
      'I said: “a single word: learn”. Communism needs it [1].',
      [learn],
      docs,
    );
    expect(problems).toHaveLength(1);
  });

  it('compares quotations exactly, not after folding quote marks or case', () => {
    expect(verifyInvariants('“The Tasks of the youth” [1]', [learn], docs)).toHaveLength(1);
  });

  it('reports duplicate markers', () => {
    expect(verifyInvariants('Learn [1].', [learn, learn], docs)).toEqual(['citation [1] appears twice']);
  });

  it('reports a refusal that carries citations', () => {
    expect(verifyInvariants('I cannot say.', [learn], docs, 'no_sources')).toEqual([
      'refusal "no_sources" carries citations',
    ]);
    expect(verifyInvariants('I cannot say.', [], docs, 'no_sources')).toEqual([]);
  });

  it('reports HTML and markdown links in the answer', () => {
    expect(verifyInvariants('Learn <img src=x onerror=alert(1)> [1].', [learn], docs)[0]).toContain('markup');
    expect(verifyInvariants('Learn [here](http://evil.example) [1].', [learn], docs)[0]).toContain('markup');
  });
});
