export * from './hybrid-search.repository';
export * from './query-text';
export * from './retrieval.service';
export * from './retrieval.module';
