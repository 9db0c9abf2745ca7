import {
  DEFAULT_TUNING,
  effectiveTuning,
  parseTuningOverride,
  RetrievalTuningSchema,
} from './retrieval-tuning';

describe('the retrieval tuning', () => {
  it('has valid defaults', () => {
    expect(RetrievalTuningSchema.parse(DEFAULT_TUNING)).toEqual(DEFAULT_TUNING);
  });

  it('takes a partial override as JSON', () => {
    expect(parseTuningOverride('{"vectorWeight":0.25,"documentWeight":0.2}')).toEqual({
      tuning: { vectorWeight: 0.25, documentWeight: 0.2 },
    });
    expect(parseTuningOverride('{}')).toEqual({ tuning: {} });
  });

  it('names every field that is out of range, of the wrong type or unknown', () => {
    const result = parseTuningOverride('{"documentWeight":1.5,"candidates":"many","vectorWieght":1}');
    expect('problem' in result && result.problem).toEqual(expect.stringContaining('documentWeight'));
    expect('problem' in result && result.problem).toEqual(expect.stringContaining('candidates'));
    expect('problem' in result && result.problem).toEqual(expect.stringContaining('vectorWieght'));
  });

  it("keeps the text leg at the bm25 baseline's k1 and b by default", () => {
    expect(DEFAULT_TUNING.textK1).toBe(1.2);
    expect(DEFAULT_TUNING.textB).toBe(0.75);
  });

  it('leaves WordNet expansion off by default and names a relation level outside 0 and 1', () => {
    expect(DEFAULT_TUNING.wordnetWeight).toBe(0);
    expect(DEFAULT_TUNING.wordnetMaxShare).toBe(1);
    expect(parseTuningOverride('{"wordnetWeight":0.5,"wordnetRelations":1,"wordnetTerms":2}')).toEqual({
      tuning: { wordnetWeight: 0.5, wordnetRelations: 1, wordnetTerms: 2 },
    });
    const result = parseTuningOverride('{"wordnetRelations":2}');
    expect('problem' in result && result.problem).toEqual(expect.stringContaining('wordnetRelations'));
  });

  it('takes BM25 k1 from 0 to 5 and b from 0 to 1, both ends included', () => {
    expect(parseTuningOverride('{"textK1":0,"textB":0}')).toEqual({ tuning: { textK1: 0, textB: 0 } });
    expect(parseTuningOverride('{"textK1":5,"textB":1}')).toEqual({ tuning: { textK1: 5, textB: 1 } });
    expect(parseTuningOverride('{"textK1":0.9,"textB":0.4}')).toEqual({
      tuning: { textK1: 0.9, textB: 0.4 },
    });
  });

  it('names a BM25 k1 or b outside its range, or not a number', () => {
    for (const [json, field] of [
      ['{"textK1":-0.1}', 'textK1'],
      ['{"textK1":5.5}', 'textK1'],
      ['{"textK1":"1.2"}', 'textK1'],
      ['{"textB":-0.01}', 'textB'],
      ['{"textB":1.2}', 'textB'],
      ['{"textB":null}', 'textB'],
    ]) {
      const result = parseTuningOverride(json);
      expect('problem' in result && result.problem).toEqual(expect.stringContaining(field));
    }
  });

  it('says when the override is not JSON or not an object', () => {
    expect(parseTuningOverride('{vectorWeight: 1}')).toEqual({
      problem: expect.stringMatching(/^not JSON/) as string,
    });
    expect(parseTuningOverride('[1]')).toEqual({ problem: expect.any(String) as string });
  });

  it('drops the feedback settings when feedback is off, and keeps them when it is on', () => {
    expect(
      effectiveTuning({ feedbackChunks: 0, feedbackTerms: 20, feedbackWeight: 0.6, vectorWeight: 1 }),
    ).toEqual({
      feedbackChunks: 0,
      vectorWeight: 1,
    });
    expect(effectiveTuning({ feedbackTerms: 20 })).toEqual({});
    expect(effectiveTuning({ feedbackChunks: 5, feedbackTerms: 20 })).toEqual({
      feedbackChunks: 5,
      feedbackTerms: 20,
    });
  });
});
