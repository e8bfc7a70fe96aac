/**
 * `bootstrapped-vm diff OLD_SPEC NEW_SPEC`: what a VM would receive differently, for code review.
 * Exit status as diff(1): 0 no differences, 1 differences, 2 trouble (an unreadable or invalid spec,
 * named by its file, or a usage error).
 */
import type { Command } from "./command";
import { parseCommandLine, stringListOption } from "./args";
import { EXIT_OK, UsageError, inFile } from "./errors";
import { statSync } from "node:fs";
import { loadSpec, specName, STDIN } from "./load-spec";
import { toInputError } from "./render-documents";
import {
  deliveredNetworkDocument,
  formatDocuments,
  mergedDocumentNames,
  reviewDocuments,
} from "./review-documents";
import {
  formatByName,
  parseRenderFlags,
  RENDER_OPTIONS,
  RENDER_OPTIONS_HELP,
  withDocuments,
  type RenderChoice,
} from "./render-options";
import type { OutputFormat } from "./formats";
import { hideSecrets, type DiffSide } from "./diff-secrets";
import { writeStderr, writeStdout } from "./stdout";
import { MAX_EDITS, unifiedDiff } from "./unified-diff";

const NAME = "diff";
const EXIT_DIFFERENT = 1;
const EXIT_TROUBLE = 2;

const HELP = `Usage: bootstrapped-vm diff OLD_SPEC NEW_SPEC [--format FORMAT]... [--all] [-N] [options]

Renders both spec files (one of them may be -: stdin) and prints a unified diff of the documents a
guest receives that differ. With -N (as diff -N), an absent spec file, or /dev/null, is no spec: the
other side's documents are printed as wholly added (or removed), e.g. for a spec a commit adds.
Without --format: every document (user-data, meta-data, vendor-data, network-config v2 and v1, the
config-drive files (meta_data.json, network_data.json, vendor_data.json, with --legacy-network-file
content/0000), guestinfo.metadata decoded (with its network decoded), the guestinfo keys with their
encodings and sizes, and the vApp properties); a transport whose format refuses a spec shows that
format's problems in its place (e.g. "guestinfo: refused"), so a change that makes a format
impossible is a difference too. With --format (repeatable): only the documents of the formats you
deploy, e.g. --format nocloud-iso for user-data, meta-data, vendor-data and network-config; a spec
that 'bootstrapped-vm render --format F' refuses is trouble (exit 2), with the same problems.
The last line names the documents that differ; with --all it also counts them ("3 of 13 documents
differ"). A changed document usually changes the instance-id too (contentHash policy): that is what
makes cloud-init run again on the next boot. The render options (--mac, --network-version,
--legacy-network-file, --cloud-init, --seeder) apply to both specs, as render takes them.

Options:
  -f, --format FORMAT      compare only the documents of this render format (repeatable)
      --all                compare every document and count them in the last line
  -N, --new-file           an absent OLD_SPEC or NEW_SPEC (or /dev/null) is no spec: every document
                           of the other is added (or removed)
${RENDER_OPTIONS_HELP}
  -q, --brief              print only the last line, which documents differ (as diff -q)
      --show-secrets       print password hashes, private keys, files marked secret and the digests
                           made from them (hidden by default: a secret that changed shows as
                           <redacted: before> / <redacted: after>)
  -h, --help               show this help

Exit status (as diff(1)): 0 no differences, 1 differences, 2 trouble: an unreadable or invalid
spec, or one a chosen format refuses (each problem is printed with the file it is in), or a usage
error.`;

/** The transports whose format can refuse a spec, by the format name `reviewDocuments` reports. */
const REFUSED_AS: Readonly<Record<string, string>> = {
  configdrive: "config drive: refused",
  guestinfo: "guestinfo: refused",
  vapp: "vApp properties: refused",
};

