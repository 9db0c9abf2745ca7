/** A backend's transaction status in ReadyForQuery: idle, in a transaction block, in a failed one. */
export type TransactionStatus = 'I' | 'T' | 'E';

const READY_FOR_QUERY = 0x5a; // 'Z'
const HEADER = 5; // type byte + int32 length (which counts itself)

/**
 * Reads a stream of backend messages (type byte, int32 length, payload), in chunks cut anywhere, and tells whether
 * the last complete message is a ReadyForQuery and with which status: the backend has finished what the client
 * sent and waits for it.
 */
export class ReadyForQueryScanner {
  private header: number[] = [];
  private remaining = 0;
  private type = 0;
  private status: TransactionStatus | null = null;
  private lastReady: TransactionStatus | null = null;

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.header.length < HEADER) {
        this.header.push(chunk[i++]);
        if (this.header.length === HEADER) this.startMessage();
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - i);
      if (this.type === READY_FOR_QUERY && this.status === null && take > 0)
        this.status = String.fromCharCode(chunk[i]) as TransactionStatus;
      i += take;
      this.remaining -= take;
      if (this.remaining === 0) this.endMessage();
    }
  }

  /** The status of the ReadyForQuery that ended the stream so far; null when the stream ends otherwise. */
  readyStatus(): TransactionStatus | null {
    return this.header.length === 0 ? this.lastReady : null;
  }

  private startMessage(): void {
    const [type, a, b, c, d] = this.header;
    this.type = type;
    this.status = null;
    this.remaining = ((a << 24) | (b << 16) | (c << 8) | d) - 4;
    if (this.remaining <= 0) this.endMessage();
  }

  private endMessage(): void {
    this.lastReady = this.type === READY_FOR_QUERY ? this.status : null;
    this.header = [];
    this.remaining = 0;
  }
}
