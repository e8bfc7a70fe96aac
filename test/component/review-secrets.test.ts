/**
 * The review record (`${name}-cloud-init` Stash input) never carries a secret readable: vendor-data (raw
 * `vendorCloudConfig`, delivered verbatim to the guest) is redacted by the same keys as user-data, a
 * secret string repeated anywhere else in the record is replaced, and a private key is redacted wherever
 * it is and however it is encoded.
 */
import { parse as parseYaml } from "yaml";
import { REDACTED, reviewOf } from "../../src/render/review";
import { hashPassword } from "../../src/render/password";
import { renderAll } from "../../src/render/render-all";
import { FileEncoding, type BootstrapSpec } from "../../src/spec/types";
import { gzipSync } from "../../src/util/zlib";
import { B64, CASES, GZ_B64, KEY } from "../render/private-key-fixtures";

const PASSWORD = "vendor-Pa55word";
const HASH = hashPassword("hash-source", "v2");

describe("review record secrets", () => {
  it("redacts passwords and hashes in vendor-data, keeping the rest readable", () => {
    const spec: BootstrapSpec = {
      hostname: "v-01",
      vendorCloudConfig: {
        chpasswd: { users: [{ name: "v1", password: HASH, type: "hash" }] },
        users: [{ name: "v2", hashed_passwd: HASH }],
        ntp: { servers: ["ntp.example.com"] },
      },
    };
    const docs = renderAll(spec);
    expect(docs.vendorData).toContain(HASH);
    const review = reviewOf(docs, "", spec);
    expect(review.vendorData).not.toContain(HASH);
    expect(review.vendorData).toContain("ntp.example.com");
    expect(review.vendorData).toContain("<redacted>");
  });

  it("sweeps chpasswd's passwords from the record, not its user names or `type: hash` (`/root` stays)", () => {
    const [listHash, usersHash] = [hashPassword("list-source", "ops"), hashPassword("users-source", "qa")];
    const spec: BootstrapSpec = {
      hostname: "r-01",
      rootPasswordHash: HASH,
      runcmd: ["chown root:root /root/app && echo hash-check", `echo '${listHash} ${usersHash}' > /x`],
      extraCloudConfig: {
        chpasswd: {
          list: [`ops:${listHash}`, "dev:RANDOM"],
          users: [{ name: "qa", password: usersHash, type: "hash" }],
        },
      },
    };
    const review = reviewOf(renderAll(spec), "", spec);
    expect(parseYaml(review.userData).runcmd).toEqual([
      "chown root:root /root/app && echo hash-check",
      "echo '<redacted> <redacted>' > /x",
    ]);
    expect(review.userData).not.toContain(HASH);
  });

  it("replaces a password wherever else the record repeats it (a runcmd line)", () => {
    const spec: BootstrapSpec = {
      hostname: "r-01",
      users: [{ name: "ops", password: PASSWORD }],
      runcmd: [`echo ${PASSWORD} > /root/note`],
    };
    const review = reviewOf(renderAll(spec), "", spec);
    expect(review.userData).not.toContain(PASSWORD);
    expect(review.userData).toContain("echo <redacted> > /root/note");
  });

  // YAML quotes a line holding `: ` and escapes the `"` in it, so the password is no longer in the text as
  // it was given; the record must not hold it in any form.
  it.each(['Tr0ub4dor"&3', "back\\slash\\pw", "tab\tpass"])(
    "replaces a password a runcmd line repeats when YAML escapes it (%j)",
    (password) => {
      const spec: BootstrapSpec = {
        hostname: "r-01",
        users: [{ name: "ops", password }],
        runcmd: [`echo 'backup: ${password}' > /etc/backup.conf`],
        vendorCloudConfig: {
          runcmd: [`echo "vendor: ${password}"`],
          chpasswd: { users: [{ name: "x", type: "RANDOM" }] },
        },
      };
      const review = reviewOf(renderAll(spec), "", spec);
      for (const text of [review.userData, review.vendorData]) {
        const values = JSON.stringify(parseYaml(text));
        expect(values).not.toContain(JSON.stringify(password).slice(1, -1));
        expect(text).not.toContain(password);
        expect(values).toContain(REDACTED);
      }
      expect(parseYaml(review.userData).runcmd).toEqual([`echo 'backup: ${REDACTED}' > /etc/backup.conf`]);
      expect(parseYaml(review.vendorData).runcmd).toEqual([`echo "vendor: ${REDACTED}"`]);
    },
  );

  it("keeps vendor-data verbatim when nothing in the spec is secret", () => {
    const spec: BootstrapSpec = { hostname: "p-01", vendorCloudConfig: { packages: ["htop"] } };
    const docs = renderAll(spec);
    expect(reviewOf(docs, "", spec).vendorData).toBe(docs.vendorData);
  });

  it("shows an extraCloudConfig key named __proto__ in the review, redacting the secrets under it", () => {
    const extra = JSON.parse('{"__proto__": {"note": "kept", "password": "x"}}') as Record<string, unknown>;
    const spec: BootstrapSpec = { hostname: "p-01", extraCloudConfig: extra };
    const review = reviewOf(renderAll(spec), "", spec);
    expect(review.userData).toContain("\n__proto__:\n  note: kept\n  password: <redacted>\n");
  });
});

