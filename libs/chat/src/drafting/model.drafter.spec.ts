import { isNoAnswer } from './model.drafter';

describe('the model says the passages do not answer', () => {
  it('recognises the bare reply word, with stray marks around it', () => {
    for (const reply of ['NO_ANSWER', ' NO_ANSWER.\n', '`NO_ANSWER`', '**NO_ANSWER**'])
      expect(isNoAnswer(reply)).toBe(true);
  });

  it('does not take an answer that mentions or opens like it for one', () => {
    for (const reply of [
      'NO doubt, I wrote so [1].',
      'NO_ANSWER, but I did write this [1].',
      '',
      'no_answer here',
    ])
      expect(isNoAnswer(reply)).toBe(false);
  });
});
