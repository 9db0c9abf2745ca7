/* global module */
// Module boundaries of Parley (docs/architecture.md), checked by `npm run lint`.
// tests/lint/dependency-boundaries.test.ts shows that each rule fails on a deliberate violation.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      comment: 'Dependencies point from apps to libs, never back.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'leaf-libs-import-no-lib',
      comment: 'contracts, core and text are leaves: they import nothing of ours.',
      severity: 'error',
      from: { path: '^libs/(contracts|core|text)/' },
      to: { path: '^(libs|apps)/', pathNot: '^libs/$1/' },
    },
    {
      name: 'no-deep-imports-between-libs',
      comment: "A lib imports another lib only through its index.ts (the '@parley/<lib>' alias).",
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'no-deep-imports-from-apps',
      comment: "An app imports a lib only through its index.ts (the '@parley/<lib>' alias).",
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'no-test-helpers-in-barrels',
      comment: "A lib's index.ts exports product code only; test helpers are imported by path from tests.",
      severity: 'error',
      from: { path: '^libs/[^/]+/src/index\\.ts$' },
      to: { path: '(\\.spec\\.ts$|\\.test\\.ts$|/testing(\\.ts$|/)|^tests/)' },
    },
    {
      name: 'product-code-imports-no-tests',
      comment: 'Product code never reaches into specs or the tests/ tree.',
      severity: 'error',
      from: { path: '^(libs|apps)/', pathNot: '(\\.spec\\.tsx?$|/testing(\\.ts$|/))' },
      to: { path: '(\\.spec\\.tsx?$|^tests/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
