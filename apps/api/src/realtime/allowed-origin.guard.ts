import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, corsOrigins, type AppConfig } from '@parley/config';
import { AppError, ErrorCode } from '@parley/core';
import { isOriginAllowed } from './socket-server.options';

/**
 * Refuses a request that a page on another site makes the browser send: CORS hides the answer from that page,
 * but the request would still spend this address's rate limit. Same-origin pages, the listed origins and
 * non-browser clients (no Origin, no `Sec-Fetch-Site: cross-site`) pass.
 */
@Injectable()
export class AllowedOriginGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const { origin, host } = req.headers;
    const crossSite = origin === undefined && req.headers['sec-fetch-site'] === 'cross-site';
    if (crossSite || !isOriginAllowed(origin, host, corsOrigins(this.config)))
      throw new AppError(ErrorCode.Forbidden, 'Requests from pages on other sites are not allowed here.');
    return true;
  }
}
