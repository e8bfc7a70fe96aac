// Lint: typescript-eslint's recommended rules; formatting is prettier's job (npm run lint runs both).
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    ignores: [
      ".vm-cache/**",
      "dist/**",
      "node_modules/**",
      "out/**",
      "coverage/**",
      "bin/**",
      "examples/*/node_modules/**",
      "*.config.js",
    ],
  },
  tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // `@ts-ignore` only where a published .d.ts imports an optional peer's types (src/platforms/optional-peer.ts).
      "@typescript-eslint/ban-ts-comment": [
        "error",
        { "ts-ignore": { descriptionFormat: "^ optional peer \\(src/platforms/optional-peer\\.ts\\) $" } },
      ],
    },
  },
);
