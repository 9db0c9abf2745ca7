import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new conversation secret: 32 random bytes, base64url (43 characters). */
export function newConversationSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a secret: its SHA-256, hex. */
export function hashConversationSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** True when `secret` is the one whose hash is stored; compared in constant time (hashes have one length). */
export function conversationSecretMatches(secret: string | undefined, storedHash: string | null): boolean {
  if (!secret || !storedHash) return false;
  const given = Buffer.from(hashConversationSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
