/**
 * Distinct, realistic specs for the benchmarks: every one has its own host name, addresses, MACs,
 * keys, files and commands, so no renderer can reuse a previous result. Passwords are given as
 * ready hashes (SHA-512 crypt of a plain password costs milliseconds by design and would measure
 * the hash, not the renderers).
 */
import { BootstrapSpec, FileEncoding, ScriptFrequency } from "../src/spec/types";

function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, "0");
}

/** Spec number `i` (0-based) of a fleet. */
export function benchSpec(i: number): BootstrapSpec {
  const a = (i >> 8) & 0xff;
  const b = i & 0xff;
  const key = Buffer.from(`bench-key-${i}`.padEnd(32, "."), "utf8").toString("base64");
  return {
    hostname: `vm-${String(i).padStart(4, "0")}`,
    domain: "bench.example.internal",
    users: [
      {
        name: "ops",
        gecos: `Operator of vm ${i}`,
        groups: ["sudo", "adm"],
        shell: "/bin/bash",
        sudo: ["ALL=(ALL) NOPASSWD:ALL"],
        sshAuthorizedKeys: [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${key.slice(0, 43)} ops@vm-${i}`],
        passwordHash: `$6$bench${String(i).padStart(8, "0")}$${"x".repeat(86)}`,
      },
    ],
    defaultUserSshAuthorizedKeys: [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${key.slice(0, 43)} admin@bench`],
    timezone: "Europe/Berlin",
    ntp: { servers: ["ntp1.example.internal", "ntp2.example.internal"] },
    dns: { nameservers: ["10.0.0.53", "2001:db8::53"], searchDomains: ["bench.example.internal"] },
    packages: ["nginx", "curl", "jq"],
    packageUpdate: true,
    files: [
      { path: "/etc/motd", content: `vm ${i} managed by bootstrapped-vm\n`, permissions: "0644" },
      {
        path: "/etc/app/config.json",
        content: Buffer.from(JSON.stringify({ node: i, peers: [i + 1, i + 2] })).toString("base64"),
        encoding: FileEncoding.Base64,
        owner: "root:root",
        permissions: "0600",
      },
    ],
    runcmd: ["systemctl enable --now nginx", `echo vm-${i} > /etc/node-name`],
    scripts: [
      {
        name: "register.sh",
        content: `#!/bin/sh\necho registering vm-${i}\n`,
        frequency: ScriptFrequency.PerInstance,
      },
    ],
    network: {
      interfaces: [
        {
          name: "eth0",
          macAddress: `52:54:00:10:${hex2(a)}:${hex2(b)}`,
          addresses: [`10.${a + 1}.${b}.10/16`, `2001:db8:${i.toString(16)}::10/64`],
          gateway4: `10.${a + 1}.0.1`,
          gateway6: `2001:db8:${i.toString(16)}::1`,
          mtu: 1500,
        },
        { name: "eth1", macAddress: `52:54:00:20:${hex2(a)}:${hex2(b)}`, dhcp4: true },
      ],
    },
    metadata: { role: "web", index: String(i) },
  };
}
