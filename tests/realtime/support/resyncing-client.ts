import { io, type Socket } from 'socket.io-client';
import { CLASSROOM_EVENT_TYPES, type ClassroomEvent } from '@parley/contracts';

/**
 * A classroom client that never loses an event: it remembers the last event id it has applied,
 * resyncs from it on every (re)connect, holds live events back while the resync is in flight
 * (a live event may overtake one the resync is about to return), and ignores duplicates.
 * docs/realtime.md shows the same logic.
 */
export class ResyncingClient {
  readonly socket: Socket;
  readonly applied: ClassroomEvent[] = [];
  lastId = 0;
  recoveredConnections = 0;
  connections = 0;
  private resyncing: Promise<void> = Promise.resolve();
  private heldBack: ClassroomEvent[] | null = null;
  private again = false;

  constructor(url: string, token: string, lastId = 0) {
    this.lastId = lastId;
    this.socket = io(`${url}/classroom`, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    });
    for (const type of CLASSROOM_EVENT_TYPES) {
      this.socket.on(type, (e: ClassroomEvent) => (this.heldBack ? this.heldBack.push(e) : this.apply(e)));
    }
    this.socket.on('connect', () => {
      this.connections++;
      if (this.socket.recovered) this.recoveredConnections++;
      this.resyncing = this.resync();
    });
    this.socket.on('resync:required', () => (this.resyncing = this.resync()));
  }

  /** Resolves once connected and caught up. */
  async ready(): Promise<void> {
    if (!this.socket.connected)
      await new Promise<void>((resolve) => this.socket.once('connect', () => resolve()));
    await this.resyncing;
  }

  /** Simulates a network failure (the server sees a transport close, the client reconnects by itself). */
  dropConnection(): void {
    this.socket.io.engine.close();
  }

  ids(): number[] {
    return this.applied.map((e) => e.id);
  }

  close(): void {
    this.socket.close();
  }

  private async resync(): Promise<void> {
    if (this.heldBack) {
      this.again = true;
      return this.resyncing;
    }
    this.heldBack = [];
    try {
      do {
        this.again = false;
        await this.catchUp();
      } while (this.again);
    } finally {
      const live = this.heldBack;
      this.heldBack = null;
      for (const e of live) this.apply(e);
    }
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const ack = (await this.socket.timeout(10_000).emitWithAck('resync', { after: this.lastId })) as {
        ok: boolean;
        events: ClassroomEvent[];
        more: boolean;
      };
      if (!ack.ok) throw new Error('resync refused');
      for (const e of ack.events) this.apply(e);
      if (!ack.more) return;
    }
  }

  private apply(e: ClassroomEvent): void {
    if (e.id <= this.lastId) return;
    this.lastId = e.id;
    this.applied.push(e);
  }
}