describe("review record private keys", () => {
  /** The key's body line, and the starts of its base64 and gzip+base64 (each shows the key to anyone). */
  const KEY_LINE = KEY.split("\n")[1] as string;
  const SHOWN = [KEY_LINE, "PRIVATE KEY", B64.slice(0, 40), GZ_B64.slice(0, 40)];

  /** The needles the record shows, in its text and in the values its YAML holds. */
  function shownNeedles(spec: BootstrapSpec): string[] {
    const review = reviewOf(renderAll(spec), "", spec);
    const texts: string[] = Object.values(review);
    for (const text of [review.userData, review.vendorData]) {
      if (text.startsWith("#cloud-config")) texts.push(JSON.stringify(parseYaml(text)));
    }
    return SHOWN.filter((needle) => texts.some((t) => t.includes(needle)));
  }

  // The audit's cases: a spec file with encoding base64 or gzip+base64 (not marked secret), a key in
  // runcmd or bootcmd; then every other place and encoding the fixtures hold.
  it.each(["filesBase64", "filesGzipBase64", "runcmd", "bootcmd"])("shows no key text (%s)", (name) => {
    expect(shownNeedles(CASES[name] as BootstrapSpec)).toEqual([]);
  });

  it.each(Object.keys(CASES))("shows no key text in any place or encoding (%s)", (name) => {
    expect(shownNeedles(CASES[name] as BootstrapSpec)).toEqual([]);
  });

  it("redacts only the key in a runcmd or bootcmd line, and an encoded file's content, keeping the rest", () => {
    const spec: BootstrapSpec = {
      hostname: "k-01",
      files: [
        {
          path: "/root/.ssh/id",
          content: gzipSync(KEY).toString("base64"),
          encoding: FileEncoding.GzipBase64,
        },
      ],
      runcmd: [`printf '%s' '${KEY}' > /root/.ssh/id2`, `echo ${B64} | base64 -d > /root/.ssh/id3`],
      bootcmd: [`echo '${KEY}' > /k`],
    };
    const review = parseYaml(reviewOf(renderAll(spec), "", spec).userData) as Record<string, unknown>;
    expect(review.runcmd).toEqual([
      `printf '%s' '${REDACTED}\n' > /root/.ssh/id2`,
      `echo ${REDACTED} | base64 -d > /root/.ssh/id3`,
    ]);
    expect(review.bootcmd).toEqual([`echo '${REDACTED}\n' > /k`]);
    expect(review.write_files).toEqual([{ path: "/root/.ssh/id", encoding: "gz+b64", content: REDACTED }]);
  });
});
