import {
  conversationSecretMatches,
  hashConversationSecret,
  newConversationSecret,
} from './conversation-secret';

describe('a conversation secret', () => {
  it('is 32 random bytes, different every time, safe in a header', () => {
    const a = newConversationSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newConversationSecret()).not.toBe(a);
  });

  it('opens only the conversation whose stored hash it produces', () => {
    const secret = newConversationSecret();
    const stored = hashConversationSecret(secret);
    expect(stored).not.toContain(secret);
    expect(conversationSecretMatches(secret, stored)).toBe(true);
    expect(conversationSecretMatches(newConversationSecret(), stored)).toBe(false);
  });

  it('opens nothing when missing, or when the conversation has no secret (a classroom one)', () => {
    expect(conversationSecretMatches(undefined, hashConversationSecret('x'))).toBe(false);
    expect(conversationSecretMatches('', hashConversationSecret(''))).toBe(false);
    expect(conversationSecretMatches(newConversationSecret(), null)).toBe(false);
  });
});
