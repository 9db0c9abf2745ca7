import { Injectable } from '@nestjs/common';
import { RedisConnection, type RedisStatus } from '@parley/classroom';

export interface RealtimeHealthReport {
  /** `disabled`: no REDIS_URL (one instance); `unavailable`: configured but unreachable (this instance alone). */
  redis: RedisStatus;
}

/** The real-time layer's part of `/health`. */
@Injectable()
export class RealtimeHealth {
  constructor(private readonly redis: RedisConnection) {}

  report(): RealtimeHealthReport {
    return { redis: this.redis.status() };
  }
}
