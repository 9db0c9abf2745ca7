import { debateQuery } from './debate-query';

describe('debateQuery', () => {
  const motion = 'Machines free the worker';

  it('opens the debate with the motion and the stance alone', () => {
    expect(debateQuery({ motion, turn: 1, stance: 'Against' }, motion)).toBe(`${motion} Against`);
  });

  it("answers the previous speaker's claim, in that speaker's words", () => {
    const previous = {
      personaId: 'a',
      personaName: 'A',
      text: 'long answer',
      claim: 'The loom enslaves the weaver.',
    };
    expect(debateQuery({ motion, turn: 2, previous }, motion)).toBe(
      `${motion} The loom enslaves the weaver.`,
    );
  });

  it('keeps a question that is not the motion itself', () => {
    expect(debateQuery({ motion, turn: 3 }, 'And the peasants?')).toBe(`${motion} And the peasants?`);
  });
});
