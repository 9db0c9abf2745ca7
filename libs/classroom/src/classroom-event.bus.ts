import { Injectable, Logger } from '@nestjs/common';
import type { Audience, ClassroomEvent, TransientEventType } from '@parley/contracts';

/** What the classroom lib asks the real-time layer to deliver; the socket.io gateway is the subscriber. */
export type Delivery =
  | { kind: 'event'; event: ClassroomEvent; audience: Audience }
  | { kind: 'transient'; classroomId: string; type: TransientEventType; data: unknown; audience: Audience }
  /** Closes connections: one participant's, every student's (session ended) or everyone's (session deleted). */
  | { kind: 'disconnect'; classroomId: string; who: { participantId: string } | 'students' | 'everyone' };

export type DeliveryListener = (delivery: Delivery) => void;

/** In-process fan-out from the classroom services to the gateways (which fan out across instances). */
@Injectable()
export class ClassroomEventBus {
  private readonly logger = new Logger(ClassroomEventBus.name);
  private readonly listeners = new Set<DeliveryListener>();

  subscribe(listener: DeliveryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(delivery: Delivery): void {
    for (const listener of this.listeners) {
      try {
        listener(delivery);
      } catch (e) {
        this.logger.error(`delivery listener failed: ${(e as Error).stack ?? String(e)}`);
      }
    }
  }
}
