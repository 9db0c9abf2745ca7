import fc from 'fast-check';
import { confusableSkeleton, foldText, hasVisibleLetterOrDigit, stripInvisible } from './text-fold';

describe('foldText', () => {
  it('reads look-alike letters of other scripts as the Latin letters they imitate', () => {
    expect(foldText('k\u0456ll')).toBe('kill');
    expect(foldText('\u0422\u0435acher')).toBe('teacher');
    expect(foldText('K\u0399LL')).toBe('kill');
  });

  it('turns full-width and styled letters into plain ones and drops accents', () => {
    expect(foldText('\uff4b\uff49\uff4c\uff4c')).toBe('kill');
    expect(foldText('\u{1d424}\u{1d422}\u{1d425}\u{1d425}')).toBe('kill');
    expect(foldText('Ŝtàlin')).toBe('stalin');
  });

  it('removes characters that render as nothing', () => {
    expect(foldText('ki\u00adll')).toBe('kill');
    expect(foldText('k\u200b\u200d\u2060\ufeffill')).toBe('kill');
  });

  it('is idempotent, also on an accented letter of another script', () => {
    expect(foldText(foldText('ἀρχή'))).toBe(foldText('ἀρχή'));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => foldText(foldText(s)) === foldText(s)));
  });

  it('leaves plain lower-case ASCII as it is', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z0-9 .,?']*$/), (s) => foldText(s) === s));
  });

  it('returns text in NFKC', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => foldText(s) === foldText(s).normalize('NFKC')),
    );
  });

  it('adds nothing for invisible characters slipped between letters', () => {
    const invisible = fc.constantFrom('\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z]$/), invisible), { minLength: 1 }), (pairs) => {
        const letters = pairs.map(([l]) => l).join('');
        return foldText(pairs.map(([l, i]) => l + i).join('')) === letters;
      }),
    );
  });

  it('has no invisible characters left', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => stripInvisible(foldText(s)) === foldText(s)));
  });
});

describe('confusableSkeleton', () => {
  it('gives names that look alike the same skeleton', () => {
    const teacher = confusableSkeleton('Teacher');
    for (const lookAlike of ['teacher', 'TEACHER', '\u0422\u0435acher', 'Tea\u00adcher', '\uff34eacher'])
      expect(confusableSkeleton(lookAlike)).toBe(teacher);
    expect(confusableSkeleton('Stalin')).toBe(confusableSkeleton('St\u0430lin'));
  });

  it('keeps different names apart', () => {
    expect(confusableSkeleton('Anna')).not.toBe(confusableSkeleton('Anne'));
  });
});

describe('hasVisibleLetterOrDigit', () => {
  it.each(['\u3164', '\u2800', '\u0301\u0302', '\u00ad', '  ', '!!!'])('finds none in %j', (s) => {
    expect(hasVisibleLetterOrDigit(s)).toBe(false);
  });

  it.each(['Anna', 'Ёж', '李', '7'])('finds one in %s', (s) => {
    expect(hasVisibleLetterOrDigit(s)).toBe(true);
  });
});
