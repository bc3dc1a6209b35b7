// Two projects: fast unit tests beside the code, and end-to-end tests that need the real broker and database.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2023' } }];
// jose ships ECMAScript modules only; jest's CommonJS runtime loads it once swc has compiled it.
const transform = { '^.+\\.ts$': swc, '/node_modules/jose/.+\\.js$': swc };
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
const moduleNameMapper = {
  '^@atlas/(auth|config|contracts|database|ingestion|kafka|observability|platform|testing)$': '<rootDir>/libs/$1/src',
  // Unit specs import their fixtures without the end-to-end helpers (kafkajs, pg, the database) of the index.
  '^@atlas/testing/unit-fixtures$': '<rootDir>/libs/testing/src/unit-fixtures',
};
module.exports = {
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testEnvironment: 'node',
      // 30 s for tests and hooks, for a loaded CI machine (testTimeout is not read from a project's configuration).
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/unit-timeout.ts'],
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/apps/**/test/**/*.e2e-spec.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testEnvironment: 'node',
      // 60 s for tests and hooks (testTimeout is not read from a project's configuration).
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/e2e-timeout.ts'],
    },
  ],
};
