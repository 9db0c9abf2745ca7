import { Injectable } from '@nestjs/common';
import { RedisConnection } from '@parley/classroom';
import type { HealthReport } from '@parley/contracts';

export type RealtimeHealthReport = HealthReport['realtime'];

/** The real-time layer's part of `/health`. */
@Injectable()
export class RealtimeHealth {
  constructor(private readonly redis: RedisConnection) {}

  report(): RealtimeHealthReport {
    return { redis: this.redis.status() };
  }
}
