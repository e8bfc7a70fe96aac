/**
 * The provider plugin driven exactly as Pulumi drives it for a Python, Go, .NET or YAML program, without
 * the CLI. The nodejs language host's RunPlugin (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go,
 * `RunPlugin`, at 1b59498: lines 1607-1740) runs `node <@pulumi/pulumi/cmd/run-plugin resolved from the
 * plugin directory> <plugin directory> <args>` with the working directory set to the user's project
 * (`cmd.Dir = req.Pwd`); the engine passes its own address as the argument, and the plugin prints its port.
 * Here the project is a temporary directory with no node_modules (a Python project's), the engine and
 * resource monitor are fakes (fake-engine.ts), and GetSchema and Construct go over gRPC.
 * Needs the build (`npm test` builds first): the plugin runs the package's built JavaScript.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import type { FakeEngine } from "./fake-engine";
import { startPluginSession, stopPluginSession, unary, type PluginSession } from "./plugin-process";

const root = resolve(__dirname, "../..");
const TYPE = "bootstrapped-vm:index:BootstrappedVm";

describe("the provider plugin started as the nodejs language host starts it, from a project without node_modules", () => {
  let session: PluginSession | undefined;
  let project: string;
  let engine: FakeEngine;
  let client: providerRpc.ResourceProviderClient;

  beforeAll(async () => {
    session = await startPluginSession("bvm-python-project-");
    ({ project, engine, client } = session);
  }, 120_000);

  afterAll(() => stopPluginSession(session));

  it("runs from a directory with no node_modules above it", () => {
    let dir = project;
    while (dir !== resolve(dir, "..")) {
      expect(existsSync(join(dir, "node_modules"))).toBe(false);
      dir = resolve(dir, "..");
    }
  });

  it("answers GetSchema with the committed package schema", async () => {
    const res = await unary<providerProto.GetSchemaResponse>((cb) =>
      client.getSchema(new providerProto.GetSchemaRequest(), cb),
    );
    expect(JSON.parse(res.getSchema())).toEqual(
      JSON.parse(readFileSync(join(root, "schema", "pulumi-package.json"), "utf8")),
    );
  }, 60_000);

  /** A ConstructRequest for `web` with these component inputs, aimed at the fake monitor. */
  function constructRequest(inputs: Record<string, unknown>): providerProto.ConstructRequest {
    const req = new providerProto.ConstructRequest();
    req.setProject("seed");
    req.setStack("dev");
    req.setType(TYPE);
    req.setName("web");
    req.setDryrun(true);
    req.setParallel(1);
    req.setMonitorendpoint(engine.monitorAddress);
    req.setInputs(structproto.Struct.fromJavaScript(inputs as structproto.JavaScriptValue as never));
    return req;
  }
  const bootstrap = {
    hostname: "web-01",
    network: { interfaces: [{ dhcp4: true }] },
    users: [
      {
        name: "ops",
        sudo: ["ALL=(ALL) NOPASSWD:ALL"],
        sshAuthorizedKeys: [
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ4Ex5XwY2dZmzfQf0LZ8wZyUq6I6pG3v4RmMZm0bQh ops@example.com",
        ],
      },
    ],
  };

  it("constructs a BootstrappedVm: registers the component and its platform resources, returns the rendered outputs", async () => {
    const req = constructRequest({
      bootstrap,
      proxmox: {
        nodeName: "pve1",
        snippetsDatastoreId: "local",
        clone: { vmId: 9000 },
        networkDevices: [{ bridge: "vmbr0" }],
      },
    });
    const res = await unary<providerProto.ConstructResponse>((cb) => client.construct(req, cb));
    const urn = res.getUrn();
    expect(urn).toBe(`urn:pulumi:test::plugin::${TYPE}::web`);
    const state = res.getState()?.toJavaScript() as Record<string, unknown>;
    expect(state.userData).toMatch(/^#cloud-config\n/);
    expect(state.userData).toContain("web-01");
    expect(state.userData).toContain("ALL=(ALL) NOPASSWD:ALL");
    expect(engine.registrations.find((r) => r.type === TYPE)).toMatchObject({ name: "web", custom: false });
    const children = engine.registrations.filter((r) => r.parent === urn).map((r) => r.type);
    expect(children).toEqual(expect.arrayContaining(["proxmoxve:index/vmLegacy:VmLegacy"]));
  }, 120_000);
});
