/**
 * Proof by cloud-init: every corpus user-data goes through Debian cloud-init 22.4's own user-data
 * processor and part handlers (MIME parsing, gzip detection, include-URLs, jinja, Merge-Type merging).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PYTHON_HELPERS, requireCloudInit, runPython } from "../helpers/cloud-init";
import { expectedParts, ProcessedPart, renderCorpus, userDataBase64 } from "./corpus-documents";

interface Processed {
  parts: ProcessedPart[];
  cloudConfigParts: Record<string, unknown>[];
  merged: Record<string, unknown>;
  written: Record<string, string>;
  includeRequests: string[];
}

const corpus = renderCorpus();
const names = corpus.map((e) => e.name);
let processed: Record<string, Processed>;

beforeAll(() => {
  requireCloudInit();
  const input = corpus.map(({ name, docs }) => ({
    name,
    userData: userDataBase64(docs),
    instanceId: docs.instanceId,
    hostname: docs.hostname,
  }));
  const script = readFileSync(join(__dirname, "process_user_data.py"), "utf8");
  const result = runPython(script, { input: JSON.stringify(input), env: { PYTHONPATH: PYTHON_HELPERS } });
  if (result.status !== 0) throw new Error(`cloud-init user-data processing failed:\n${result.stderr}`);
  processed = JSON.parse(result.stdout) as Record<string, Processed>;
});

function entry(name: string) {
  const found = corpus.find((e) => e.name === name);
  const result = processed[name];
  if (!found || !result) throw new Error(`no result for corpus spec ${name}`);
  return { ...found, result };
}

const SCRIPT_DIRS = { perBoot: "per-boot", perInstance: "per-instance", once: "per-once" } as const;

describe("cloud-init's user-data processor", () => {
  it("covers the whole corpus", () => {
    expect(Object.keys(processed).sort()).toEqual([...names].sort());
  });

  it.each(names)(
    "finds in %s exactly the rendered parts, content types, file names and merge headers",
    (name) => {
      const e = entry(name);
      expect(e.result.parts).toEqual(expectedParts(e));
    },
  );

  it.each(names)("reads back the cloud-config of %s exactly as rendered (YAML round trip)", (name) => {
    const e = entry(name);
    expect(e.result.cloudConfigParts[0]).toEqual(e.docs.cloudConfig);
  });

  it.each(names)("merges every cloud-config part of %s so that lists add up", (name) => {
    const { result } = entry(name);
    const listKeys = new Set(
      result.cloudConfigParts.flatMap((part) => Object.keys(part).filter((k) => Array.isArray(part[k]))),
    );
    for (const key of listKeys) {
      const expected = result.cloudConfigParts.flatMap((part) =>
        Array.isArray(part[key]) ? (part[key] as unknown[]) : [],
      );
      expect({ key, value: result.merged[key] }).toEqual({ key, value: expected });
    }
  });

  it.each(names)("fetches exactly the include-URLs of %s", (name) => {
    const e = entry(name);
    expect(e.result.includeRequests).toEqual(e.spec.includeUrls ?? []);
  });

  it.each(names)("writes the scripts and boothooks of %s byte for byte, and no others", (name) => {
    const e = entry(name);
    const expected: Record<string, string> = {};
    for (const script of e.spec.scripts ?? []) {
      expected[`scripts/${SCRIPT_DIRS[script.frequency ?? "perInstance"]}/${script.name}`] = script.content;
    }
    // Extra MIME parts of a per-frequency script type are written by the same handler, under their file name.
    (e.spec.extraParts ?? []).forEach((part, i) => {
      const frequency = /^text\/x-shellscript-(per-boot|per-instance|per-once)$/.exec(part.contentType)?.[1];
      if (frequency !== undefined)
        expected[`scripts/${frequency}/${part.filename ?? `part-${i}`}`] = part.content;
    });
    (e.spec.boothooks ?? []).forEach((hook, i) => {
      expected[`instances/${e.docs.instanceId}/boothooks/boothook-${i}`] = hook.replace(
        /^#cloud-boothook\n/,
        "",
      );
    });
    // A spec with no scripts or boothooks must get none written (else this test asserted nothing for it).
    const written = Object.entries(e.result.written).filter(
      ([path]) => path.startsWith("scripts/") || path.includes("/boothooks/"),
    );
    expect(Object.fromEntries(written)).toEqual(expected);
  });
});

describe("hostile strings", () => {
  it("survive cloud-init's YAML loader unchanged in gecos, commands, messages and file contents", () => {
    const { spec, result } = entry("hostile-strings");
    const loaded = result.cloudConfigParts[0] as {
      users: (string | { name: string; gecos?: string })[];
      bootcmd: string[];
      runcmd: string[];
      final_message: string;
      write_files: { path: string; content: string }[];
    };
    for (const user of spec.users ?? []) {
      const found = loaded.users.find((u) => typeof u === "object" && u.name === user.name);
      expect(found).toMatchObject({ name: user.name, gecos: user.gecos });
    }
    expect(loaded.bootcmd).toEqual(spec.bootcmd);
    expect(loaded.runcmd).toEqual(spec.runcmd);
    expect(loaded.final_message).toEqual(spec.finalMessage);
    expect(loaded.write_files.map((f) => [f.path, f.content])).toEqual(
      (spec.files ?? []).map((f) => [f.path, f.content]),
    );
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(result.cloudConfigParts[0] ?? {}).sort());
  });

  it("do not add documents, parts or keys: only the spec's keys appear", () => {
    const { result, docs } = entry("hostile-strings");
    expect(result.cloudConfigParts).toHaveLength(1);
    expect(Object.keys(result.cloudConfigParts[0] ?? {}).sort()).toEqual(
      Object.keys(docs.cloudConfig).sort(),
    );
  });
});

describe("merging across parts", () => {
  it("appends the extra cloud-config part's runcmd and packages after the spec's", () => {
    const { result } = entry("extra-parts");
    expect(result.merged.runcmd).toEqual(["echo from-spec", "echo from-extra-part"]);
    expect(result.merged.packages).toEqual(["vim", "tmux"]);
  });

  it("renders jinja templates with instance data and merges their cloud-config", () => {
    const { result, docs } = entry("jinja");
    expect(result.merged.runcmd).toEqual(["echo plain", `echo "${docs.hostname} in test-region"`]);
    expect(result.written["instance/scripts/jinja-1"]).toBe(
      `#!/bin/sh\necho "instance ${docs.instanceId}" > /var/tmp/jinja-marker\n`,
    );
  });

  it("adds what include-URLs return after the spec's commands", () => {
    const { result } = entry("boothooks-include");
    expect(result.merged.runcmd).toEqual([
      "echo included http://127.0.0.1:8000/extra-user-data",
      "echo included https://config.example.com/more.yaml",
    ]);
  });

  it("decompresses gzip user-data by its magic bytes", () => {
    const { result, docs } = entry("gzip-user-data");
    expect(docs.compressUserData).toBe(true);
    expect(result.cloudConfigParts[0]).toEqual(docs.cloudConfig);
  });
});
