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
  // Two workers on CI's two cores. Jest's default is one fewer worker than cores, so one there, and with one worker
  // jest runs every file inside its own process, one after another (README, Testing: 689 s against 363 s).
  maxWorkers: 2,
};
