/**
 * The review record (`${name}-cloud-init` Stash input) never carries a secret readable: vendor-data (raw
 * `vendorCloudConfig`, delivered verbatim to the guest) is redacted by the same keys as user-data, and a
 * secret string repeated anywhere else in the record is replaced.
 */
import { parse as parseYaml } from "yaml";
import { REDACTED, reviewOf } from "../../src/component/review";
import { hashPassword } from "../../src/render/password";
import { renderAll } from "../../src/render/render-all";
import type { BootstrapSpec } from "../../src/spec/types";

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
