export * from './common.schema';
export * from './search.schema';
export * from './chat.schema';
export * from './classroom.schema';
export * from './realtime.schema';
export * from './debate-claim';
