/**
 * Unit, mocks and conformance tests (npm test). The VM boot proof (jest.vm.config.js) and the conformance
 * suite on four cloud-init generations (jest.generations.config.js) have their own configs.
 * ts-jest transpiles each file on its own (tsconfig `isolatedModules`); `npm test` type-checks with tsc.
 */
module.exports = {
  // jest's node environment; a worker that ended cleanly skips Node's own teardown (see the file: without it
  // every run printed "A worker process has failed to exit gracefully").
  testEnvironment: "<rootDir>/test/helpers/jest-environment.js",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/vm/", "<rootDir>/test/generations/"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  // The examples import the package by name (as a copied example does); here that name is the working tree.
  moduleNameMapper: { "^bootstrapped-vm$": "<rootDir>/src/index.ts" },
  testTimeout: 120000,
  // Two workers on CI's two cores. Jest's default is one fewer worker than cores, so one there, and with one worker
  // jest runs every file inside its own process, one after another (README, Testing: 689 s against 363 s).
  maxWorkers: 2,
  // A worker whose heap holds more than 512 MB after a test file is replaced by a new one. Every test file loads
  // the Pulumi SDK into a registry of its own, and without a limit a worker grew to 3-6 GB (RSS) by the end of the
  // run; ending such a worker took longer than jest waits (test/helpers/jest-environment.js). With it the run
  // started 7 workers instead of 2 and they ended at 0.7-0.9 GB.
  workerIdleMemoryLimit: "512MB",
};
