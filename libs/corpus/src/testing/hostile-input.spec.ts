import { elapsedMs, repeated } from './hostile-input';

describe('hostile-input helpers', () => {
  it('build an input of repeated units at any scale', () => {
    const build = repeated('ab', 8, '<', '>');
    expect(build(1)).toBe(`<${'ab'.repeat(8)}>`);
    expect(build(0.25)).toBe('<abab>');
  });

  it('time a call', () => {
    let called = false;
    expect(
      elapsedMs(() => {
        called = true;
      }),
    ).toBeGreaterThanOrEqual(0);
    expect(called).toBe(true);
  });
});
