export * from './hybrid-search.repository';
export * from './query-text';
export * from './retrieval.service';
export * from './retrieval-tuning';
export * from './retrieval.module';
