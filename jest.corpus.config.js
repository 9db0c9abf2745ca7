// `npm run test:corpus`: the suites whose point is the real primary-source corpus (acceptance examples on the whole
// corpus, real-corpus chunking properties, the validation set's gold spans). The corpus is found as the app finds
// it (CORPUS_DIR, else ./corpus, else ../shared/corpus); without one, the first suite fails naming every place it
// looked (tests/corpus-real/support/real-corpus-env.ts) and `bail` stops the run there.
const base = require('./jest.config.js');

// The corpus as given when jest started (suites later point CORPUS_DIR at temporary directories).
process.env.PARLEY_TEST_CORPUS_DIR ??= process.env.CORPUS_DIR ?? '';

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/corpus-real/**/*.corpus.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  bail: 1,
};
