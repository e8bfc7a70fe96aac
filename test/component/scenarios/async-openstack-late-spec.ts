/**
 * OpenStack servers whose spec holds an Output (resolved during the deployment) and that the platform
 * must refuse: a bridge Nova cannot write into network_data.json, a static address that is no
 * address, user-data over Nova's limit; and platform metadata known only then that collides with the
 * spec's. Prints, once the program has nothing left to do (no registration can follow), what was
 * registered and the failures Pulumi's runtime reported.
 */
import * as pulumi from "@pulumi/pulumi";
import { installScenarioMocks, printWhenIdle } from "./scenario-mocks";

const { registered, failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm, bootstrapSpec } =
  require("../../../src/component") as typeof import("../../../src/component");
/* eslint-enable @typescript-eslint/no-require-imports */

const server = { flavorName: "m1.small", imageName: "debian-12" };

new BootstrappedVm("late-br", {
  bootstrap: bootstrapSpec({
    hostname: pulumi.output("late-br"),
    network: {
      interfaces: [{ name: "eth0" }],
      bridges: [{ name: "br0", interfaces: ["eth0"], dhcp4: true }],
    },
  }),
  openstack: { ...server, networks: [{ networkId: "net-a" }] },
});

new BootstrappedVm("late-ip", {
  bootstrap: bootstrapSpec({
    hostname: "late-ip",
    network: { interfaces: [{ addresses: [pulumi.output("10.0.0.300/24")], gateway4: "10.0.0.1" }] },
  }),
  openstack: { ...server, networks: [{ networkId: "net-a", subnetId: "subnet-a" }] },
});

// user-data over Nova's limit, its size known only when a file's content resolves (random: gzip cannot
// shrink it below the limit).
const noise = Array.from(
  { length: 60_000 },
  (_, i) => "abcdefghijklmnopqrstuvwxyz0123456789"[(i * 7919) % 36],
).join("");
new BootstrappedVm("late-big", {
  bootstrap: bootstrapSpec({
    hostname: "late-big",
    files: [{ path: "/etc/big", content: pulumi.output(noise) }],
    network: { interfaces: [{ addresses: ["10.0.0.5/24"], gateway4: "10.0.0.1" }] },
  }),
  openstack: { ...server, networks: [{ networkId: "net-a", subnetId: "subnet-a" }] },
});

// Platform metadata known only now, colliding with the spec's.
new BootstrappedVm("late-meta", {
  bootstrap: { hostname: "late-meta", metadata: { role: "db" } },
  openstack: {
    ...server,
    metadata: pulumi.output({ role: "web" }),
    networks: [{ networkId: "net-a" }],
  },
});

printWhenIdle(() => ({ registered: registered.sort(), failures, logged }));
