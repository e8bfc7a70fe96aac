/** The boot proof: real Debian guests under QEMU (npm run test:vm). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/vm"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  testTimeout: 3600000,
};
