/** The corpus rendered once per test file, with the helpers the conformance tests share. */
import { renderAll } from "../../src/render/render-all";
import { encodeUserData, MERGE_TYPE } from "../../src/render/mime";
import { userDataParts } from "../../src/render/user-data";
import type { RenderedDocuments } from "../../src/render/types";
import type { BootstrapSpec } from "../../src/spec/types";
import { loadCorpus } from "../corpus";

export interface RenderedCorpusEntry {
  name: string;
  spec: BootstrapSpec;
  docs: RenderedDocuments;
}

export function renderCorpus(): RenderedCorpusEntry[] {
  return loadCorpus().map(({ name, spec }) => ({ name, spec, docs: renderAll(spec) }));
}

/** A part as cloud-init's user-data processor reports it. */
export interface ProcessedPart {
  contentType: string;
  filename: string | null;
  payload: string;
  mergeType: string | null;
}

/**
 * The parts cloud-init must find in an entry's user-data: the rendered ones, a single document named
 * `part-001` by cloud-init, and each include-URL part replaced by what the (local, fake) fetch returned.
 */
export function expectedParts(entry: RenderedCorpusEntry): ProcessedPart[] {
  const parts = userDataParts(entry.spec, entry.docs.cloudConfig);
  if (parts.length === 1) {
    return [
      {
        contentType: "text/cloud-config",
        filename: "part-001",
        payload: entry.docs.userData,
        mergeType: null,
      },
    ];
  }
  const out: ProcessedPart[] = [];
  for (const part of parts) {
    if (part.contentType === "text/x-include-url") {
      for (const url of entry.spec.includeUrls ?? []) {
        out.push({
          contentType: "text/cloud-config",
          filename: `part-${String(out.length + 1).padStart(3, "0")}`,
          payload: `#cloud-config\nmerge_how: ${MERGE_TYPE}\nruncmd:\n  - echo included ${url}\n`,
          mergeType: null,
        });
      }
      continue;
    }
    out.push({
      contentType: part.contentType,
      filename: part.filename,
      payload: part.content,
      mergeType: part.merge ? MERGE_TYPE : null,
    });
  }
  return out;
}

/** The exact user-data bytes a transport carries, base64 (for passing to Python). */
export function userDataBase64(docs: RenderedDocuments): string {
  return encodeUserData(docs).toString("base64");
}
