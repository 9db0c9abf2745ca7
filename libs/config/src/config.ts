import { isAbsolute, join } from 'node:path';
import { describeIssues, projectRoot } from '@parley/core';
import { ConfigSchema, type AppConfig } from './config.schema';

export class ConfigError extends Error {}

let cached: AppConfig | undefined;

function emptyToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
}

/** Parses an environment; throws one error that lists every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const result = ConfigSchema.safeParse(emptyToUndefined(env));
  if (!result.success) {
    throw new ConfigError(`Invalid configuration: ${describeIssues(result.error.issues)}`);
  }
  return result.data;
}

/** The process configuration, parsed once from `process.env` and cached. */
export function loadConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Forgets the cached configuration (tests change the environment between suites). */
export function resetConfigCache(): void {
  cached = undefined;
}

/** Resolves a configured path against the project root. */
export function resolvePath(p: string): string {
  return isAbsolute(p) || p.startsWith('memory://') ? p : join(projectRoot(), p);
}

export function dataDir(config: AppConfig): string {
  return resolvePath(config.DATA_DIR);
}

export function corsOrigins(config: AppConfig): string[] {
  return config.CORS_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
