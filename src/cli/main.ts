/**
 * The `bootstrapped-vm` command line: dispatches to one module per command. Command modules load on
 * demand, so `--help` and light commands start fast.
 */
import type { Command } from "./command";
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, InputError, UsageError } from "./errors";
import { setStdoutFailureStatus, writeStderr, writeStdout } from "./stdout";

const PROGRAM = "bootstrapped-vm";

interface CommandEntry {
  name: string;
  summary: string;
  load: () => Command;
}

/** `; did you mean render?` for a mistyped command (the parser is loaded only on this error path). */
function commandHint(word: string, withList = false): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy loading keeps start-up time low
  const { didYouMean, hintThenList } = require("./args") as typeof import("./args");
  const names = COMMANDS.map((c) => c.name);
  const hint = didYouMean(word, names);
  return withList ? hintThenList(hint, `commands: ${names.join(", ")}`) : hint;
}

/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading keeps start-up time low */
const COMMANDS: readonly CommandEntry[] = [
  {
    name: "render",
    summary: "render a spec into a seed image, directory, guestinfo/vApp map or single document",
    load: () => (require("./render") as typeof import("./render")).renderCommand,
  },
  {
    name: "validate",
    summary: "check a spec file and print every problem with its property path",
    load: () => (require("./validate") as typeof import("./validate")).validateCommand,
  },
  {
    name: "diff",
    summary: "unified diff of what two spec files render (exit 0 same, 1 differ, 2 trouble)",
    load: () => (require("./diff") as typeof import("./diff")).diffCommand,
  },
  {
    name: "schema",
    summary: "print the JSON Schema of BootstrapSpec (for editors)",
    load: () => (require("./schema") as typeof import("./schema")).schemaCommand,
  },
  {
    name: "serve",
    summary: "serve specs to guests: a NoCloud HTTP seed, or an OpenStack metadata service",
    load: () => (require("./serve") as typeof import("./serve")).serveCommand,
  },
  {
    name: "render-sample",
    summary: "render examples/sample-spec.yaml to DIR/nocloud.iso and DIR/config-drive.iso",
    load: () => (require("./render-sample") as typeof import("./render-sample")).renderSampleCommand,
  },
];
/** The entry of `render --out-dir`'s worker threads (src/cli/render-parallel.ts). */
export function runRenderWorker(): void {
  (require("./render-parallel") as typeof import("./render-parallel")).workerMain();
}
/* eslint-enable @typescript-eslint/no-require-imports */

export const TOP_HELP = `Usage: ${PROGRAM} COMMAND [options]

Turns one platform-neutral VM bootstrap spec (YAML or JSON) into the cloud-init data each platform
needs, without Pulumi: seed images for Packer, libvirt or Proxmox, guestinfo/vApp maps, reviews.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(15)}${c.summary}`).join("\n")}

Run '${PROGRAM} COMMAND --help' for a command's options.
Exit status: 0 success, 1 invalid input (diff: differences found), 2 usage error (diff: or trouble).`;

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { packageRoot } = require("./package-root") as typeof import("./package-root");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`${packageRoot()}/package.json`) as { version: string }).version;
}

/** Runs the command line `argv` (without node and script); resolves to the exit status. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  setStdoutFailureStatus(first === "diff" ? EXIT_USAGE : EXIT_INPUT);
  try {
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      const topic = first === "help" ? rest[0] : undefined;
      const entry = topic === undefined ? undefined : COMMANDS.find((c) => c.name === topic);
      if (topic !== undefined && !entry)
        throw new UsageError(`unknown command "${topic}"${commandHint(topic)}`);
      const text = `${entry ? entry.load().help : TOP_HELP}\n`;
      if (first === undefined) {
        writeStderr(text);
        return EXIT_USAGE;
      }
      writeStdout(text);
      return EXIT_OK;
    }
    if (first === "--version" || first === "-V") {
      writeStdout(`${version()}\n`);
      return EXIT_OK;
    }
    const entry = COMMANDS.find((c) => c.name === first);
    if (!entry) throw new UsageError(`unknown command "${first}"${commandHint(first, true)}`);
    return await entry.load().run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      const lines = err.message
        .split("\n")
        .map((l) => `${PROGRAM}${err.command ? ` ${err.command}` : ""}: ${l}`);
      const hint = `Try '${PROGRAM}${err.command ? ` ${err.command}` : ""} --help'.`;
      writeStderr(`${[...lines, hint].join("\n")}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof InputError) {
      writeStderr(err.lines.map((l) => `${l}\n`).join(""));
      return EXIT_INPUT;
    }
    const detail = process.env.BOOTSTRAPPED_VM_DEBUG ? (err as Error)?.stack : (err as Error)?.message;
    writeStderr(`${PROGRAM}: error: ${detail ?? String(err)}\n`);
    return EXIT_INPUT;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
