export * from './database';
export * from './embedded-postgres';
export * from './migrations';
export * from './database.provider';
export * from './database.module';
