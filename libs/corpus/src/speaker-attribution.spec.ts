import {
  isSpokenByAuthor,
  isTranscript,
  readMistypedLabel,
  readSpeakerLabel,
  speakerOf,
} from './speaker-attribution';

describe('readSpeakerLabel', () => {
  it.each([
    ['Trotsky: Can you explain to me how it was possible?', 'Trotsky'],
    ['J. P. Cannon: The subject today is the labor party.', 'J. P. Cannon'],
    ['Question:The workers seem absolutely apathetic.', 'Question'],
    ['Max Shachtman : I wouldn’t say that.', 'Max Shachtman'],
    ['TROTSKY: Yes.', 'TROTSKY'],
  ])('reads the label of %j', (paragraph, name) => {
    expect(readSpeakerLabel(paragraph)).toEqual({ name, aside: false });
  });

  it('reads a bracketed note as an aside', () => {
    expect(readSpeakerLabel('(Stenographer’s note : More argument took place.)')).toEqual({
      name: 'Stenographer’s note',
      aside: true,
    });
  });

  it.each([
    'Note: the figures are in millions.',
    'NB: chief stress is shifted.',
    'Comrades: A Russian Bolshevik who participated in the Revolution.',
    'Further: National autonomy is contrary to development.',
    'Chapter 2: The Experience of 1848-51',
    'Germany: | Union Electric Co. | General Electric Co.',
    'The answer is simple: we fight.',
    'In 1917: the revolution.',
    '“Yegorov: On the question of nationality.”',
    'A paragraph with no colon at all.',
  ])('takes %j for ordinary prose, not a label', (paragraph) => {
    expect(readSpeakerLabel(paragraph)).toBeNull();
  });
});

describe('isTranscript', () => {
  it('needs three labels and two speakers, opening the text or marking a tenth of it', () => {
    expect(
      isTranscript({ labels: ['Cannon', 'Trotsky', 'Cannon'], bodyParagraphs: 100, opensWithLabel: true }),
    ).toBe(true);
    expect(
      isTranscript({ labels: ['Cannon', 'Trotsky', 'Cannon'], bodyParagraphs: 30, opensWithLabel: false }),
    ).toBe(true);
    expect(
      isTranscript({ labels: ['Marx', 'Engels', 'Engels'], bodyParagraphs: 459, opensWithLabel: false }),
    ).toBe(false);
    expect(
      isTranscript({ labels: ['Trotsky', 'Trotsky', 'Trotsky'], bodyParagraphs: 3, opensWithLabel: true }),
    ).toBe(false);
    expect(isTranscript({ labels: ['Cannon', 'Trotsky'], bodyParagraphs: 2, opensWithLabel: true })).toBe(
      false,
    );
  });
});

describe('speakerOf and readMistypedLabel', () => {
  it('gives an "Answer:" label to the author', () => {
    expect(speakerOf({ name: 'Answer', aside: false })).toBeNull();
    expect(speakerOf({ name: 'Question', aside: false })).toBe('Question');
  });

  it('reads "Name;" as a label only for a speaker already known in the document', () => {
    expect(readMistypedLabel('Dunne; I wanted to ask one question.', new Set(['Dunne', 'Trotsky']))).toBe(
      'Dunne',
    );
    expect(readMistypedLabel('However; this is prose.', new Set(['Dunne']))).toBeNull();
  });
});

describe('isSpokenByAuthor', () => {
  it.each([
    [null, true],
    ['Trotsky', true],
    ['L. Trotsky', true],
    ['Leon Trotsky', true],
    ['LEON TROTSKY', true],
    ['Comrade Trotsky', true],
    ['L. D. Trotsky', true],
    ['Cannon', false],
    ['Question', false],
    ['Natalia Trotsky', false],
    ['Stenographer’s note', false],
    ['Lenin', false],
  ])('says %j speaks for persona trotsky (Leon Trotsky): %s', (speaker, expected) => {
    expect(isSpokenByAuthor(speaker, 'trotsky', 'Leon Trotsky')).toBe(expected);
  });

  it('matches the author surname when the persona id is not a surname', () => {
    expect(isSpokenByAuthor('V. I. Lenin', 'vladimir', 'V. I. Lenin')).toBe(true);
    expect(isSpokenByAuthor('Stalin', 'stalin', 'J. V. Stalin')).toBe(true);
  });
});
