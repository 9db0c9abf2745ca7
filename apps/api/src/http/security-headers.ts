import type { NextFunction, Request, Response } from 'express';

// The web app keeps session tokens in localStorage, so no script may run unless it is a file served from here.
const BASE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // 'self' covers the same-origin socket.io WebSocket in CSP Level 3 browsers.
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** The web app and every api response: styles only from files (React sets inline styles through the DOM, which CSP allows). */
export const APP_CSP = [...BASE_POLICY, "style-src 'self'"].join('; ');

/**
 * Swagger UI at `/api/docs`: its page carries `<style>` blocks and a `style` attribute, so styles may be
 * inline there; scripts still only from files (its init script is served as `swagger-ui-init.js`).
 */
export const DOCS_CSP = [...BASE_POLICY, "style-src 'self' 'unsafe-inline'"].join('; ');

const DOCS_PATH = /^\/api\/docs(\/|$)/;

/** Headers every response carries; routes with stricter needs (the HTML transcript) replace the CSP. */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', DOCS_PATH.test(req.path) ? DOCS_CSP : APP_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}
