/**
 * What `diff` shows of secrets: by default none. Each side's documents are shown as the component's review
 * record shows them (render/review.ts: values derived from passwords and private keys, files marked
 * secret, private keys wherever they are, and every secret string the spec holds are replaced), and the
 * digests of documents that hold secrets (the content hash, the instance-id made from it) with them, as
 * the record does. A secret the other side holds too is `<redacted>` on both sides; one the other side
 * lacks (changed, added or removed) is `<redacted: before>` on the old side and `<redacted: after>` on the
 * new, so the diff shows the line that changed without its value, as `pulumi preview` shows `[secret]`.
 * `--show-secrets` shows the documents as rendered.
 */
import {
  REDACTED,
  reviewUserData,
  reviewVendorData,
  secretStrings,
  sweep,
  type Redact,
} from "../render/review";
import { redactPrivateKeys } from "../render/private-key";
import { fixedInstanceId } from "../render/render-all";
import type { RenderedDocuments } from "../render/types";
import type { BootstrapSpec } from "../spec/types";

/** One side of a diff: its spec, its rendering and its review documents (name, text). */
export interface DiffSide {
  spec: BootstrapSpec;
  docs: RenderedDocuments;
  documents: [string, string][];
}

/**
 * The secret strings of a side, longest first: the review record's, their JSON-escaped forms (as they
 * appear in the config drive's JSON files) and the digests of documents that hold secrets.
 */
function sideSecrets(side: DiffSide): string[] {
  const { docs, spec } = side;
  const strings = secretStrings(docs, spec);
  const digests = [docs.contentHash, ...(fixedInstanceId(spec) === undefined ? [docs.instanceId] : [])];
  const escaped = strings.map((s) => JSON.stringify(s).slice(1, -1)).filter((s) => !strings.includes(s));
  return [...new Set([...strings, ...escaped, ...digests])].sort((a, b) => b.length - a.length);
}

/** The side's documents with every secret shown as `redact` says (unchanged without secrets). */
function hiddenDocuments(side: DiffSide, redact: Redact): [string, string][] {
  const { docs, spec, documents } = side;
  if (!docs.containsSecrets) return documents;
  const secrets = sideSecrets(side);
  const shown = (text: string) => redactPrivateKeys(sweep(text, secrets, redact), redact);
  return documents.map(([name, text]): [string, string] => {
    if (name === "user-data") return [name, shown(reviewUserData(docs, spec, secrets, redact))];
    if (name === "vendor-data") return [name, shown(reviewVendorData(docs, spec, secrets, redact))];
    return [name, shown(text)];
  });
}

/** Every secret `hiddenDocuments` hides on this side (what each `redact` call was given). */
function hiddenSecrets(side: DiffSide): Set<string> {
  const seen = new Set<string>();
  hiddenDocuments(side, (secret) => {
    seen.add(secret);
    return REDACTED;
  });
  return seen;
}

/**
 * Both sides' documents with secrets hidden: `<redacted>` where the other side holds the same secret. A
 * side that is no spec (null: `diff -N`) has no documents and no secrets.
 */
export function hideSecrets(
  before: DiffSide | null,
  after: DiffSide | null,
): [[string, string][], [string, string][]] {
  const inBefore = before === null ? new Set<string>() : hiddenSecrets(before);
  const inAfter = after === null ? new Set<string>() : hiddenSecrets(after);
  const marker = (other: ReadonlySet<string>, changed: string): Redact => {
    return (secret) => (other.has(secret) ? REDACTED : changed);
  };
  return [
    before === null ? [] : hiddenDocuments(before, marker(inAfter, "<redacted: before>")),
    after === null ? [] : hiddenDocuments(after, marker(inBefore, "<redacted: after>")),
  ];
}
