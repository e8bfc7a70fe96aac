/**
 * The one error the ISO writer throws: something the input asks for that ISO 9660, Rock Ridge or
 * Joliet cannot hold. Raised while validating, before a single byte of the image is written, and
 * listing every problem found, each with the path (or option) at fault and how to fix it.
 */

/** Which limit an input broke. */
export type IsoLimit =
  | "empty-name"
  | "dot-name"
  | "invalid-name"
  | "duplicate-path"
  | "file-directory-conflict"
  | "rock-ridge-name-length"
  | "joliet-name-length"
  | "joliet-name-character"
  | "depth"
  | "file-size"
  | "total-size"
  | "volume-id"
  | "timestamp"
  | "mode"
  | "missing-document";

/** One broken limit: `path` is the input path (or option name) at fault. */
export interface IsoProblem {
  limit: IsoLimit;
  path: string;
  message: string;
}

export class IsoLimitError extends Error {
  override readonly name = "IsoLimitError";
  /** The first problem's limit (every problem is in `problems`). */
  readonly limit: IsoLimit;
  /** The first problem's path. */
  readonly path: string;

  constructor(readonly problems: readonly IsoProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    const first = problems[0];
    this.limit = first?.limit ?? "invalid-name";
    this.path = first?.path ?? "";
  }
}

/** Collects problems; `throwIfAny` raises them together as one IsoLimitError. */
export class IsoProblems {
  private readonly list: IsoProblem[] = [];

  add(limit: IsoLimit, path: string, message: string): void {
    this.list.push({ limit, path, message });
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new IsoLimitError(this.list);
  }
}
