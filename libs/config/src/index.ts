export { ConfigSchema, type AppConfig } from './config.schema';
export {
  ConfigError,
  corsOrigins,
  dataDir,
  loadConfig,
  parseConfig,
  resetConfigCache,
  resolvePath,
} from './config';
export { APP_CONFIG, ConfigModule } from './config.module';
