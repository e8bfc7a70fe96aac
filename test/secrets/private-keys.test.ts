/**
 * A private key in `extraCloudConfig.write_files`, encoded as cloud-init's `b64` or `gz+b64` say, makes
 * the documents secret like any other private key: the component's user-data, instance-id, content hash
 * and meta-data are Pulumi secrets, no resource holds the key readable (guestinfo carries user-data as
 * base64), and a seed ISO holding it is written readable by its owner only.
 */
import * as pulumi from "@pulumi/pulumi";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installMocks, registered, unwrapSecrets, valueOf } from "../component/mock-harness";
import { plainFindings } from "./scan";

const recorder = installMocks();
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component";
import { renderAll } from "../../src/render/render-all";
import type { BootstrapSpec } from "../../src/spec/types";
import { B64, GZ_B64, KEY } from "../render/private-key-fixtures";

const KEY_LINE = KEY.split("\n")[1] as string;
const NEEDLES = [KEY_LINE, B64.slice(0, 40), GZ_B64.slice(0, 40)];
const vsphere = { resourcePoolId: "rp", datastoreId: "ds", networkInterfaces: [{ networkId: "net" }] };

const specs: [string, BootstrapSpec][] = [
  [
    "b64",
    { hostname: "k1", extraCloudConfig: { write_files: [{ path: "/k", encoding: "b64", content: B64 }] } },
  ],
  [
    "gz+b64",
    {
      hostname: "k2",
      extraCloudConfig: { write_files: [{ path: "/k", encoding: "gz+b64", content: GZ_B64 }] },
    },
  ],
];

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "bvm-pk-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(specs)("a private key in extraCloudConfig.write_files, encoding %s", (encoding, spec) => {
  const name = `pk-${encoding.replace("+", "")}`;

  it("makes the documents secret", () => {
    expect(renderAll(spec).containsSecrets).toBe(true);
  });

  it("makes the component's outputs derived from the documents secrets, and leaves the key readable nowhere", async () => {
    const vm = new BootstrappedVm(name, { bootstrap: spec, vsphere });
    expect(await pulumi.isSecret(vm.userData)).toBe(true);
    expect(await pulumi.isSecret(vm.instanceId)).toBe(true);
    expect(await pulumi.isSecret(vm.contentHash)).toBe(true);
    expect(await pulumi.isSecret(vm.metaData)).toBe(true);
    expect(await valueOf(vm.userData)).toContain(encoding === "b64" ? B64 : GZ_B64);
    await registered(recorder, `${name}-vm`);
    await registered(recorder, `${name}-cloud-init`);
    const mine = recorder.registrations.filter((r) => r.name.startsWith(name));
    expect(mine.flatMap((r) => plainFindings(r.inputs, NEEDLES, r.name))).toEqual([]);
  });

  it("writes a seed ISO holding it readable by its owner only", async () => {
    new BootstrappedVm(`${name}-iso`, { bootstrap: spec, seedImage: { path: join(dir, `${name}.iso`) } });
    const seed = await registered(recorder, `${name}-iso-seed`);
    expect((unwrapSecrets(seed.inputs) as { fileMode?: number }).fileMode).toBe(0o600);
  });
});
