import { speakerLabel } from './speaker-label';
import { seedOf } from './text-seed';

describe('speakerLabel', () => {
  it('reads a transcript label of up to four capitalised words and its length', () => {
    expect(speakerLabel('J. P. Cannon: We stand firm.')).toEqual({ name: 'J. P. Cannon', length: 14 });
    expect(speakerLabel('Trotsky:\tNo.')).toEqual({ name: 'Trotsky', length: 9 });
  });

  it('reads no label in ordinary prose or a lower-case opening', () => {
    expect(speakerLabel('The point is this: we stand firm.')).toBeNull();
    expect(speakerLabel('note: see below')).toBeNull();
  });
});

describe('seedOf', () => {
  it('gives the same seed for the same text and different seeds for different texts', () => {
    expect(seedOf('what is the state?')).toBe(seedOf('what is the state?'));
    expect(seedOf('what is the state?')).not.toBe(seedOf('what is the party?'));
    expect(seedOf('')).toBe(0x811c9dc5);
  });
});
