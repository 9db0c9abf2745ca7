export * from './error-code';
export * from './app-error';
export * from './error-body';
export * from './http-exception.filter';
export * from './project-root';
export * from './zod-parse';
export * from './progress-bar';
export * from './text-words';
