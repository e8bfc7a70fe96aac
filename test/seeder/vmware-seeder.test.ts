import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parse as parseYaml } from "yaml";
import {
  renderVmwareSeederFiles,
  SEEDER_DATASOURCE_CFG_PATH,
  SEEDER_DROP_IN_PATH,
  SEEDER_PATH,
} from "../../src/seeder/vmware-seeder";
import { renderAll } from "../../src/render/render-all";
import { renderGuestinfo, GuestinfoEncoding } from "../../src/render/guestinfo";
import { stableYaml } from "../../src/util/serialize";

/** A fake `vmware-rpctool`: `info-get guestinfo.<key>` prints `$FAKE_GUESTINFO/<key>`, `info-set` records. */
const FAKE_RPCTOOL = `#!/bin/bash
set -eu
cmd="$1"
case "$cmd" in
  "info-get guestinfo."*)
    key="\${cmd#info-get guestinfo.}"
    [ -f "$FAKE_GUESTINFO/$key" ] || { echo "No value found" >&2; exit 1; }
    cat "$FAKE_GUESTINFO/$key" ;;
  "info-set guestinfo."*)
    rest="\${cmd#info-set guestinfo.}"
    printf '%s\\n' "$rest" >>"$FAKE_GUESTINFO/.info-set.log" ;;
  *) exit 2 ;;
esac
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "seeder-"));
  mkdirSync(join(dir, "bin"));
  mkdirSync(join(dir, "guestinfo"));
  mkdirSync(join(dir, "run"));
  writeFileSync(join(dir, "bin", "vmware-rpctool"), FAKE_RPCTOOL);
  chmodSync(join(dir, "bin", "vmware-rpctool"), 0o755);
  writeFileSync(join(dir, "seeder"), renderVmwareSeederFiles().get(SEEDER_PATH) ?? "");
  chmodSync(join(dir, "seeder"), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setGuestinfo(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) writeFileSync(join(dir, "guestinfo", key), value);
}

/** Runs the seeder with the fake rpctool first on PATH and Debian's python3 (with PyYAML) next. */
function runSeeder(): void {
  execFileSync("/bin/sh", [join(dir, "seeder")], {
    env: {
      PATH: `${join(dir, "bin")}:/usr/bin:/bin`,
      FAKE_GUESTINFO: join(dir, "guestinfo"),
      BOOTSTRAPPED_VM_SEED_DIR: join(dir, "seed"),
      BOOTSTRAPPED_VM_RUN_DIR: join(dir, "run"),
      // /tmp must never be used (see the test on the work directory): a TMPDIR that does not exist makes any
      // mktemp without a template fail.
      TMPDIR: join(dir, "no-such-tmp"),
    },
    stdio: "pipe",
  });
}

function seed(file: string): string {
  return readFileSync(join(dir, "seed", file), "utf8");
}

const b64 = (s: string) => Buffer.from(s).toString("base64");
const gzb64 = (s: string) => gzipSync(Buffer.from(s)).toString("base64");

describe("renderVmwareSeederFiles", () => {
  it("renders the script, its cloud-init-local drop-in and the NoCloud datasource list, keyed relative to /", () => {
    const files = renderVmwareSeederFiles();
    expect([...files.keys()].sort()).toEqual(
      [SEEDER_DATASOURCE_CFG_PATH, SEEDER_DROP_IN_PATH, SEEDER_PATH].sort(),
    );
    expect(files.get(SEEDER_DROP_IN_PATH)).toContain(`ExecStartPre=-/${SEEDER_PATH}\n`);
    expect(SEEDER_DROP_IN_PATH).toMatch(/^etc\/systemd\/system\/cloud-init-local\.service\.d\/.+\.conf$/);
    expect(parseYaml(files.get(SEEDER_DATASOURCE_CFG_PATH) ?? "")).toEqual({
      datasource_list: ["NoCloud", "None"],
    });
    expect(SEEDER_DATASOURCE_CFG_PATH).toMatch(/^etc\/cloud\/cloud\.cfg\.d\/.+\.cfg$/);
  });
});

describe("the seeder script", () => {
  it("works on /run and leaves nothing there: /tmp is being emptied while it runs", () => {
    // It runs as ExecStartPre of cloud-init-local.service (DefaultDependencies=no, Before=sysinit.target), in
    // parallel with systemd-tmpfiles-setup.service, which empties /tmp at boot (tmpfiles.d/tmp.conf `D /tmp`
    // with --remove). A bullseye boot showed the race: the seeder's /tmp/tmp.*/metadata vanished under it and
    // cloud-init came up with DataSourceNone.
    setGuestinfo({ metadata: '{"instance-id": "iid-run"}', userdata: "#cloud-config\n" });
    runSeeder();
    expect(parseYaml(seed("meta-data"))).toEqual({ "instance-id": "iid-run" });
    expect(readdirSync(join(dir, "run"))).toEqual([]);
    expect(renderVmwareSeederFiles().get(SEEDER_PATH)).toContain("${BOOTSTRAPPED_VM_RUN_DIR:-/run}");
  });

  it.each([
    ["gzip+base64", gzb64],
    ["gz+b64", gzb64],
    ["base64", b64],
    ["b64", b64],
    ["", (s: string) => s],
  ])("decodes user-data and vendor-data encoded as %j", (encoding, encode) => {
    // Plain values lose trailing newlines, as in cloud-init's own guestinfo reader (it strips them).
    const userData = "#cloud-config\nruncmd:\n  - echo hi\n";
    const vendorData = "#cloud-config\npackages: [jq]\n";
    setGuestinfo({
      metadata: encode('{"instance-id": "iid-1", "local-hostname": "web-01"}'),
      "metadata.encoding": encoding,
      userdata: encode(userData),
      "userdata.encoding": encoding,
      vendordata: encode(vendorData),
      "vendordata.encoding": encoding,
    });
    runSeeder();
    const plain = encoding === "";
    expect(seed("user-data")).toBe(plain ? userData.trimEnd() : userData);
    expect(seed("vendor-data")).toBe(plain ? vendorData.trimEnd() : vendorData);
    expect(parseYaml(seed("meta-data"))).toEqual({ "instance-id": "iid-1", "local-hostname": "web-01" });
    expect(existsSync(join(dir, "seed", "network-config"))).toBe(false);
  });

  it("turns exactly what the guestinfo transport writes into the NoCloud seed, network-config included", () => {
    const docs = renderAll({
      hostname: "web-01",
      defaultUserSshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnlyForTests a@b"],
      runcmd: ["echo hello"],
      vendorCloudConfig: { packages: ["jq"] },
      network: {
        interfaces: [
          { macAddress: "00:50:56:00:00:01", addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" },
        ],
      },
    });
    for (const encoding of [GuestinfoEncoding.GzipBase64, GuestinfoEncoding.Base64]) {
      const keys = renderGuestinfo(docs, { encoding });
      setGuestinfo(
        Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.replace(/^guestinfo\./, ""), v])),
      );
      runSeeder();
      expect(seed("user-data")).toBe(docs.userData);
      expect(seed("vendor-data")).toBe(docs.vendorData);
      expect(parseYaml(seed("network-config"))).toEqual(parseYaml(stableYaml(docs.network?.v2)));
      expect(parseYaml(seed("meta-data"))).toEqual({
        "instance-id": docs.instanceId,
        "local-hostname": "web-01",
        "public-keys": docs.publicKeys,
      });
    }
  });

  it("writes network-config from a network mapping in YAML metadata", () => {
    setGuestinfo({
      metadata:
        "instance-id: iid-2\nlocal-hostname: db\nnetwork:\n  version: 2\n  ethernets:\n    nic0:\n      dhcp4: true\n",
    });
    runSeeder();
    expect(parseYaml(seed("network-config"))).toEqual({ version: 2, ethernets: { nic0: { dhcp4: true } } });
    expect(parseYaml(seed("meta-data"))).toEqual({ "instance-id": "iid-2", "local-hostname": "db" });
  });

  it.each([
    ["gzip+base64", gzb64],
    ["base64", b64],
  ])(
    "writes network-config from a %s network string in the metadata (other tools' form)",
    (encoding, encode) => {
      const network = "version: 2\nethernets:\n  nic0:\n    dhcp6: true\n";
      setGuestinfo({
        metadata: JSON.stringify({
          "instance-id": "iid-3",
          "local-hostname": "db",
          network: encode(network),
          "network.encoding": encoding,
        }),
      });
      runSeeder();
      expect(seed("network-config")).toBe(network);
      expect(parseYaml(seed("meta-data"))).toEqual({ "instance-id": "iid-3", "local-hostname": "db" });
    },
  );

  it("keeps the previous user-data when guestinfo.userdata was redacted, and redacts what metadata asks", () => {
    setGuestinfo({
      metadata: '{"instance-id":"iid-3","redact":["userdata"]}',
      userdata: b64("#cloud-config\n{}\n"),
    });
    setGuestinfo({ "userdata.encoding": "base64" });
    runSeeder();
    expect(seed("user-data")).toBe("#cloud-config\n{}\n");
    expect(readFileSync(join(dir, "guestinfo", ".info-set.log"), "utf8")).toBe("userdata ---\n");
    setGuestinfo({ userdata: "---" });
    runSeeder();
    expect(seed("user-data")).toBe("#cloud-config\n{}\n");
  });
});
