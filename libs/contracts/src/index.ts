export * from './common.schema';
export * from './search.schema';
export * from './chat.schema';
export * from './conversation.schema';
export * from './persona.schema';
export * from './health.schema';
export * from './classroom.schema';
export * from './realtime.schema';
