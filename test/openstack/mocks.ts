/**
 * Pulumi mocks for the OpenStack platform: `test/component/mock-harness.ts` with Neutron-like state
 * for ports (a MAC in Neutron's `fa:16:3e` range when none was asked for).
 */
import { createHash } from "node:crypto";
import { installMocks, type MockRecorder } from "../component/mock-harness";

/** The MAC the mock Neutron gives port `name` when the inputs ask for none. */
export function neutronMac(name: string): string {
  const h = createHash("sha256").update(name).digest();
  return `fa:16:3e:${[h[0], h[1], h[2]].map((b) => (b ?? 0).toString(16).padStart(2, "0")).join(":")}`;
}

export function installOpenstackMocks(project = "project"): MockRecorder {
  return installMocks(project, (args) => {
    const state = { ...(args.inputs as Record<string, unknown>) };
    if (args.type === "openstack:networking/port:Port" && state.macAddress === undefined) {
      state.macAddress = neutronMac(args.name);
    }
    return state;
  });
}
