export * from './database';
export * from './embedded-postgres';
export * from './migrations';
export * from './named-parameters';
export * from './database.provider';
export * from './database.module';