/**
 * The formats whose output is one transport of `reviewDocuments` as it is (no more is built from it, so
 * nothing more can refuse), by that transport: the review's rendering stands for `render --format F`'s,
 * whose refusal is the review's. (configdrive-iso builds an image from the tree, which can refuse more.)
 */
const REVIEWED_AS: Readonly<Record<string, string>> = {
  "configdrive-dir": "configdrive",
  guestinfo: "guestinfo",
  vapp: "vapp",
};

/** What `-N` takes for no spec: the null device, as diff(1) and git name a side that has no file. */
const NO_FILE = "/dev/null";

interface Side {
  /** The side as rendered, unless it is trouble; null: no spec (`-N` and an absent file). */
  rendered?: DiffSide | null;
  network?: string;
  problems: string[];
}

/**
 * Loads and renders one side: every review document, and each chosen format's output exactly as `render
 * --format F` makes it (so it refuses what render refuses, with the same lines; the first chosen format
 * that refuses, as render would). Each transport is rendered once: a format `REVIEWED_AS` one is checked
 * by the review's rendering of it. Every problem comes back with its file.
 */
function reviewSide(
  path: string,
  formats: readonly OutputFormat[],
  choice: RenderChoice,
  newFile: boolean,
): Side {
  if (path !== STDIN && isAbsent(path)) {
    if (newFile) return { rendered: null, problems: [] };
    if (path !== NO_FILE) {
      return {
        problems: [`${specName(path)}: cannot read spec: no such file (-N takes an absent spec as none)`],
      };
    }
  }
  try {
    return withDocuments(loadSpec(path), choice, (spec, docs) => {
      const network = deliveredNetworkDocument(docs);
      const refused = new Map<string, unknown>();
      // In place of a refused transport's documents: its problems, unplaced (the two files' names and
      // lines would differ for the same problem).
      const documents = reviewDocuments(spec, docs, choice.flags, (format, err) => {
        if (err !== undefined) refused.set(format, err);
        return [
          REFUSED_AS[format] ?? format,
          err === undefined ? "" : `${toInputError(err).lines.join("\n")}\n`,
        ];
      });
      for (const format of formats) {
        const transport = REVIEWED_AS[format.name];
        if (transport === undefined) format.render(spec, docs, choice.flags);
        else if (refused.has(transport)) throw refused.get(transport);
      }
      return { rendered: { spec, docs, documents }, ...(network ? { network } : {}), problems: [] };
    });
  } catch (err) {
    const lines = toInputError(err).lines;
    return { problems: lines.map((l) => inFile(specName(path), l)) };
  }
}

/** Whether `path` names no spec for `-N`: the null device, or a file that does not exist. */
function isAbsent(path: string): boolean {
  if (path === NO_FILE) return true;
  try {
    statSync(path);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT";
  }
}

