import type { Passage } from '@parley/contracts';
import { questionSubjects, subjectCoverage } from './subject-coverage';

function passage(text: string, title = 'A title'): Passage {
  return {
    rank: 1,
    chunkId: '1',
    documentId: 'd',
    source: 'x/y.txt',
    persona: 'x',
    title,
    author: 'A',
    date: '1920',
    url: null,
    heading: null,
    speaker: null,
    start: 0,
    end: text.length,
    text,
    scores: { vector: null, text: null, fused: 0 },
  };
}

describe('question subjects', () => {
  it('takes runs of capitalised words after the first word as named subjects', () => {
    expect(questionSubjects('What do you think of the Second World War?')).toEqual(['second world war']);
    expect(questionSubjects('Who should replace Stalin as General Secretary?')).toEqual([
      'stalin',
      'general secretary',
    ]);
    expect(questionSubjects("What did you think of Trotsky's tactics at Brest-Litovsk?")).toEqual([
      'trotsky',
      'brest litovsk',
    ]);
  });

  it('does not take the first word of a later sentence for a subject, nor an initial for a sentence end', () => {
    expect(questionSubjects('What must the youth study? Then tell me more. Why?')).toEqual([]);
    expect(questionSubjects('Is that so. Yes, and what did V. I. Lenin say?')).toEqual(['v i lenin']);
  });

  it('finds no subject in a question about ideas', () => {
    expect(questionSubjects('What should young people study?')).toEqual([]);
    expect(subjectCoverage('What should young people study?', [passage('Study, study, study.')])).toBeNull();
  });

  it('measures how many subjects the passages mention', () => {
    const ps = [passage('Trotsky spoke at length. The peace of Brest-Litovsk was signed.')];
    expect(subjectCoverage("What did you think of Trotsky's tactics at Brest-Litovsk?", ps)).toBe(1);
    expect(subjectCoverage('Who should replace Stalin as General Secretary?', ps)).toBe(0);
    expect(subjectCoverage('Who did Trotsky replace as General Secretary?', ps)).toBe(0);
  });

  it('counts the least-covered subject: ordinary words of one name do not make up for a missing name', () => {
    const ps = [passage('The general strike began. The secretary of the union read the resolution.')];
    expect(subjectCoverage('Who should replace Stalin as General Secretary?', ps)).toBe(0);
    const bund = [passage('The Bund began to give prominence to its own nationalist aims.')];
    expect(subjectCoverage('What did you criticise the Jewish Bund for?', bund)).toBe(0.5);
    expect(subjectCoverage('What did you think of the Mensheviks?', [passage('The Menshevik press.')])).toBe(
      1,
    );
  });
});
