export * from './config.schema';
export * from './config';
export * from './config.module';
