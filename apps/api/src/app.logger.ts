import { ConsoleLogger, type LogLevel } from '@nestjs/common';

// Nest's own start-up chatter (a line per module, route, gateway message): useful when debugging, noise otherwise.
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestApplication',
]);

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The levels a `LOG_LEVEL` setting lets through: itself and everything more severe. */
export function logLevelsUpTo(level: 'error' | 'warn' | 'log' | 'debug' | 'verbose'): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}

/** The api's logger: Nest's framework lines at debug level, so start-up shows one line per phase. */
export class AppLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) super.debug(message, ...rest);
    else super.log(message, ...rest);
  }
}
