import { isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { corsOrigins, loadConfig } from '@parley/config';
import { ErrorCode, HttpExceptionFilter, projectRoot } from '@parley/core';
import { AppLogger, logLevelsUpTo } from './app.logger';
import { AppModule } from './app.module';
import { ResponseContractInterceptor } from './http/response-contract';
import { securityHeaders } from './http/security-headers';
import { buildOpenApiDocument } from './openapi/openapi.document';

/** A URL whose percent-escapes are not UTF-8 (`%FF`, `%C0%AE`, a lone `%`) is refused before any route sees it. */
function rejectMalformedUrls(req: Request, res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.url);
  } catch {
    res.status(400).json({
      statusCode: 400,
      code: ErrorCode.BadRequest,
      message: 'The URL is not valid percent-encoded UTF-8.',
    });
    return;
  }
  next();
}

/** JSON is UTF-8 (RFC 8259): a body with other bytes is refused rather than silently repaired with U+FFFD. */
function requireUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error('The request body is not valid UTF-8.'), { status: 400 });
}

/** `TRUST_PROXY` as Express takes it: a boolean, a hop count, or addresses and subnets (`loopback, 10.0.0.0/8`). */
function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Builds the configured Nest application (not yet listening); used by main.ts and the e2e tests. */
export async function createApp(): Promise<NestExpressApplication> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: false,
    logger: new AppLogger({
      logLevels: config.NODE_ENV === 'test' ? ['error', 'warn'] : logLevelsUpTo(config.LOG_LEVEL),
    }),
    bodyParser: false,
  });
  return configureApp(app);
}

/**
 * Body parsing, headers, CORS, the error filter, OpenAPI and the web app: everything `createApp` adds to
 * the module. Tests that build `AppModule` with overridden providers (created with `bodyParser: false`) call it too.
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = loadConfig();
  // Naming the framework helps only an attacker.
  app.disable('x-powered-by');
  // Unset: no proxy is trusted, so `X-Forwarded-For` cannot choose the address rate limits are keyed on.
  if (config.TRUST_PROXY !== undefined) app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.use(rejectMalformedUrls);
  app.useBodyParser('json', { limit: '32kb', verify: requireUtf8 });
  app.use(securityHeaders);
  app.enableCors({ origin: corsOrigins(config) });
  app.useGlobalFilters(new HttpExceptionFilter());
  // Every JSON body a route returns is checked against the contract it declared (and /api/docs shows).
  app.useGlobalInterceptors(new ResponseContractInterceptor());
  // No enableShutdownHooks(): main.ts handles SIGTERM itself, draining answers in flight before app.close().
  // Only the JSON document: a YAML copy at /api/docs-yaml would be one more route that nothing lists.
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(), {
    jsonDocumentUrl: 'api/docs/openapi.json',
    raw: ['json'],
  });
  const web = join(projectRoot(), 'apps', 'web', 'dist');
  if (existsSync(join(web, 'index.html'))) app.useStaticAssets(web, { index: 'index.html' });
  return app;
}
