export * from './common.schema';
export * from './search.schema';
export * from './chat.schema';