export const diffCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(
      NAME,
      argv,
      {
        ...RENDER_OPTIONS,
        format: { type: "string", multiple: true, short: "f" },
        all: { type: "boolean" },
        "new-file": { type: "boolean", short: "N" },
        "show-secrets": { type: "boolean" },
        brief: { type: "boolean", short: "q" },
      },
      ["OLD_SPEC", "NEW_SPEC"],
    );
    if (cl.help) {
      writeStdout(`${HELP}\n`);
      return EXIT_OK;
    }
    const formats = stringListOption(cl, "format").map((name) => formatByName(name, NAME));
    const all = cl.values.all === true;
    if (all && formats.length > 0) throw new UsageError("--all compares every document; drop --format", NAME);
    // Without --format every format is compared, so each option applies.
    const names = formats.map((f) => f.name);
    const choice: RenderChoice = {
      format: undefined,
      ...parseRenderFlags(cl, NAME, names.length > 0 ? names : "every"),
    };
    const version = choice.flags.networkVersion;
    const selectors = formats.map((f): ((doc: string, network: ReadonlySet<string>) => boolean) => {
      // --network-version: --format network-config is that version (render's), not the one delivered.
      if (f.name === "network-config" && version !== undefined)
        return (doc) => doc === `network-config (v${version})`;
      const selector = formatDocuments(f.name);
      if (!selector)
        throw new UsageError(`--format ${f.name} is the same for every spec: nothing to diff`, NAME);
      return selector;
    });
    const [oldPath, newPath] = cl.positionals as [string, string];
    if (oldPath === STDIN && newPath === STDIN)
      throw new UsageError("- (stdin) can be one of the specs, not both", NAME);
    const newFile = cl.values["new-file"] === true;
    const before = reviewSide(oldPath, formats, choice, newFile);
    const after = reviewSide(newPath, formats, choice, newFile);
    // The network config the guests are given: v2, or v1 for either side (src/render/network-delivery.ts).
    const network = new Set([before.network, after.network].filter((n) => n !== undefined));
    const wanted = (doc: string) => selectors.length === 0 || selectors.some((s) => s(doc, network));
    const trouble = [...before.problems, ...after.problems];
    if (before.rendered === null && after.rendered === null) {
      trouble.push(
        `${specName(oldPath)} and ${specName(newPath)}: neither is a spec (-N): nothing to compare`,
      );
    }
    if (trouble.length > 0 || before.rendered === undefined || after.rendered === undefined) {
      writeStderr(trouble.map((l) => `${l}\n`).join(""));
      return EXIT_TROUBLE;
    }
    // --brief prints only which documents differ, decided on the documents as rendered: nothing is shown,
    // so no secret is hidden and no patch is made.
    const brief = cl.values.brief === true;
    const [oldShown, newShown] =
      brief || cl.values["show-secrets"] === true
        ? [before.rendered?.documents ?? [], after.rendered?.documents ?? []]
        : hideSecrets(before.rendered, after.rendered);
    const oldDocs = new Map(oldShown);
    const newDocs = new Map(newShown);
    // A document one side lacks (a transport its format refuses, a file it has not) compares with "".
    // A refusal neither side has is no document.
    const refusals = new Set(Object.values(REFUSED_AS));
    const compared = mergedDocumentNames(
      oldShown.map(([name]) => name),
      newShown.map(([name]) => name),
    ).filter((name) => wanted(name) && !(refusals.has(name) && !oldDocs.get(name) && !newDocs.get(name)));
    const changed: string[] = [];
    const notMinimal: string[] = [];
    let text = "";
    const oldRendered = new Map(before.rendered?.documents);
    const newRendered = new Map(after.rendered?.documents);
    for (const name of compared) {
      // Whether it differs is decided on the documents as rendered; what is printed is what is shown.
      if ((oldRendered.get(name) ?? "") === (newRendered.get(name) ?? "")) continue;
      changed.push(name);
      if (brief) continue;
      const oldText = oldDocs.get(name) ?? "";
      const newText = newDocs.get(name) ?? "";
      if (oldText === newText) {
        text += `${name}: only secret values differ (secrets that swapped places); --show-secrets shows them\n`;
        continue;
      }
      const patch = unifiedDiff({
        // A side with no spec (-N) is the null device, as diff -N and git show it.
        oldName: before.rendered === null ? NO_FILE : `a/${name}`,
        newName: after.rendered === null ? NO_FILE : `b/${name}`,
        oldText,
        newText,
        oldHeader: specName(oldPath),
        newHeader: specName(newPath),
      });
      text += patch.text;
      if (!patch.minimal) notMinimal.push(name);
    }
    if (changed.length === 0) return EXIT_OK;
    for (const name of notMinimal) {
      writeStderr(
        `note: ${name} differs in more than ${MAX_EDITS} lines (removed plus added): its diff is one hunk ` +
          "from the first to the last changed line, not a minimal diff\n",
      );
    }
    const summary = all
      ? `${changed.length} of ${compared.length} documents differ: ${changed.join(", ")}`
      : `differ: ${changed.join(", ")}`;
    writeStdout(`${text === "" ? "" : `${text}\n`}${summary}\n`);
    return EXIT_DIFFERENT;
  },
};
