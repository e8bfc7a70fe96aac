/**
 * The forms each target cloud-init release gets (`cloudInit.minVersion`), each rule with the cloud-init
 * source that needs it (tags 20.4.1, 22.4.2, 25.1.4 of canonical/cloud-init).
 */
import { renderAll } from "../../src/render/render-all";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderSpecCloudConfig } from "../../src/render/cloud-config";
import { userDataParts } from "../../src/render/user-data";
import { validateSpec } from "../../src/render/validate-spec";
import { guestinfoUnreadRemedy } from "../../src/render/guestinfo";
import { vappNetworkIgnoredReason } from "../../src/render/vapp";
import type { BootstrapSpec } from "../../src/spec/types";
import { DUAL_NIC_SPEC, ENI_ONLY_SPEC } from "./transport-fixtures";

const hash = (plain: string): string => `$6$salt$${plain}`;
const at = (minVersion: string, spec: BootstrapSpec): BootstrapSpec => ({
  ...spec,
  cloudInit: { minVersion },
});

describe("rendering for a target cloud-init release", () => {
  it("sets the root password with chpasswd.list before 22.3 and chpasswd.users from 22.3 on", () => {
    // 20.4.1 cc_set_passwords.py:148-165 reads only `list`; 22.3 adds `users` and deprecates `list`.
    const spec: BootstrapSpec = { hostname: "h", rootPassword: "pw" };
    expect(renderSpecCloudConfig(at("20.4", spec), hash).chpasswd).toEqual({
      expire: false,
      list: ["root:$6$salt$pw"],
    });
    expect(renderSpecCloudConfig(at("22.3", spec), hash).chpasswd).toEqual({
      expire: false,
      users: [{ name: "root", password: "$6$salt$pw", type: "hash" }],
    });
  });

  it("writes prefer_fqdn_over_hostname only for 21.2 and later", () => {
    const spec: BootstrapSpec = { hostname: "h", domain: "example.com" };
    expect(renderSpecCloudConfig(at("20.4", spec), hash)).not.toHaveProperty("prefer_fqdn_over_hostname");
    expect(renderSpecCloudConfig(at("21.2", spec), hash).prefer_fqdn_over_hostname).toBe(false);
  });

  it("delivers scripts in forms 20.4 runs: per-instance as text/x-shellscript, per-boot and once via write_files", () => {
    // Per-frequency part handlers are new in 22.1 (handlers/shell_script_by_frequency.py).
    const spec: BootstrapSpec = {
      hostname: "h",
      scripts: [
        { name: "a.sh", content: "#!/bin/sh\necho a\n" },
        { name: "b.sh", content: "#!/bin/sh\necho b\n", frequency: "perBoot" as never },
        { name: "c.sh", content: "#!/bin/sh\necho c\n", frequency: "once" as never },
      ],
    };
    const old = at("20.4", spec);
    const config = renderSpecCloudConfig(old, hash);
    expect(userDataParts(old, config).map((p) => [p.contentType, p.filename])).toEqual([
      ["text/cloud-config", "cloud-config.yaml"],
      ["text/x-shellscript", "a.sh"],
    ]);
    expect(config.write_files).toEqual([
      { path: "/var/lib/cloud/scripts/per-boot/b.sh", content: "#!/bin/sh\necho b\n", permissions: "0755" },
      { path: "/var/lib/cloud/scripts/per-once/c.sh", content: "#!/bin/sh\necho c\n", permissions: "0755" },
    ]);
    const modern = at("22.1", spec);
    expect(userDataParts(modern, renderSpecCloudConfig(modern, hash)).map((p) => p.contentType)).toEqual([
      "text/cloud-config",
      "text/x-shellscript-per-instance",
      "text/x-shellscript-per-boot",
      "text/x-shellscript-per-once",
    ]);
  });

  it("writes deferred files with a final-stage script before 21.4, which has no write_files.defer", () => {
    const spec: BootstrapSpec = {
      hostname: "h",
      users: [{ name: "alice" }],
      files: [
        { path: "/etc/early.conf", content: "x\n" },
        {
          path: "/home/alice/.profile",
          content: "it's late\n",
          owner: "alice:alice",
          permissions: "600",
          defer: true,
        },
      ],
    };
    const old = at("20.4", spec);
    const config = renderSpecCloudConfig(old, hash);
    expect(config.write_files).toEqual([{ path: "/etc/early.conf", content: "x\n" }]);
    const script = userDataParts(old, config).find((p) => p.filename === "bootstrapped-vm-deferred-files.sh");
    expect(script?.contentType).toBe("text/x-shellscript");
    expect(script?.content).toContain(
      `base64 -d > '/home/alice/.profile' <<'BOOTSTRAPPED_VM_EOF'\n${Buffer.from("it's late\n").toString("base64")}\n`,
    );
    expect(script?.content).toContain(
      "chown 'alice:alice' '/home/alice/.profile'\nchmod 0600 '/home/alice/.profile'",
    );
    const modern = renderSpecCloudConfig(at("21.4", spec), hash);
    expect((modern.write_files as Record<string, unknown>[])[1]?.defer).toBe(true);
  });

  it.each(["20.4", "22.2", "26.2"])(
    "gives a MAC-only v2 NIC its v1 name as key and set-name, target %s",
    (minVersion) => {
      // 20.4.1 network_state.py handle_ethernets: name = cfg.get('set-name', eth), so the key alone names no
      // device; 22.2+ names an entry without set-name by the device it reads with the MAC, which udev may
      // rename afterwards (network-v2.ts `ethernetEntry`).
      const ethernets = renderAll(at(minVersion, DUAL_NIC_SPEC)).network?.v2.ethernets;
      expect(Object.keys(ethernets ?? {})).toEqual(["eth0", "eth1"]);
      expect(ethernets?.eth1).toMatchObject({
        match: { macaddress: "52:54:00:ab:cd:02" },
        "set-name": "eth1",
      });
    },
  );

  it("refuses an ENI-only config drive for 24.3 and later, which deprecates it", () => {
    // DataSourceConfigDrive.py 25.1.4:176-186 logs "Eni network configuration in ConfigDrive" DEPRECATED.
    const spec = at("25.1", ENI_ONLY_SPEC);
    const opts = { legacyNetworkFile: true, networkDataJson: false };
    expect(() => renderConfigDriveTree(spec, renderAll(spec), opts)).toThrow(/legacyNetworkFile: .*24\.3/);
    const older = at("24.2", ENI_ONLY_SPEC);
    expect(renderConfigDriveTree(older, renderAll(older), opts).has("openstack/content/0000")).toBe(true);
  });
});

