import {
  answerTypeContext,
  expectedAnswerType,
  holdsAnswerType,
  interrogativePhrase,
  names,
} from './answer-type';

describe('expectedAnswerType', () => {
  it.each([
    ['Who wrote the pamphlet on the agrarian programme?', 'person'],
    ['Whom did the congress elect as chairman?', 'person'],
    ['When did the strike at the Putilov works begin?', 'time'],
    ['In what year was the journal founded?', 'time'],
    ['To whom did the committee send the letter?', 'person'],
    ['What year was the journal founded?', 'time'],
    ['Where was the second congress held?', 'place'],
    ['How many delegates came to the conference?', 'number'],
    ['How much grain was collected in the autumn?', 'number'],
    ['In 1912, who edited the newspaper?', 'person'],
    ['What is the role of the trade unions?', null],
    ['Why did the peasants distrust the towns?', null],
    ['How did the delegates vote?', null],
    ['Did the workers support the strike?', null],
    // A clause of time is no interrogative; the question after it asks yes or no.
    ['When the railwaymen struck, did the army stay loyal?', null],
    ['Where the soviets were strong, who led them?', 'person'],
    // An interrogative inside a clause belongs to the clause's subject, not to the answer.
    ['How did the party change its view on who should lead the strike?', null],
  ])('reads "%s" as asking for %s', (question, type) => {
    expect(expectedAnswerType(question)).toBe(type);
  });
});

describe('interrogativePhrase', () => {
  it('is the opening interrogative, with the word that asks with it for a quantity or a time', () => {
    expect(interrogativePhrase('How far did the railway reach by the winter?')).toEqual(['how', 'far']);
    expect(interrogativePhrase('In which year did the railway open?')).toEqual(['which', 'year']);
    expect(interrogativePhrase('Who built the railway?')).toEqual(['who']);
    expect(interrogativePhrase('Did the railway reach the coast?')).toEqual([]);
  });
});

describe('holdsAnswerType', () => {
  const passages = [
    'The congress of the party met in the spring. The party press printed the Resolution. Martov spoke first.',
    'The conference in Geneva was stormy, and the resolution of the congress was adopted after long debate.',
  ];
  const context = answerTypeContext('Who spoke first at the congress?', passages);

  it('finds a person in a name that is capitalised wherever the passages write it', () => {
    expect(holdsAnswerType('person', 'At the end Martov spoke against the draft.', context)).toBe(true);
  });

  it('finds no person in a sentence whose only capitals open it or are common words capitalised', () => {
    expect(
      holdsAnswerType('person', 'The party press printed the Resolution of the congress.', context),
    ).toBe(false);
    // The question's own name is not the answer it asks for.
    const asked = answerTypeContext('Who spoke after Martov?', passages);
    expect(names('Then Martov spoke at length about the press.', asked)).toEqual([]);
  });

  it('reads a word after a colon or an opening quotation mark as capitalised by position, not by name', () => {
    expect(names('He wrote only this: “Comrades, the hour has come.”', context)).toEqual([]);
  });

  it('finds a time in a year or a month, not in the verb "may"', () => {
    expect(holdsAnswerType('time', 'The strike broke out in 1905 in the capital.', context)).toBe(true);
    expect(holdsAnswerType('time', 'The strike broke out early in May and spread.', context)).toBe(true);
    expect(holdsAnswerType('time', 'The strike may spread to other towns soon.', context)).toBe(false);
  });

  it('finds a number in digits or a cardinal word, and a year counts as one too', () => {
    expect(holdsAnswerType('number', 'Some forty thousand workers came out.', context)).toBe(true);
    expect(holdsAnswerType('number', 'The harvest of 1921 was the worst.', context)).toBe(true);
    expect(holdsAnswerType('number', 'Many workers came out on strike.', context)).toBe(false);
  });
});
