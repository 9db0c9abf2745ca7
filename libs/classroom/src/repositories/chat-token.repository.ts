import { Injectable } from '@nestjs/common';
import { Database } from '@parley/database';
import { rows } from './sql';

/** The only code that reads and writes /chat tokens (stored as hashes). */
@Injectable()
export class ChatTokenRepository {
  constructor(private readonly db: Database) {}

  async insert(t: { id: string; tokenHash: string; createdAt: Date; expiresAt: Date }): Promise<void> {
    await this.db.query(
      'INSERT INTO chat_tokens (id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [t.id, t.tokenHash, t.createdAt, t.expiresAt],
    );
  }

  async findValid(tokenHash: string, now: Date): Promise<{ id: string; expires_at: Date } | null> {
    const found = await rows<{ id: string; expires_at: Date }>(
      this.db.pool,
      'SELECT id, expires_at FROM chat_tokens WHERE token_hash = $1 AND expires_at > $2',
      [tokenHash, now],
    );
    return found[0] ?? null;
  }

  async deleteExpired(now: Date): Promise<number> {
    const deleted = await rows<{ id: string }>(
      this.db.pool,
      'DELETE FROM chat_tokens WHERE expires_at <= $1 RETURNING id',
      [now],
    );
    return deleted.length;
  }
}
