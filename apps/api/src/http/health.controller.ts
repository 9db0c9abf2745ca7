import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthReportSchema, ReadySchema, type HealthReport, type Ready } from '@parley/contracts';
import { AppError } from '@parley/core';
import { HealthService } from './health.service';
import { Returns } from './response-contract';

@Controller()
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Get('health')
  @Returns(HealthReportSchema, 200, 'ok')
  @Returns(HealthReportSchema, 503, 'degraded or unavailable: the report says which part')
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.report();
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  /** For load balancers: 503 `shutting_down` from the moment a SIGTERM arrives, 503 `database_unavailable` without a database. */
  @Get('health/ready')
  @Returns(ReadySchema, 200, 'ready')
  async ready(): Promise<Ready> {
    const readiness = await this.health.readiness();
    if (!readiness.ready) throw new AppError(readiness.code, readiness.message);
    return { status: 'ready' };
  }
}
