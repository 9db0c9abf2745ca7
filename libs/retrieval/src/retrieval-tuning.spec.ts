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
