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
}
