import { growth, repeated } from './linear-time';

describe('growth', () => {
  it('builds inputs at a quarter and at full size', () => {
    const build = repeated('ab', 8, '<', '>');
    expect(build(1)).toBe(`<${'ab'.repeat(8)}>`);
    expect(build(0.25)).toBe('<abab>');
  });

  it('calls a linear scan linear and a quadratic one not', () => {
    // Sized so that the quadratic one takes well over the 100 ms below which any time counts as linear.
    const build = repeated('a', 16_000);
    const scan = (s: string) => {
      let n = 0;
      for (let i = 0; i < s.length; i++) n += s.charCodeAt(i) & 1;
      return n;
    };
    const quadratic = (s: string) => {
      let n = 0;
      for (let i = 0; i < s.length; i++) for (let j = 0; j < s.length; j++) n += (s.charCodeAt(j) ^ i) & 1;
      return n;
    };
    expect(growth(build, scan)).toMatchObject({ linear: true });
    expect(growth(build, quadratic)).toMatchObject({ linear: false });
  });
});
