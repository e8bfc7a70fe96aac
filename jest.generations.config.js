/**
 * The conformance suite on four cloud-init generations (npm run test:generations): Debian chroots with
 * cloud-init 20.4.1, 22.4.2, 25.1.4 and 26.2, built once (cached) by the global setup. Needs root to build them.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/generations"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  globalSetup: "<rootDir>/test/generations/global-setup.ts",
  testTimeout: 1800000,
};
