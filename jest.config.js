// Unit specs live beside the code (libs/**, apps/**); integration and e2e suites under tests/.
// The corpus the suites read, as given when jest started (suites later point CORPUS_DIR at temporary subsets).
process.env.PARLEY_TEST_CORPUS_DIR ??= process.env.CORPUS_DIR ?? '';

/** @type {import('jest').Config} */
const libs = [
  'config',
  'core',
  'contracts',
  'database',
  'corpus',
  'embeddings',
  'retrieval',
  'personas',
  'llm',
  'chat',
  'classroom',
];
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/tests/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: Object.fromEntries(libs.map((l) => [`^@parley/${l}$`, `<rootDir>/libs/${l}/src`])),
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/'],
  testTimeout: 60000,
  maxWorkers: 2,
  setupFiles: ['<rootDir>/tests/setup.ts'],
};
