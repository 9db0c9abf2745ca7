import { reservedNameIn, uniqueDisplayName } from './display-name';

const RESERVED = ['teacher', 'Vladimir Lenin', 'Lenin', 'Stalin'];

describe('display names', () => {
  it.each([
    'Teacher',
    'TEACHER',
    '\u0422\u0435acher',
    'Tea\u00adcher',
    'the teacher',
    'L\u0435nin',
    'Comrade Stalin',
  ])('reserves "%s"', (name) => {
    expect(reservedNameIn(name, RESERVED)).not.toBeNull();
  });

  it.each(['Anna', 'Teachers Pet', 'Leninade', 'Stal'])('lets "%s" through', (name) => {
    expect(reservedNameIn(name, RESERVED)).toBeNull();
  });

  it('suffixes a name that reads like one already in the session', () => {
    expect(uniqueDisplayName('Anna', ['Anna'])).toBe('Anna (2)');
    expect(uniqueDisplayName('\u0410nna', ['Anna', 'Anna (2)'])).toBe('\u0410nna (3)');
    expect(uniqueDisplayName('anna', ['Bob'])).toBe('anna');
  });

  it('keeps a suffixed name within forty characters', () => {
    const long = 'A'.repeat(40);
    expect([...uniqueDisplayName(long, [long])].length).toBeLessThanOrEqual(40);
  });
});
