import { JOIN_CODE_ALPHABET, JoinCodeSchema } from '@parley/contracts';
import { generateJoinCode, generateToken, hashToken, looksLikeToken } from './tokens';

describe('tokens and join codes', () => {
  it('makes 32-byte base64url tokens that differ every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, generateToken));
    expect(tokens.size).toBe(100);
    for (const t of tokens) {
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      expect(looksLikeToken(t)).toBe(true);
    }
  });

  it('stores a sha256 of the token, never the token', () => {
    const token = generateToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });

  it('draws join codes only from characters that cannot be mistaken for one another', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateJoinCode();
      expect(code).toHaveLength(8);
      expect([...code].every((c) => JOIN_CODE_ALPHABET.includes(c))).toBe(true);
    }
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it('accepts a code typed with spaces, dashes or lower case, and refuses look-alikes', () => {
    expect(JoinCodeSchema.parse(' abcd-2345 ')).toBe('ABCD2345');
    expect(JoinCodeSchema.safeParse('ABCD-234O').success).toBe(false);
  });
});
