/**
 * Unit, mocks and conformance tests (npm test). The VM boot proof has its own config (jest.vm.config.js).
 * ts-jest transpiles each file on its own (tsconfig `isolatedModules`); `npm test` type-checks with tsc.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/vm/"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  testTimeout: 120000,
};