describe("validating cloudInit.minVersion", () => {
  it("accepts YY.N and YY.N.P from 20.4 on", () => {
    for (const minVersion of ["20.4", "20.4.1", "22.4", "25.1"]) {
      expect(validateSpec({ hostname: "h", cloudInit: { minVersion } })).toEqual([]);
    }
  });

  it("refuses what is not a release number, or older than 20.4, with the path and the fix", () => {
    expect(validateSpec({ hostname: "h", cloudInit: { minVersion: "latest" } })).toEqual([
      {
        path: "cloudInit.minVersion",
        message: expect.stringContaining(
          'write it as YY.N, the way cloud-init numbers its releases (e.g. "20.4"',
        ),
      },
    ]);
    expect(validateSpec({ hostname: "h", cloudInit: { minVersion: "19.4" } })).toEqual([
      { path: "cloudInit.minVersion", message: expect.stringContaining('use "20.4" or later') },
    ]);
  });

  it("refuses several sudo rules for one user below 24.2 (the default target too), where the schema takes one", () => {
    const spec = (minVersion?: string) => ({
      hostname: "h",
      ...(minVersion === undefined ? {} : { cloudInit: { minVersion } }),
      users: [
        { name: "one", sudo: ["ALL=(ALL) NOPASSWD:ALL"] },
        { name: "two", sudo: ["ALL=(ALL) NOPASSWD:/usr/bin/ls", "ALL=(ALL) NOPASSWD:/usr/bin/cat"] },
      ],
    });
    const refused = (target: string) => [
      {
        path: "users[1].sudo",
        message:
          `Several sudo rules for one user (a list) need cloud-init 24.2 or later, but ${target}; write them as one ` +
          "rule: sudoers takes a comma-separated command list, e.g. `ALL=(ALL) NOPASSWD: /usr/bin/ls, /usr/bin/cat`",
      },
    ];
    expect(validateSpec(spec())).toEqual(
      refused("the spec targets cloud-init 22.4 (the default without cloudInit.minVersion)"),
    );
    expect(validateSpec(spec("24.1"))).toEqual(refused('cloudInit.minVersion is "24.1"'));
    expect(validateSpec(spec("24.2"))).toEqual([]);
    expect(validateSpec(spec("25.1"))).toEqual([]);
  });

  it("refuses per-frequency script parts for a target before 22.1, naming the release and the alternative", () => {
    const problems = validateSpec({
      hostname: "h",
      cloudInit: { minVersion: "20.4" },
      extraParts: [{ contentType: "text/x-shellscript-per-boot", content: "#!/bin/sh\n" }],
    });
    expect(problems).toEqual([
      {
        path: "extraParts[0].contentType",
        message: expect.stringMatching(
          /need cloud-init 22\.1 or later.*minVersion is "20\.4"; put the script in `scripts`/,
        ),
      },
    ]);
  });
});

describe("a refusal of the target quotes the spec's cloudInit.minVersion as written", () => {
  // Quoted and whole, as every value a message quotes: the component redacts a secret one only so (a bare
  // 4-character text is under the 6 characters it redacts bare text from), and its patch release with it.
  const network = { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] };
  it.each(["20.4", "20.4.1", "21.2"])(
    "%s, for guestinfo (no VMware datasource before 21.3)",
    (minVersion) => {
      expect(guestinfoUnreadRemedy({ cloudInit: { minVersion } }, false)?.fact).toBe(
        "cloud-init reads the guestinfo keys with its VMware datasource (DataSourceVMware), new in 21.3, but " +
          `cloudInit.minVersion is "${minVersion}": the guest would not read them`,
      );
    },
  );

  it.each(["20.4", "20.4.1", "21.3"])("%s, for a vApp network (applied from 21.4 on)", (minVersion) => {
    expect(vappNetworkIgnoredReason({ cloudInit: { minVersion }, network })).toContain(
      `, but cloudInit.minVersion is "${minVersion}": the guest would silently come up`,
    );
  });

  it("19.4, older than the oldest release the renderers know", () => {
    expect(validateSpec({ hostname: "h", cloudInit: { minVersion: "19.4" } })).toEqual([
      {
        path: "cloudInit.minVersion",
        message:
          '"19.4" is older than the oldest cloud-init release the renderers know (20.4, Debian 11); use "20.4" or later',
      },
    ]);
  });
});
