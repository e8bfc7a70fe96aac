import { gunzipSync } from "node:zlib";
import { parse } from "yaml";
import { encodeUserData, MERGE_TYPE, mimeBoundary, renderMultipart } from "../../src/render/mime";
import { renderAll } from "../../src/render/render-all";
import { renderUserData, userDataParts } from "../../src/render/user-data";
import { BootstrapSpec, MimeContentType, ScriptFrequency } from "../../src/spec/types";
import { loadCorpus } from "../corpus";

const base: BootstrapSpec = { hostname: "host-01", runcmd: ["echo hi"] };

function partsOf(mime: string): { headers: Record<string, string>; body: string }[] {
  const boundary = /boundary="([^"]+)"/.exec(mime)?.[1];
  if (!boundary) throw new Error("no boundary");
  return mime
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      // The line break before a boundary belongs to the boundary (RFC 2046).
      const [head = "", ...rest] = chunk.replace(/^\n/, "").replace(/\n$/, "").split("\n\n");
      const headers = Object.fromEntries(
        head.split("\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]),
      );
      return { headers, body: rest.join("\n\n") };
    });
}

describe("renderUserData", () => {
  it("is a plain #cloud-config document when the cloud-config is the only part", () => {
    const docs = renderAll(base);
    expect(docs.userData.startsWith("#cloud-config\n")).toBe(true);
    expect(parse(docs.userData)).toEqual(docs.cloudConfig);
  });

  it("is MIME multipart/mixed with the cloud-config first when there are more parts", () => {
    const spec: BootstrapSpec = { ...base, scripts: [{ name: "a.sh", content: "#!/bin/sh\necho a\n" }] };
    const docs = renderAll(spec);
    expect(docs.userData).toMatch(
      /^Content-Type: multipart\/mixed; boundary="==BOOTSTRAPPED-VM-[0-9a-f]{32}=="\nMIME-Version: 1.0\n/,
    );
    const parts = partsOf(docs.userData);
    expect(parts.map((p) => p.headers["Content-Type"])).toEqual([
      'text/cloud-config; charset="utf-8"',
      'text/x-shellscript-per-instance; charset="utf-8"',
    ]);
    expect(parts[0]?.headers["Merge-Type"]).toBe(MERGE_TYPE);
    expect(parts[1]?.headers["Merge-Type"]).toBeUndefined();
    expect(parts[1]?.headers["Content-Disposition"]).toBe('attachment; filename="a.sh"');
    expect(parts[1]?.body).toBe("#!/bin/sh\necho a\n");
  });

  it.each([
    [ScriptFrequency.PerBoot, MimeContentType.ShellScriptPerBoot],
    [ScriptFrequency.PerInstance, MimeContentType.ShellScriptPerInstance],
    [ScriptFrequency.Once, MimeContentType.ShellScriptPerOnce],
  ])("gives a %s script the content type %s", (frequency, contentType) => {
    const parts = userDataParts({ ...base, scripts: [{ name: "s", content: "#!/bin/sh\n", frequency }] }, {});
    expect(parts[1]?.contentType).toBe(contentType);
  });

  it("orders parts: cloud-config, scripts, boothooks, include-URLs, jinja, extra parts", () => {
    const spec: BootstrapSpec = {
      ...base,
      extraParts: [{ contentType: MimeContentType.PartHandler, content: "#part-handler\n" }],
      jinjaTemplates: ["#cloud-config\n{}\n"],
      includeUrls: ["http://a.example/x", "http://b.example/y"],
      boothooks: ["#!/bin/sh\n"],
      scripts: [{ name: "s.sh", content: "#!/bin/sh\n" }],
    };
    const parts = userDataParts(spec, { hostname: "host-01" });
    expect(parts.map((p) => [p.contentType, p.filename])).toEqual([
      ["text/cloud-config", "cloud-config.yaml"],
      ["text/x-shellscript-per-instance", "s.sh"],
      ["text/cloud-boothook", "boothook-0"],
      ["text/x-include-url", "include-urls"],
      ["text/jinja2", "jinja-0"],
      ["text/part-handler", "part-0"],
    ]);
    expect(parts[3]?.content).toBe("http://a.example/x\nhttp://b.example/y\n");
    expect(parts[4]?.content).toBe("## template: jinja\n#cloud-config\n{}\n");
    expect(parts[4]?.merge).toBe(true);
  });

  it("sends non-ASCII parts as base64, ASCII ones (with or without a final newline) as 7bit", () => {
    const mime = renderUserData(
      {
        ...base,
        scripts: [
          { name: "u.sh", content: "#!/bin/sh\necho ü\n" },
          { name: "n.sh", content: "#!/bin/sh" },
        ],
      },
      { hostname: "host-01" },
    );
    const parts = partsOf(mime);
    expect(parts.map((p) => p.headers["Content-Transfer-Encoding"])).toEqual(["7bit", "base64", "7bit"]);
    expect(Buffer.from(parts[1]?.body ?? "", "base64").toString("utf8")).toBe("#!/bin/sh\necho ü\n");
    expect(parts[2]?.body).toBe("#!/bin/sh");
  });

  it("sends a part with a line over 998 characters (RFC 5322) as base64, one at 998 as 7bit", () => {
    const line = (n: number) => `#!/bin/sh\n# ${"x".repeat(n - 2)}\necho done\n`;
    const mime = renderUserData(
      {
        ...base,
        scripts: [
          { name: "at.sh", content: line(998) },
          { name: "over.sh", content: line(999) },
        ],
      },
      { hostname: "host-01" },
    );
    const parts = partsOf(mime);
    expect(parts.map((p) => p.headers["Content-Transfer-Encoding"])).toEqual(["7bit", "7bit", "base64"]);
    expect(parts[1]?.body).toBe(line(998));
    expect(Buffer.from(parts[2]?.body ?? "", "base64").toString("utf8")).toBe(line(999));
  });
});

