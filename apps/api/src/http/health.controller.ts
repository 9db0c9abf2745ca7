import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthService } from './health.service';

@Controller()
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Get('health')
  async check(@Res() res: Response): Promise<void> {
    const report = await this.health.report();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  }

  /** For load balancers: 503 `shutting_down` from the moment a SIGTERM arrives, 503 `database_unavailable` without a database. */
  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    const readiness = await this.health.readiness();
    if (readiness.ready) res.status(200).json({ status: 'ready' });
    else res.status(503).json({ statusCode: 503, code: readiness.code, message: readiness.message });
  }
}
