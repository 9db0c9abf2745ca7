// `npm run test:fast`: the unit and property specs beside the code (libs/**, apps/**) and nothing that boots the app,
// an embedded database or a browser. For the edit-test loop; `npm test` still runs these and everything else.
const base = require('./jest.config.js');

// Specs that start an embedded database (PGlite): medium-tier tests, left to `npm test`.
const BOOTS_A_DATABASE = ['<rootDir>/libs/database/src/database.spec.ts'];

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, ...BOOTS_A_DATABASE],
};