describe("mimeBoundary", () => {
  const parts = [{ contentType: "text/x-shellscript", filename: "a", content: "#!/bin/sh\n", merge: false }];

  it("is the same for the same parts and different for different parts", () => {
    expect(mimeBoundary(parts)).toBe(mimeBoundary(structuredClone(parts)));
    expect(mimeBoundary(parts)).not.toBe(mimeBoundary([{ ...parts[0]!, content: "#!/bin/bash\n" }]));
  });

  it("never occurs in a part, even when a part contains the first candidate", () => {
    const first = mimeBoundary(parts);
    const hostile = [{ ...parts[0]!, content: `#!/bin/sh\n# --${first}\n` }];
    const chosen = mimeBoundary(hostile);
    expect(hostile[0]?.content.includes(chosen)).toBe(false);
    expect(renderMultipart(hostile).split(`--${chosen}`)).toHaveLength(3);
  });
});

describe("encodeUserData", () => {
  it("is the UTF-8 text without compression", () => {
    const docs = renderAll({ ...base, finalMessage: "ü" });
    expect(encodeUserData(docs).toString("utf8")).toBe(docs.userData);
  });

  it("is deterministic gzip (mtime 0, no file name) with compression", () => {
    const docs = renderAll({ ...base, userDataCompression: "gzip" as BootstrapSpec["userDataCompression"] });
    const gz = encodeUserData(docs);
    expect([...gz.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]);
    expect(gz.readUInt32LE(4)).toBe(0);
    expect(gunzipSync(gz).toString("utf8")).toBe(docs.userData);
    expect(encodeUserData(docs).equals(gz)).toBe(true);
  });
});

describe("the large-files corpus spec", () => {
  it("compresses to close to, but under, guestinfo's 64 KiB per value after gzip+base64", () => {
    const spec = loadCorpus().find((e) => e.name === "large-files")?.spec;
    const docs = renderAll(spec as BootstrapSpec);
    const encoded = encodeUserData(docs).toString("base64").length;
    expect(docs.userData.length).toBeGreaterThan(2 * 65536);
    expect(encoded).toBeLessThan(65536);
    expect(encoded).toBeGreaterThan(60 * 1024);
  });
});
