// `npm test`: unit specs beside the code (libs/**, apps/**), integration and e2e suites under tests/, all on the
// invented fixture corpus and personas of tests/fixtures (nothing outside the repository is read). The suites on
// the real corpus, tests/corpus-real, run under `npm run test:corpus` (jest.corpus.config.js).

/** @type {import('jest').Config} */
const libs = [
  'config',
  'core',
  'text',
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
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/', '<rootDir>/tests/corpus-real/'],
  testTimeout: 60000,
  maxWorkers: 2,
  // Jest keeps every finished test file's vm context alive when its modules use dynamic import() under
  // --experimental-vm-modules (jestjs/jest#14605), and PGlite loads itself that way: each suite that starts an embedded
  // database left ~145 MB of WebAssembly memory and ~60 MB of heap behind in its worker, which grew to 3.7 GB and took
  // over jest's 500 ms to exit ("a worker process has failed to exit gracefully"). Plain Node frees a closed PGlite.
  // A worker whose heap passes this after a file is replaced by a fresh one.
  workerIdleMemoryLimit: '300MB',
  setupFiles: ['<rootDir>/tests/setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/tests/setup-after-env.ts'],
};
