import { bindNamed } from './named-parameters';

describe('bindNamed', () => {
  it('numbers names in order of first appearance and reuses a number for a repeated name', () => {
    const [sql, params] = bindNamed('SELECT $b::int + $a::int WHERE $b > 0', { a: 1, b: 2 });
    expect(sql).toBe('SELECT $1::int + $2::int WHERE $1 > 0');
    expect(params).toEqual([2, 1]);
  });

  it('leaves casts and positional parameters alone', () => {
    const [sql, params] = bindNamed("SELECT $v::vector(3) <=> $1::vector(3), 'x'::text", { v: '[1,2,3]' });
    expect(sql).toBe("SELECT $1::vector(3) <=> $1::vector(3), 'x'::text");
    expect(params).toEqual(['[1,2,3]']);
  });

  it('refuses a name without a value and a value no name uses', () => {
    expect(() => bindNamed('SELECT $missing', {})).toThrow('no value for SQL parameter $missing');
    expect(() => bindNamed('SELECT $a', { a: 1, extra: 2 })).toThrow('given but not used: extra');
  });

  it('keeps null and array values as they are', () => {
    expect(bindNamed('SELECT $a, $b', { a: null, b: [1, 2] })[1]).toEqual([null, [1, 2]]);
  });
});
