import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { corsOrigins, loadConfig } from '@parley/config';
import { HttpExceptionFilter, projectRoot } from '@parley/core';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi/openapi.document';

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

/** Builds the configured Nest application (not yet listening); used by main.ts and the e2e tests. */
export async function createApp(): Promise<NestExpressApplication> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: false,
    logger: config.NODE_ENV === 'test' ? ['error', 'warn'] : undefined,
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '32kb' });
  app.use(securityHeaders);
  app.enableCors({ origin: corsOrigins(config) });
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
  const web = join(projectRoot(), 'apps', 'web', 'dist');
  if (existsSync(join(web, 'index.html'))) app.useStaticAssets(web, { index: 'index.html' });
  return app;
}
