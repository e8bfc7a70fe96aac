/**
 * A fake Pulumi engine for driving the provider plugin over gRPC without the CLI: an Engine service (logs)
 * and a ResourceMonitor that records every RegisterResource and answers with a URN, an id and the inputs
 * as outputs (what the real engine returns for a resource whose provider echoes its inputs). Both listen
 * on loopback; built on the SDK's own generated stubs (@pulumi/pulumi/proto).
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as resourceRpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";

export interface Registration {
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  inputs: Record<string, unknown>;
  additionalSecretOutputs: string[];
  /** The URNs the resource depends on (its inputs' and `dependsOn`). */
  dependencies: string[];
  /** The provider reference of a custom resource (`urn::id`), empty for the default provider. */
  provider: string;
  /** The provider references a component passes on to its children, by package. */
  providers: Record<string, string>;
  protect: boolean;
  /** The aliases: a URN, or a spec's name and parent URN. */
  aliases: string[];
}

export interface FakeEngine {
  engineAddress: string;
  monitorAddress: string;
  registrations: Registration[];
  /** Every RegisterResourceOutputs request: the resource's URN and its outputs. */
  registeredOutputs: { urn: string; outputs: Record<string, unknown> }[];
  logs: string[];
  /** The same messages with their severity (pulumirpc.LogSeverity: 0 debug, 1 info, 2 warning, 3 error). */
  logRecords: { severity: number; message: string }[];
  close(): Promise<void>;
}

/**
 * The message the ResourceMonitor's Invoke answers with, as the loaded SDK's service definition declares it:
 * `ResourceInvokeResponse` in newer SDKs, the provider's `InvokeResponse` in older ones (3.208.0, the declared
 * floor). The generated server refuses to serialize any other class.
 */
const InvokeResponse = (
  resourceRpc.ResourceMonitorService.invoke as unknown as {
    responseType: new () => { setReturn(value: structproto.Struct): void };
  }
).responseType;

type Unary = (call: { request: unknown }, callback: grpc.sendUnaryData<unknown>) => void;
const unimplemented =
  (method: string): Unary =>
  (_call, callback) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `fake engine: ${method}` }, null);

function listen(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    ),
  );
}

/** Starts the fake engine and monitor; `SUPPORTED` are the monitor features it claims. */
export async function startFakeEngine(): Promise<FakeEngine> {
  const registrations: Registration[] = [];
  const registeredOutputs: FakeEngine["registeredOutputs"] = [];
  const logs: string[] = [];
  const logRecords: FakeEngine["logRecords"] = [];
  const SUPPORTED = new Set(["secrets", "resourceReferences", "outputValues", "aliasSpecs", "deletedWith"]);
  const monitor = new grpc.Server();
  const monitorImpl: Record<string, Unary> = {};
  for (const method of Object.keys(resourceRpc.ResourceMonitorService))
    monitorImpl[method] = unimplemented(method);
  monitorImpl.supportsFeature = (call, callback) => {
    const req = call.request as resourceProto.SupportsFeatureRequest;
    const resp = new resourceProto.SupportsFeatureResponse();
    resp.setHassupport(SUPPORTED.has(req.getId()));
    callback(null, resp);
  };
  monitorImpl.registerResource = (call, callback) => {
    const req = call.request as resourceProto.RegisterResourceRequest;
    const inputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    registrations.push({
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      inputs,
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      dependencies: req.getDependenciesList(),
      provider: req.getProvider(),
      providers: Object.fromEntries(req.getProvidersMap().getEntryList()),
      protect: req.getProtect() ?? false,
      aliases: req
        .getAliasesList()
        .map((a) => a.getUrn() || `${a.getSpec()?.getName()}@${a.getSpec()?.getParenturn()}`),
    });
    const resp = new resourceProto.RegisterResourceResponse();
    resp.setUrn(`urn:pulumi:test::plugin::${req.getType()}::${req.getName()}`);
    if (req.getCustom()) resp.setId(`${req.getName()}-id`);
    if (req.getObject()) resp.setObject(req.getObject());
    callback(null, resp);
  };
  // How the SDK rehydrates a resource reference or a provider in the `providers` map (runtime/resource.js
  // `getResource`): the engine answers with the resource's URN, id and state.
  monitorImpl.invoke = (call, callback) => {
    const req = call.request as resourceProto.ResourceInvokeRequest;
    if (req.getTok() !== "pulumi:pulumi:getResource")
      return unimplemented(`invoke ${req.getTok()}`)(call, callback);
    const urn = String((req.getArgs()?.toJavaScript() as { urn?: unknown } | undefined)?.urn);
    const resp = new InvokeResponse();
    resp.setReturn(structproto.Struct.fromJavaScript({ urn, id: `${urn.split("::").pop()}-id`, state: {} }));
    callback(null, resp);
  };
  monitorImpl.registerResourceOutputs = (call, callback) => {
    const req = call.request as resourceProto.RegisterResourceOutputsRequest;
    registeredOutputs.push({
      urn: req.getUrn(),
      outputs: (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>,
    });
    callback(null, new emptyproto.Empty());
  };
  monitor.addService(
    resourceRpc.ResourceMonitorService,
    monitorImpl as unknown as grpc.UntypedServiceImplementation,
  );
  const engine = new grpc.Server();
  const engineImpl: Record<string, Unary> = {};
  for (const method of Object.keys(engineRpc.EngineService)) engineImpl[method] = unimplemented(method);
  engineImpl.log = (call, callback) => {
    const req = call.request as { getMessage(): string; getSeverity(): number };
    logs.push(req.getMessage());
    logRecords.push({ severity: req.getSeverity(), message: req.getMessage() });
    callback(null, new emptyproto.Empty());
  };
  engine.addService(engineRpc.EngineService, engineImpl as unknown as grpc.UntypedServiceImplementation);
  const [monitorPort, enginePort] = await Promise.all([listen(monitor), listen(engine)]);
  const shut = (s: grpc.Server) => new Promise<void>((resolve) => s.tryShutdown(() => resolve()));
  return {
    engineAddress: `127.0.0.1:${enginePort}`,
    monitorAddress: `127.0.0.1:${monitorPort}`,
    registrations,
    registeredOutputs,
    logs,
    logRecords,
    close: async () => {
      await Promise.all([shut(monitor), shut(engine)]);
    },
  };
}
