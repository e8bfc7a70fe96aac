/** What every command module exports: its name, its help text and how to run it. */
export interface Command {
  name: string;
  /** The full `--help` text. */
  help: string;
  /** Runs the command with the arguments after its name; resolves to the exit status. */
  run(argv: readonly string[]): Promise<number>;
}
