/**
 * Runs a TypeScript scenario in a separate Node process (transpiled on the fly with the project's
 * TypeScript) and returns what it printed as JSON. Used where Pulumi's runtime reports failures as
 * unhandled rejections, which a real `pulumi up` turns into the program's error but which would
 * otherwise fail the test process itself.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { ScenarioRecord } from "./scenarios/scenario-mocks";

/** What a scenario's program logged with `pulumi.log.error` (see `installScenarioMocks`). */
export type Logged = ScenarioRecord["logged"];

const HOOK = `
const fs = require("node:fs");
const ts = require("typescript");
require.extensions[".ts"] = (module, filename) => {
  const source = fs.readFileSync(filename, "utf8");
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(out.outputText, filename);
};
require(process.argv[1]);
`;

export function runScenario(name: string): unknown {
  const file = join(__dirname, "scenarios", `${name}.ts`);
  const stdout = execFileSync(process.execPath, ["-e", HOOK, file], {
    cwd: join(__dirname, "..", ".."),
    encoding: "utf8",
    timeout: 60000,
  });
  const lastLine = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(lastLine);
}
