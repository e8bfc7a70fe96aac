/**
 * Proof by cloud-init: every cloud-config document the corpus renders (the user-data, each cloud-config
 * part of a MIME user-data, jinja templates that render to cloud-config, vendor-data) passes Debian
 * cloud-init 22.4's `cloud-init schema -c FILE`, without deprecation warnings.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { userDataParts } from "../../src/render/user-data";
import { requireCloudInit, runCloudInit } from "../helpers/cloud-init";
import { renderCorpus, RenderedCorpusEntry } from "./corpus-documents";

const CLOUD_CONFIG_HEADER = "#cloud-config";

/** Every cloud-config document of an entry, by a name saying where it comes from. */
function cloudConfigDocuments(entry: RenderedCorpusEntry): [string, string][] {
  const docs: [string, string][] = [];
  const parts = userDataParts(entry.spec, entry.docs.cloudConfig);
  if (parts.length === 1) docs.push(["user-data", entry.docs.userData]);
  for (const part of parts.length === 1 ? [] : parts) {
    if (part.contentType === "text/cloud-config") {
      const text = part.content.startsWith(CLOUD_CONFIG_HEADER)
        ? part.content
        : `${CLOUD_CONFIG_HEADER}\n${part.content}`;
      docs.push([`part ${part.filename}`, text]);
    } else if (part.contentType === "text/jinja2") {
      const body = part.content.replace(/^## template: jinja\n/, "");
      if (body.startsWith(CLOUD_CONFIG_HEADER)) docs.push([`jinja part ${part.filename}`, body]);
    }
  }
  if (entry.docs.vendorData !== undefined) docs.push(["vendor-data", entry.docs.vendorData]);
  return docs;
}

const cases = renderCorpus().flatMap((entry) =>
  cloudConfigDocuments(entry).map(([what, text]) => ({ label: `${entry.name}: ${what}`, text })),
);
let dir: string;

beforeAll(() => {
  requireCloudInit();
  dir = mkdtempSync(join(tmpdir(), "cloud-config-schema-"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("cloud-init schema -c", () => {
  it("checks at least one document per corpus spec", () => {
    const specs = new Set(cases.map((c) => c.label.split(":")[0]));
    expect(specs.size).toBe(renderCorpus().length);
  });

  it.each(cases.map((c) => [c.label, c.text]))("accepts %s", (label, text) => {
    const file = join(dir, `${label.replace(/[^A-Za-z0-9.-]+/g, "_")}.yaml`);
    writeFileSync(file, text);
    const result = runCloudInit(["schema", "-c", file]);
    const output = `${result.stdout}${result.stderr}`;
    expect({ status: result.status, output }).toEqual({
      status: 0,
      output: expect.stringContaining("Valid cloud-config"),
    });
    expect(output).not.toMatch(/deprecat/i);
  });
});
