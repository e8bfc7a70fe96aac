import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse as parseYaml } from "yaml";
import {
  cleanupTempDirs,
  fixture,
  isoFile,
  isoListing,
  isoVolumeId,
  listFiles,
  listTree,
  requireBuiltCli,
  runCli,
  runTool,
  startCli,
  tempDir,
} from "./cli-harness";
import { runPython } from "../helpers/cloud-init";
import { sha256Chain } from "../helpers/sha256-chain";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

/** Renders `spec` in `format` to a fresh path and returns the path (asserting exit 0 and silence). */
function render(spec: string, format: string, extra: string[] = [], name = "out"): string {
  const out = join(tempDir(), name);
  const r = runCli(["render", fixture(spec), "--format", format, "--out", out, ...extra]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return out;
}

function decodeGuestinfo(value: string, encoding: string | undefined): string {
  if (encoding === "gzip+base64") return gunzipSync(Buffer.from(value, "base64")).toString("utf8");
  if (encoding === "base64") return Buffer.from(value, "base64").toString("utf8");
  return value;
}

describe("bootstrapped-vm render", () => {
  const userData = () => readFileSync(render("full.yaml", "user-data")).toString("utf8");

  it("words a file it cannot write without Node's codes or its temporary file's name", () => {
    const dir = tempDir();
    const slash = runCli(["render", fixture("full.yaml"), "-f", "user-data", "-o", `${dir}/seed/`]);
    expect(slash.status).toBe(1);
    expect(slash.stderr).toBe(
      `--out ${dir}/seed/: names a directory; this format writes a file, e.g. ${dir}/seed/user-data\n`,
    );
    writeFileSync(join(dir, "file"), "");
    const under = runCli(["render", fixture("full.yaml"), "-f", "user-data", "-o", join(dir, "file", "x")]);
    expect(under.status).toBe(1);
    expect(under.stderr).toBe(
      `--out ${join(dir, "file", "x")}: ${join(dir, "file")} is not a directory; choose a file path in a directory\n`,
    );
    const missing = runCli(["serve", join(dir, "nowhere"), "-p", "0"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`${join(dir, "nowhere")}: cannot serve: no such file or directory\n`);
  });

  it("writes a cidata NoCloud ISO whose Rock Ridge files are the rendered documents", () => {
    const iso = render("full.yaml", "nocloud-iso", [], "seed.iso");
    expect(isoVolumeId(iso)).toBe("cidata");
    expect(isoListing(iso)).toEqual(["/meta-data", "/network-config", "/user-data", "/vendor-data"]);
    expect(isoFile(iso, "/user-data").toString("utf8")).toBe(userData());
    const network = readFileSync(render("full.yaml", "network-config")).toString("utf8");
    expect(isoFile(iso, "/network-config").toString("utf8")).toBe(network);
    expect(parseYaml(isoFile(iso, "/meta-data").toString("utf8"))).toMatchObject({
      "local-hostname": "web-01",
    });
  });

  it("writes a NoCloud ISO that xorriso lists with the same Rock Ridge names", () => {
    const iso = render("full.yaml", "nocloud-iso", [], "seed.iso");
    const listed = runTool("xorriso", ["-indev", iso, "-find", "/", "-type", "f"], "xorriso")
      .split("\n")
      .filter((l) => l.startsWith("'/"))
      .map((l) => l.slice(1, -1))
      .sort();
    expect(listed).toEqual(["/meta-data", "/network-config", "/user-data", "/vendor-data"]);
  });

  it("writes a nocloud-dir that cloud-init's own seed reader reads back unchanged", () => {
    const dir = render("full.yaml", "nocloud-dir");
    const r = runPython(
      [
        "import json, os",
        "from cloudinit import util",
        "md, ud, vd = util.read_seeded(os.environ['SEED_DIR'] + '/', timeout=1, retries=0)",
        "print(json.dumps({'md': md, 'ud': ud.decode(), 'vd': vd.decode()}))",
      ].join("\n"),
      { env: { SEED_DIR: dir } },
    );
    expect(r.stderr).toBe("");
    const seen = JSON.parse(r.stdout) as { md: Record<string, unknown>; ud: string; vd: string };
    expect(seen.ud).toBe(readFileSync(join(dir, "user-data"), "utf8"));
    expect(seen.vd).toBe(readFileSync(join(dir, "vendor-data"), "utf8"));
    expect(seen.md).toEqual(parseYaml(readFileSync(join(dir, "meta-data"), "utf8")));
  });

  it("writes the same ISO files as the nocloud-dir directory", () => {
    const iso = render("full.yaml", "nocloud-iso", [], "seed.iso");
    const dir = render("full.yaml", "nocloud-dir");
    expect(listTree(dir)).toEqual(["meta-data", "network-config", "user-data", "vendor-data"]);
    for (const f of listTree(dir)) expect(isoFile(iso, `/${f}`)).toEqual(readFileSync(join(dir, f)));
  });

  it("writes a config-2 config-drive ISO with meta_data.json, network_data.json and user_data", () => {
    const iso = render("full.yaml", "configdrive-iso", [], "cd.iso");
    expect(isoVolumeId(iso)).toBe("config-2");
    const files = isoListing(iso);
    for (const f of ["meta_data.json", "network_data.json", "user_data"]) {
      expect(files).toContain(`/openstack/latest/${f}`);
    }
    expect(files).not.toContain("/openstack/content/0000");
    const meta = JSON.parse(isoFile(iso, "/openstack/latest/meta_data.json").toString("utf8")) as Record<
      string,
      unknown
    >;
    expect(meta.hostname).toMatch(/^web-01/);
    expect(typeof meta.uuid).toBe("string");
    expect(isoFile(iso, "/openstack/latest/user_data").toString("utf8")).toBe(userData());
  });

  it("adds the legacy openstack/content/0000 network file with --legacy-network-file", () => {
    const iso = render("full.yaml", "configdrive-iso", ["--legacy-network-file"], "cd.iso");
    expect(isoListing(iso)).toContain("/openstack/content/0000");
    const dir = render("full.yaml", "configdrive-dir", ["--legacy-network-file"]);
    expect(listTree(dir)).toContain(join("openstack", "content", "0000"));
    expect(readFileSync(join(dir, "openstack/content/0000"))).toEqual(
      isoFile(iso, "/openstack/content/0000"),
    );
  });

  it("renders for the cloud-init release --cloud-init names, overriding the spec's target", () => {
    // The fixture names no target (default 22.4); prefer_fqdn_over_hostname is new in 21.2
    // (cc_set_hostname.py), so a 20.4 target gets no such key.
    const modern = readFileSync(render("full.yaml", "user-data"), "utf8");
    const old = readFileSync(render("full.yaml", "user-data", ["--cloud-init", "20.4"]), "utf8");
    expect(modern).toContain("prefer_fqdn_over_hostname: false");
    expect(old).not.toContain("prefer_fqdn_over_hostname");
    expect(old).toContain("fqdn: web-01.example.internal");
    const bad = runCli([
      "render",
      fixture("full.yaml"),
      "--format",
      "user-data",
      "--out",
      join(tempDir(), "x"),
      "--cloud-init",
      "19.4",
    ]);
    // A bad option value: a usage error (exit 2) naming the option, not a place in the file.
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      'bootstrapped-vm render: --cloud-init 19.4: "19.4" is older than the oldest cloud-init release the renderers know (20.4, Debian 11); use "20.4" or later\n' +
        "Try 'bootstrapped-vm render --help'.\n",
    );
  });

  it("refuses the vApp map of a spec with a network for cloud-init before 21.4, in render and validate alike", () => {
    // cloud-init's OVF datasource ignores the network-config property before 21.4 (src/render/vapp.ts).
    const out = join(tempDir(), "vapp.json");
    for (const [command, args] of [
      ["render", ["--out", out]],
      ["validate", []],
    ] as const) {
      const r = runCli([command, fixture("full.yaml"), "--format", "vapp", "--cloud-init", "21.3", ...args]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `--cloud-init 21.3: cloud-init's OVF datasource applies the vApp property "network-config" from 21.4 on ` +
          `(20.4 reads no network from it, 21.3 ignores it by a bug), but cloudInit.minVersion is "21.3": the ` +
          "guest would silently come up on its fallback DHCP instead of the spec's network; render --format " +
          "guestinfo or nocloud-iso, remove `network` from the spec to use the image's DHCP, or pass " +
          "--cloud-init 21.4 when every image runs 21.4 or later\n",
      );
    }
    expect(() => statSync(out)).toThrow();
    const props = JSON.parse(
      readFileSync(render("full.yaml", "vapp", ["--cloud-init", "21.4"]), "utf8"),
    ) as Record<string, string>;
    expect(Object.keys(props)).toContain("network-config");
    // Without a network nothing is lost: the other properties are read from 20.4 on.
    const minimal = JSON.parse(
      readFileSync(render("minimal.yaml", "vapp", ["--cloud-init", "20.4"]), "utf8"),
    ) as Record<string, string>;
    expect(Object.keys(minimal).sort()).toEqual(["hostname", "instance-id", "user-data"]);
  });

  it("refuses guestinfo for cloud-init before 21.3 unless --seeder says the template has the seeder", () => {
    // No VMware datasource before 21.3: the component's guestinfo transport refuses the same target.
    const spec = join(tempDir(), "old.yaml");
    writeFileSync(spec, 'hostname: old-01\ncloudInit:\n  minVersion: "20.4"\n');
    for (const command of ["render", "validate"]) {
      const out = command === "render" ? ["-o", "-"] : [];
      const fromFile = runCli([command, spec, "-f", "guestinfo", ...out]);
      expect(fromFile.status).toBe(1);
      expect(fromFile.stdout).toBe("");
      expect(fromFile.stderr).toMatch(
        new RegExp(
          `^${spec}:3:3: cloudInit\\.minVersion: cloud-init reads the guestinfo keys with its VMware datasource ` +
            '\\(DataSourceVMware\\), new in 21\\.3, but cloudInit\\.minVersion is "20\\.4": the guest would not read them; ' +
            "pass --seeder when the template has the bootstrapped-vm seeder \\(render --format vmware-seeder\\), " +
            "render --format nocloud-iso, or pass --cloud-init 21\\.3 when every image runs 21\\.3 or later\\n$",
        ),
      );
      const fromOption = runCli([
        command,
        fixture("full.yaml"),
        "-f",
        "guestinfo",
        "--cloud-init",
        "21.2",
        ...out,
      ]);
      expect(fromOption.status).toBe(1);
      expect(fromOption.stderr).toMatch(
        /^--cloud-init 21\.2: [^\n]*, but cloudInit\.minVersion is "21\.2": [^\n]*--seeder[^\n]*\n$/,
      );
    }
    const seeded = runCli(["render", spec, "-f", "guestinfo", "--seeder", "-o", "-"]);
    expect(seeded.stderr).toBe("");
    expect(seeded.status).toBe(0);
    expect(Object.keys(JSON.parse(seeded.stdout) as object)).toContain("guestinfo.userdata");
    expect(runCli(["validate", spec, "-f", "guestinfo", "--seeder"]).stdout).toBe(`${spec}: valid\n`);
    expect(
      runCli(["render", fixture("full.yaml"), "-f", "guestinfo", "--cloud-init", "21.3", "-o", "-"]).status,
    ).toBe(0);
    const misplaced = runCli(["render", spec, "-f", "nocloud-iso", "--seeder", "-o", "-"]);
    expect(misplaced.status).toBe(2);
    expect(misplaced.stderr).toMatch(
      /^bootstrapped-vm render: --seeder applies only to --format guestinfo\n/,
    );
  });

  it("refuses a guestinfo value over 64 KiB, naming the format to render instead", () => {
    // 80,000 characters of hash output in base64: gzip cannot shrink them under the limit.
    const spec = join(tempDir(), "big.yaml");
    const content = createHash("sha512").update("seed").digest("base64");
    let blob = "";
    for (let i = 0; blob.length < 80000; i++)
      blob += createHash("sha512").update(`${content}${i}`).digest("base64");
    writeFileSync(spec, `hostname: big-01\nfiles:\n  - path: /opt/blob\n    content: "${blob}"\n`);
    const r = runCli(["render", spec, "-f", "guestinfo", "-o", "-"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      new RegExp(
        `^${spec}:1:1: guestinfo\\.userdata would be \\d+ bytes after gzip\\+base64, over the 65536-byte guestinfo ` +
          "value limit; shrink the spec \\(download large files in runcmd\\), or render --format nocloud-iso\\n$",
      ),
    );
  });

  it("refuses a vApp value over 65,535 characters, as the component's vapp transport does", () => {
    // 60,000 characters of content: base64 of the plain user-data is over the limit, of its gzip far under.
    const dir = tempDir();
    const spec = (extra: string) => {
      const path = join(dir, `${extra ? "gzip" : "plain"}.yaml`);
      const content = "a".repeat(60000);
      writeFileSync(
        path,
        `hostname: big-01\nfiles:\n  - path: /opt/blob\n    content: "${content}"\n${extra}`,
      );
      return path;
    };
    const plain = spec("");
    const out = join(dir, "vapp.json");
    for (const command of ["render", "validate"]) {
      const r = runCli([command, plain, "-f", "vapp", ...(command === "render" ? ["-o", out] : [])]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^${plain}:1:1: vApp property "user-data" would be \\d+ characters, over the 65535-character limit of a ` +
            "vApp string property \\(docs/vsphere\\.md\\); set `userDataCompression: gzip` in the spec \\(cloud-init " +
            "gunzips user-data\\), shrink the spec \\(download large files in runcmd\\), or render --format guestinfo " +
            "or nocloud-iso\\n$",
        ),
      );
    }
    expect(() => statSync(out)).toThrow();
    // gzip brings it under the limit; the seed image never had one.
    const gzipped = runCli(["render", spec("userDataCompression: gzip\n"), "-f", "vapp", "-o", "-"]);
    expect(gzipped.stderr).toBe("");
    expect(gzipped.status).toBe(0);
    const props = JSON.parse(gzipped.stdout) as Record<string, string>;
    expect((props["user-data"] as string).length).toBeLessThan(65535);
    expect(runCli(["validate", plain, "-f", "nocloud-iso"]).status).toBe(0);
  });

  it("offers guestinfo for an overlong vApp value only when the documents fit guestinfo", () => {
    // 200,000 bytes of incompressible content: over the vApp limit even gzipped, and over guestinfo's too.
    const random = sha256Chain(200000).toString("base64");
    const spec = join(tempDir(), "huge.yaml");
    writeFileSync(
      spec,
      `hostname: big-01\nuserDataCompression: gzip\nfiles:\n  - path: /opt/blob\n    content: ${random}\n`,
    );
    expect(runCli(["validate", spec, "-f", "guestinfo"]).status).toBe(1);
    const vapp = runCli(["validate", spec, "-f", "vapp"]);
    expect(vapp.status).toBe(1);
    expect(vapp.stderr).toMatch(
      /; shrink the spec \(download large files in runcmd\), or render --format nocloud-iso\n$/,
    );
  });

  it("places the vApp refusal at the spec's cloudInit.minVersion when the file sets the version", () => {
    const spec = join(tempDir(), "old.yaml");
    writeFileSync(
      spec,
      readFileSync(fixture("full.yaml"), "utf8").replace(/\s*$/, '\ncloudInit:\n  minVersion: "21.3"\n'),
    );
    const line = readFileSync(spec, "utf8").split("\n").indexOf('  minVersion: "21.3"') + 1;
    for (const command of ["render", "validate"]) {
      const r = runCli([command, spec, "--format", "vapp", ...(command === "render" ? ["--out", "-"] : [])]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^${spec}:${line}:3: cloudInit\\.minVersion: cloud-init's OVF datasource [^\\n]*21\\.4 or later\\n$`,
        ),
      );
    }
  });

  it("writes the config-drive tree as a directory with the same files as the ISO", () => {
    const iso = render("full.yaml", "configdrive-iso", [], "cd.iso");
    const dir = render("full.yaml", "configdrive-dir");
    const files = listFiles(dir);
    expect(files).toContain(join("openstack", "latest", "network_data.json"));
    const listing = isoListing(iso);
    for (const f of files) expect(listing).toContain(`/${f}`);
    // Every other ISO entry is a directory on the way to those files.
    for (const entry of listing.filter((p) => !files.includes(p.slice(1)))) {
      expect(files.some((f) => f.startsWith(`${entry.slice(1)}/`))).toBe(true);
    }
    for (const f of files) expect(readFileSync(join(dir, f))).toEqual(isoFile(iso, `/${f}`));
  });

  it("writes guestinfo as a JSON map of extraConfig keys whose decoded userdata is the user-data", () => {
    const map = JSON.parse(readFileSync(render("full.yaml", "guestinfo")).toString("utf8")) as Record<
      string,
      string
    >;
    for (const key of [
      "guestinfo.metadata",
      "guestinfo.metadata.encoding",
      "guestinfo.userdata",
      "guestinfo.userdata.encoding",
    ]) {
      expect(Object.keys(map)).toContain(key);
    }
    expect(Object.keys(map).every((k) => k.startsWith("guestinfo."))).toBe(true);
    expect(decodeGuestinfo(map["guestinfo.userdata"] as string, map["guestinfo.userdata.encoding"])).toBe(
      userData(),
    );
    const md = parseYaml(
      decodeGuestinfo(map["guestinfo.metadata"] as string, map["guestinfo.metadata.encoding"]),
    );
    expect(md).toMatchObject({ "local-hostname": "web-01" });
  });

  it("writes vapp as a JSON map of OVF properties whose user-data is base64 of the user-data", () => {
    const map = JSON.parse(readFileSync(render("full.yaml", "vapp")).toString("utf8")) as Record<
      string,
      string
    >;
    for (const key of ["instance-id", "hostname", "user-data"]) expect(Object.keys(map)).toContain(key);
    expect(Buffer.from(map["user-data"] as string, "base64").toString("utf8")).toBe(userData());
  });

  it("writes network config version 2 by default and version 1 on request", () => {
    const v2 = parseYaml(readFileSync(render("full.yaml", "network-config")).toString("utf8")) as {
      version: number;
    };
    const v1 = parseYaml(
      readFileSync(render("full.yaml", "network-config", ["--network-version", "1"])).toString("utf8"),
    ) as { version: number };
    expect(v2.version).toBe(2);
    expect(v1.version).toBe(1);
    expect(JSON.stringify(v2)).toContain("192.0.2.10/24");
    expect(JSON.stringify(v1)).toContain("192.0.2.10");
  });

  it("fills position-matched interfaces with the MACs given by --mac, in order", () => {
    const macs = ["52:54:00:aa:bb:01", "52:54:00:aa:bb:02"];
    const withMacs = readFileSync(
      render("by-position.yaml", "network-config", [
        "--mac",
        macs[0] as string,
        "--mac",
        (macs[1] as string).toUpperCase(),
      ]),
    ).toString("utf8");
    for (const mac of macs) expect(withMacs).toContain(mac);
    expect(withMacs.indexOf(macs[0] as string)).toBeLessThan(withMacs.indexOf(macs[1] as string));
  });

  it("exits 1 naming the interface when position-matched interfaces get no --mac", () => {
    const dir = tempDir();
    const r = runCli([
      "render",
      fixture("by-position.yaml"),
      "--format",
      "network-config",
      "--out",
      join(dir, "n"),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^\S+by-position\.yaml:5:7: network\.interfaces\[0\]: [^\n]*\n\S+by-position\.yaml:7:7: network\.interfaces\[1\]: [^\n]*\n$/,
    );
    expect(listTree(dir)).toEqual([]);
  });

  it("writes the vmware-seeder tree: an executable seeder script, its systemd drop-in and a datasource cfg", () => {
    const out = render("minimal.yaml", "vmware-seeder");
    const files = listFiles(out);
    expect(files).toHaveLength(3);
    const script = files.find((f) => f.startsWith("usr/")) as string;
    expect(readFileSync(join(out, script), "utf8")).toMatch(/^#!/);
    expect(statSync(join(out, script)).mode & 0o777).toBe(0o755);
    const dropIn = files.find((f) => f.includes("cloud-init-local.service.d/")) as string;
    expect(readFileSync(join(out, dropIn), "utf8")).toMatch(new RegExp(`^ExecStartPre=-?/${script}$`, "m"));
    const cfg = files.find((f) => f.startsWith("etc/cloud/cloud.cfg.d/")) as string;
    expect(readFileSync(join(out, cfg), "utf8")).toMatch(/datasource_list:.*NoCloud/);
    // The seeder does not depend on the spec.
    const other = render("full.yaml", "vmware-seeder");
    for (const f of files) expect(readFileSync(join(other, f))).toEqual(readFileSync(join(out, f)));
  });

  it("writes the vmware-seeder tree without a spec, and for a spec matched by position without --mac", () => {
    const withSpec = render("minimal.yaml", "vmware-seeder");
    const bare = join(tempDir(), "seeder");
    const r = runCli(["render", "-f", "vmware-seeder", "-o", bare]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const byPosition = render("by-position.yaml", "vmware-seeder");
    expect(listFiles(withSpec).length).toBeGreaterThan(0);
    for (const out of [bare, byPosition]) {
      expect(listFiles(out)).toEqual(listFiles(withSpec));
      for (const f of listFiles(withSpec))
        expect(readFileSync(join(out, f))).toEqual(readFileSync(join(withSpec, f)));
    }
    // A spec given is still checked; other formats and --out-dir still need one.
    const bad = runCli([
      "render",
      fixture("invalid.yaml"),
      "-f",
      "vmware-seeder",
      "-o",
      join(tempDir(), "s"),
    ]);
    expect(bad.status).toBe(1);
    for (const args of [
      ["-f", "nocloud-iso", "-o", join(tempDir(), "x.iso")],
      ["-f", "vmware-seeder", "--out-dir", tempDir()],
    ]) {
      const missing = runCli(["render", ...args]);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/^bootstrapped-vm render: missing argument: SPEC\.\.\.\n/);
    }
  });

  it("warns about --mac values past the spec's interfaces, and still writes", () => {
    const macs = ["-m", "52:54:00:00:00:01", "-m", "52:54:00:00:00:02", "-m", "52:54:00:00:00:03"];
    const out = join(tempDir(), "seed.iso");
    const r = runCli(["render", fixture("by-position.yaml"), "-f", "nocloud-iso", "-o", out, ...macs]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      "warning: --mac 52:54:00:00:00:03 (NIC 2) is not used: the spec has 2 interfaces (network.interfaces[0] to [1])\n",
    );
    expect(isoListing(out)).toContain("/user-data");
    const dir = tempDir();
    const many = runCli([
      "render",
      fixture("minimal.yaml"),
      "-f",
      "user-data",
      "--out-dir",
      dir,
      "-m",
      "52:54:00:00:00:09",
    ]);
    expect(many.status).toBe(0);
    expect(many.stderr).toBe(
      "warning: --mac 52:54:00:00:00:09 (NIC 0) is not used: the spec has no network.interfaces\n",
    );
    const exact = runCli([
      "render",
      fixture("by-position.yaml"),
      "-f",
      "user-data",
      "-o",
      join(dir, "u"),
      ...macs.slice(0, 4),
    ]);
    expect([exact.status, exact.stderr]).toEqual([0, ""]);
  });

  it("reads a one-spec --out-dir render's spec once, its --mac warning included (the spec is a FIFO)", async () => {
    const dir = tempDir();
    const spec = join(dir, "web.yaml");
    // A FIFO gives its text to one read: a second one would wait for a writer that never comes.
    execFileSync("mkfifo", [spec]);
    const out = join(dir, "out");
    const child = startCli(["render", spec, "-f", "user-data", "--out-dir", out, "-m", "52:54:00:00:00:09"]);
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    let deadline: NodeJS.Timeout | undefined;
    try {
      // Resolves once the render opened the FIFO and took the whole text.
      await writeFile(spec, readFileSync(fixture("minimal.yaml")));
      const code = await Promise.race([
        exited,
        new Promise<never>((_, reject) => {
          deadline = setTimeout(
            () => reject(new Error(`render did not end within 20 s (a second read of the spec?): ${stderr}`)),
            20_000,
          );
        }),
      ]);
      expect(code).toBe(0);
    } finally {
      clearTimeout(deadline);
      child.kill("SIGKILL");
    }
    expect(stderr).toBe(
      "warning: --mac 52:54:00:00:00:09 (NIC 0) is not used: the spec has no network.interfaces\n",
    );
    expect(readFileSync(join(out, "web.user-data"), "utf8")).toMatch(/^#cloud-config\n/);
  });

  it.each([
    ["nocloud-iso", []],
    ["configdrive-iso", ["--legacy-network-file"]],
    ["guestinfo", []],
    ["vapp", []],
    ["user-data", []],
    ["network-config", []],
  ])("renders %s byte-identically twice", (format, extra) => {
    const a = readFileSync(render("full.yaml", format, extra as string[]));
    const b = readFileSync(render("full.yaml", format, extra as string[]));
    expect(a.equals(b)).toBe(true);
  });

  it.each(["nocloud-dir", "configdrive-dir"])("renders the %s tree byte-identically twice", (format) => {
    const a = render("full.yaml", format);
    const b = render("full.yaml", format);
    expect(listFiles(a)).toEqual(expect.arrayContaining([expect.stringMatching(/user[-_]data$/)]));
    expect(listFiles(a)).toEqual(listFiles(b));
    for (const f of listFiles(a)) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
  });

  it("reads JSON spec files like YAML ones", () => {
    const map = JSON.parse(readFileSync(render("full.json", "vapp")).toString("utf8")) as Record<
      string,
      string
    >;
    expect(map.hostname).toBe("web-02");
  });
});

describe("bootstrapped-vm render: failures leave nothing partial on disk", () => {
  it("writes nothing and exits 1 with every problem for an invalid spec", () => {
    const dir = tempDir();
    const r = runCli([
      "render",
      fixture("invalid.yaml"),
      "--format",
      "nocloud-iso",
      "--out",
      join(dir, "seed.iso"),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split("\n").length).toBeGreaterThanOrEqual(3);
    expect(listTree(dir)).toEqual([]);
  });

  it("keeps an existing output file unchanged when the render fails", () => {
    const dir = tempDir();
    const out = join(dir, "seed.iso");
    writeFileSync(out, "previous image");
    const r = runCli(["render", fixture("invalid.yaml"), "--format", "nocloud-iso", "--out", out]);
    expect(r.status).toBe(1);
    expect(readFileSync(out, "utf8")).toBe("previous image");
    expect(listTree(dir)).toEqual(["seed.iso"]);
  });

  it("replaces an existing output file whole and leaves no temporary files", () => {
    const dir = tempDir();
    const out = join(dir, "user-data");
    writeFileSync(out, "old");
    expect(runCli(["render", fixture("full.yaml"), "--format", "user-data", "--out", out]).status).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^#cloud-config\n|^Content-Type: multipart\/mixed/);
    expect(listTree(dir)).toEqual(["user-data"]);
  });

  it("exits 1 and writes nothing when the spec has no network for network-config", () => {
    const dir = tempDir();
    const r = runCli([
      "render",
      fixture("minimal.yaml"),
      "--format",
      "network-config",
      "--out",
      join(dir, "n.yaml"),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^\S+minimal\.yaml:2:1: network: the spec has no network section/);
    expect(listTree(dir)).toEqual([]);
  });

  it("refuses to replace a directory holding files the format does not write", () => {
    const dir = tempDir();
    const out = join(dir, "seed");
    mkdirSync(out);
    writeFileSync(join(out, "important.txt"), "keep me");
    const r = runCli(["render", fixture("full.yaml"), "--format", "nocloud-dir", "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /refusing to replace a directory holding entries this format does not write \(important\.txt\)/,
    );
    expect(listTree(out)).toEqual(["important.txt"]);
  });

  it("replaces its own earlier directory output", () => {
    const out = render("full.yaml", "nocloud-dir");
    const fresh = render("minimal.yaml", "nocloud-dir");
    const r = runCli(["render", fixture("minimal.yaml"), "--format", "nocloud-dir", "--out", out]);
    expect(r.status).toBe(0);
    expect(listTree(out)).toEqual(listTree(fresh));
    expect(listTree(out)).toEqual(expect.arrayContaining(["user-data", "meta-data"]));
    expect(listTree(out)).not.toContain("network-config");
    for (const f of listTree(out)) expect(readFileSync(join(out, f))).toEqual(readFileSync(join(fresh, f)));
    expect(listTree(dirname(out)).filter((e) => e.startsWith("."))).toEqual([]);
  });

  it("refuses to write a file over a directory", () => {
    const dir = tempDir();
    const r = runCli(["render", fixture("full.yaml"), "--format", "nocloud-iso", "--out", dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `--out ${dir}: is a directory; give a file path in it (e.g. ${join(dir, "seed.iso")}), or use --out-dir\n`,
    );
  });
});
