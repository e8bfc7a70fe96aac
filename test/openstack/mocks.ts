/**
 * Pulumi mocks for the OpenStack platform: like `test/component/mock-harness.ts`, and Neutron-like
 * state for ports (a MAC in Neutron's `fa:16:3e` range when none was asked for).
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import type { Registration } from "../component/mock-harness";

export interface Recorder {
  readonly registrations: Registration[];
  byName(name: string): Registration;
  byType(type: string): Registration[];
  clear(): void;
}

/** The MAC the mock Neutron gives port `name` when the inputs ask for none. */
export function neutronMac(name: string): string {
  const h = createHash("sha256").update(name).digest();
  return `fa:16:3e:${[h[0], h[1], h[2]].map((b) => (b ?? 0).toString(16).padStart(2, "0")).join(":")}`;
}

export function installOpenstackMocks(project = "project"): Recorder {
  const registrations: Registration[] = [];
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
        });
        const state = { ...(args.inputs as Record<string, unknown>) };
        if (args.type === "openstack:networking/port:Port" && state.macAddress === undefined) {
          state.macAddress = neutronMac(args.name);
        }
        return { id: `${args.name}-id`, state };
      },
      call(args) {
        return args.inputs as Record<string, unknown>;
      },
    },
    project,
    "stack",
    false,
  );
  return {
    registrations,
    byName(name) {
      const found = registrations.filter((r) => r.name === name);
      if (found.length !== 1) throw new Error(`${found.length} registrations named ${name}`);
      return found[0] as Registration;
    },
    byType(type) {
      return registrations.filter((r) => r.type === type);
    },
    clear() {
      registrations.length = 0;
    },
  };
}
