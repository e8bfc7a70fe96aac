/**
 * Proof 3: the guestinfo values, in every encoding, read back by cloud-init 22.4's DataSourceVMware
 * through its envvar transport (`VMX_GUESTINFO=1`, `VMX_GUESTINFO_METADATA`, ...: the same decoding path
 * as the VMware backdoor): same user-data and vendor-data text, same instance-id, local-hostname and
 * public keys, the same network config, and the redact list. Also the vApp properties through
 * DataSourceOVF's OVF-environment reader. One Python process reads every case.
 */
import { deliveredNetworkConfig } from "../../src/render/network-delivery";
import { renderGuestinfo, GuestinfoEncoding } from "../../src/render/guestinfo";
import { renderAll } from "../../src/render/render-all";
import type { RenderedDocuments } from "../../src/render/types";
import { renderVappProperties } from "../../src/render/vapp";
import { requireCloudInit, runPython } from "../helpers/cloud-init";
import { loadCorpus } from "../corpus";

const READ_ALL = `
import json, os, sys, tempfile
from cloudinit import distros, helpers, util
from cloudinit.sources import DataSourceVMware, DataSourceOVF
tmp = tempfile.mkdtemp()
paths = helpers.Paths({"cloud_dir": tmp, "run_dir": tmp})
distro = distros.fetch("debian")("debian", {}, paths)
results = {}
def read(case):
    if case["kind"] == "guestinfo":
        for k in [k for k in os.environ if k.startswith("VMX_GUESTINFO")]:
            del os.environ[k]
        os.environ["VMX_GUESTINFO"] = "1"
        for key, value in case["values"].items():
            os.environ[DataSourceVMware.get_guestinfo_envvar_key_name(key[len("guestinfo."):])] = value
        ds = DataSourceVMware.DataSourceVMware({}, distro, paths)
        found = ds._get_data()
        return {
            "found": found,
            "method": ds.data_access_method,
            "instance_id": ds.get_instance_id(),
            "local_hostname": ds.metadata.get("local-hostname"),
            "public_keys": ds.get_public_ssh_keys(),
            "network": ds.network_config if "network" in ds.metadata else None,
            "redact": ds.metadata.get("redact"),
            "userdata": ds.userdata_raw,
            "vendordata": ds.vendordata_raw,
        }
    else:
        md, ud, cfg = DataSourceOVF.read_ovf_environment(case["xml"], True)
        return {
            "instance_id": md.get("instance-id"),
            "local_hostname": md.get("local-hostname"),
            "public_keys": md.get("public-keys"),
            "network": md.get("network-config"),
            # cloud-init's user-data processor gunzips by magic bytes (user_data.convert_string)
            "userdata": util.decode_binary(util.decomp_gzip(ud, quiet=True)) if ud is not None else None,
        }
for case in json.load(sys.stdin):
    try:
        results[case["id"]] = read(case)
    except Exception as e:  # reported per case, the test fails on it
        results[case["id"]] = {"error": "%s: %s" % (type(e).__name__, e)}
print(json.dumps(results))
`;

function ovfEnvironment(props: Record<string, string>): string {
  const esc = (s: string): string =>
    s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/\n/g, "&#10;");
  const properties = Object.entries(props)
    .map(([k, v]) => `    <Property oe:key="${esc(k)}" oe:value="${esc(v)}"/>`)
    .join("\n");
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" xmlns:oe="http://schemas.dmtf.org/ovf/environment/1">',
    "  <PropertySection>",
    properties,
    "  </PropertySection>",
    "</Environment>",
  ].join("\n");
}

const ENCODINGS = [GuestinfoEncoding.GzipBase64, GuestinfoEncoding.Base64, GuestinfoEncoding.Auto];

describe("DataSourceVMware (cloud-init 22.4) reads the guestinfo values back", () => {
  const corpus = loadCorpus().map((e) => ({ name: e.name, docs: renderAll(e.spec) }));
  const cases = corpus.flatMap((c) => ENCODINGS.map((encoding) => [c.name, encoding, c.docs] as const));
  let results: Record<string, Record<string, unknown>> = {};

  beforeAll(() => {
    requireCloudInit();
    const input = [
      ...cases.map(([name, encoding, docs]) => ({
        id: `${name}/${encoding}`,
        kind: "guestinfo",
        values: renderGuestinfo(docs, { encoding }),
      })),
      ...corpus.map((c) => ({
        id: `${c.name}/vapp`,
        kind: "vapp",
        xml: ovfEnvironment(renderVappProperties(c.docs)),
      })),
    ];
    const r = runPython(READ_ALL, { input: JSON.stringify(input) });
    if (r.status !== 0) throw new Error(`DataSourceVMware batch failed: ${r.stderr}`);
    results = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as typeof results;
  });

  it.each(cases)(
    "%s (%s): user-data, metadata, network and redact list round-trip",
    (name, encoding, docs) => {
      const got = results[`${name}/${encoding}`];
      expect(got?.error).toBeUndefined();
      expect(got).toMatchObject({ found: true, method: "envvar" });
      expect(got?.instance_id).toBe(docs.instanceId);
      expect(got?.local_hostname).toBe(docs.hostname);
      expect(got?.public_keys).toEqual(docs.publicKeys);
      expect(got?.network).toEqual(docs.network ? deliveredNetworkConfig(docs.network).document : null);
      expect(got?.redact).toEqual(["userdata"]);
      expect(got?.userdata).toBe(docs.userData);
      expect(got?.vendordata).toBe(docs.vendorData ?? null);
    },
  );

  it.each(corpus)(
    "$name: DataSourceOVF reads the vApp properties back",
    ({ name, docs }: { name: string; docs: RenderedDocuments }) => {
      const got = results[`${name}/vapp`];
      expect(got?.error).toBeUndefined();
      expect(got?.instance_id).toBe(docs.instanceId);
      expect(got?.local_hostname).toBe(docs.hostname);
      expect(got?.public_keys).toBe(docs.publicKeys.length > 0 ? docs.publicKeys.join("\n") : null);
      expect(got?.network).toEqual(docs.network ? deliveredNetworkConfig(docs.network).document : null);
      expect(got?.userdata).toBe(docs.userData);
    },
  );

  it("covers every corpus spec in all three encodings", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    expect(cases).toHaveLength(corpus.length * ENCODINGS.length);
  });
});
