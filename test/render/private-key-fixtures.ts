/** Specs holding a private key in every place and encoding, and specs holding none (private-key*.test.ts). */
import { FileEncoding, type BootstrapSpec } from "../../src/spec/types";
import { gzipSync } from "../../src/util/zlib";

export const KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n";
export const B64 = Buffer.from(KEY).toString("base64");
export const GZ_B64 = gzipSync(KEY).toString("base64");

/** base64 wrapped at `width` characters a line, as `base64` (76) or PEM (64) writes it. */
export const wrapped = (b64: string, width: number): string =>
  b64.replace(new RegExp(`(.{${width}})`, "g"), "$1\n");

/** A spec putting the key in one place, with every encoding cloud-init's write_files accepts. */
export const CASES: Record<string, BootstrapSpec> = {
  filesText: { hostname: "h", files: [{ path: "/k", content: KEY }] },
  filesBase64: { hostname: "h", files: [{ path: "/k", content: B64, encoding: FileEncoding.Base64 }] },
  filesGzipBase64: {
    hostname: "h",
    files: [{ path: "/k", content: GZ_B64, encoding: FileEncoding.GzipBase64 }],
  },
  runcmd: { hostname: "h", runcmd: [`printf '%s' '${KEY}' > /root/.ssh/id`] },
  bootcmd: { hostname: "h", bootcmd: [`echo '${KEY}' > /k`] },
  runcmdBase64: { hostname: "h", runcmd: [`echo ${B64} | base64 -d > /k`] },
  runcmdGzipHeredoc: {
    hostname: "h",
    runcmd: [`base64 -d <<EOF | gunzip > /k\n${wrapped(GZ_B64, 76)}\nEOF`],
  },
  extraKey: { hostname: "h", extraCloudConfig: { ca_certs: { note: KEY } } },
  ...Object.fromEntries(
    ["b64", "base64", "B64 ", "gz+b64", "gz+base64", "gzip+b64", "gzip+base64", "GZIP+BASE64"].map(
      (encoding) => {
        const content = encoding.toLowerCase().includes("gz") ? GZ_B64 : B64;
        return [
          `extraWriteFiles ${JSON.stringify(encoding)}`,
          { hostname: "h", extraCloudConfig: { write_files: [{ path: "/k", encoding, content }] } },
        ];
      },
    ),
  ),
  vendorWriteFilesB64: {
    hostname: "h",
    vendorCloudConfig: { write_files: [{ path: "/k", encoding: "b64", content: B64 }] },
  },
  vendorWriteFilesGzB64: {
    hostname: "h",
    vendorCloudConfig: { write_files: [{ path: "/k", encoding: "gz+b64", content: GZ_B64 }] },
  },
  scriptBase64: {
    hostname: "h",
    scripts: [{ name: "k.sh", content: `#!/bin/sh\necho ${B64} | base64 -d > /k\n` }],
  },
};

/** Specs without a key: they stay plain. */
export const PLAIN: Record<string, BootstrapSpec> = {
  minimal: { hostname: "p" },
  files: {
    hostname: "p",
    files: [
      {
        path: "/a",
        content: Buffer.from("hello world, no key in here at all").toString("base64"),
        encoding: FileEncoding.Base64,
      },
      {
        path: "/b",
        content: gzipSync("x".repeat(500)).toString("base64"),
        encoding: FileEncoding.GzipBase64,
      },
    ],
  },
  publicKeyAndHashes: {
    hostname: "p",
    defaultUserSshAuthorizedKeys: [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host",
    ],
    runcmd: [`echo ${"ab12".repeat(16)} > /etc/digest`, "echo -----BEGIN PUBLIC KEY----- > /x"],
    extraCloudConfig: {
      write_files: [{ path: "/c", encoding: "b64", content: B64.replace("LS0tLS1", "AAAAAAA") }],
    },
  },
};
