/**
 * `bench bulk`: N seed images from N spec files, as a fleet build or a CI job makes them. Ours is one
 * process: `bootstrapped-vm render web-0000.yaml ... --format nocloud-iso --out-dir seeds/`. The
 * reference is a shell loop running `cloud-localds` once per VM over the same documents (rendered
 * before the clock with `--format nocloud-dir --out-dir`). Both alternate over a few rounds; the
 * ratio of the medians is the figure. The fleet variant does the same for one base spec times a fleet
 * plan of N members (`render base.yaml --fleet plan.json --out-dir seeds/`). The N-specs rounds also
 * time the yaml floor (bench/yaml-floor.ts): one process, bundled and started as our command line is,
 * doing only the `yaml` library's share of ours (parse the N spec files, serialize their N sets of YAML
 * documents); `yaml_floor_ratio` is its share of the cloud-localds loop.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { stableYaml } from "../src/util/serialize";
import { benchSpec } from "./bench-specs";
import { CLI, localdsArgs, timeCommand } from "./cli";
import { fixed, median } from "./stats";
import { buildYamlFloor } from "./yaml-floor-build";

export interface BulkBenchResult {
  images: number;
  oursMs: number;
  loopMs: number;
  ratio: number;
  fleetMs: number;
  fleetLoopMs: number;
  fleetRatio: number;
  /** The yaml floor over the N specs, in the N-specs rounds. */
  yamlFloorMs: number;
  yamlFloorRatio: number;
  line: string;
  detail: string;
}

/** The fleet variant's base spec: bench spec 0 with the host name, MACs and addresses left to the plan. */
function fleetBase(): unknown {
  const spec = benchSpec(0);
  const [eth0, eth1] = spec.network?.interfaces ?? [];
  if (eth0 === undefined || eth1 === undefined) throw new Error("bench spec 0 has two interfaces");
  spec.users?.[0]?.sshAuthorizedKeys?.splice(
    0,
    1,
    `${spec.defaultUserSshAuthorizedKeys?.[0]} ops@%{hostname}`,
  );
  spec.runcmd = ["systemctl enable --now nginx", "echo %{hostname} %{ipv4} > /etc/node-name"];
  spec.files = [
    { path: "/etc/motd", content: "%{hostname} managed by bootstrapped-vm\n", permissions: "0644" },
  ];
  spec.metadata = { role: "web", index: "%{index}" };
  eth0.macAddress = "52:54:00:10:%{mac}";
  eth1.macAddress = "52:54:00:20:%{mac}";
  delete eth0.addresses;
  delete eth0.gateway4;
  delete eth0.gateway6;
  return spec;
}

/** A plan of `count` members: host names, one IPv4 and one IPv6 pool address each, MAC suffixes. */
function fleetPlan(count: number): unknown {
  const hex = (n: number) => (n & 0xff).toString(16).padStart(2, "0");
  return {
    count,
    hostname: "web-%{n:4}",
    addressPools: [
      { cidr: "10.30.0.0/16", gateway: "10.30.0.1" },
      { cidr: "2001:db8:30::/64", gateway: "2001:db8:30::1" },
    ],
    variables: Array.from({ length: count }, (_, i) => ({ mac: `${hex(i >> 8)}:${hex(i)}` })),
  };
}

/** A shell script running cloud-localds once per NoCloud directory under `seeds`. */
function localdsLoop(dir: string, seeds: string, name: string): string {
  const images = join(dir, `${name}-localds`);
  const script = readdirSync(seeds)
    .sort()
    .map((seed) => `cloud-localds ${localdsArgs(join(seeds, seed), join(images, `${seed}.img`)).join(" ")}`)
    .join("\n");
  const loop = join(dir, `${name}-loop.sh`);
  writeFileSync(loop, `set -e\nmkdir -p ${images}\n${script}\n`);
  return loop;
}

/**
 * Median ms of `ours`, of `bash loop` and of each of `others`, over `rounds` in which their order
 * alternates (ours, loop, others; then the reverse).
 */
function alternate(
  ours: () => number,
  loop: string,
  rounds: number,
  others: readonly (() => number)[] = [],
): { oursMs: number; loopMs: number; othersMs: number[] } {
  const programs = [ours, () => timeCommand("bash", [loop]), ...others];
  const times = programs.map((): number[] => []);
  for (let i = 0; i < rounds; i++) {
    const order = programs.map((_, k) => (i % 2 === 0 ? k : programs.length - 1 - k));
    for (const k of order) times[k]?.push((programs[k] as () => number)());
  }
  const [oursMs = NaN, loopMs = NaN, ...othersMs] = times.map((t) => median(t));
  return { oursMs, loopMs, othersMs };
}

export async function runBulkBench(images = 200, rounds = 3): Promise<BulkBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "bvm-bench-bulk-"));
  try {
    const specDir = join(dir, "specs");
    mkdirSync(specDir);
    const specs = Array.from({ length: images }, (_, i) => {
      const path = join(specDir, `vm-${String(i).padStart(4, "0")}.yaml`);
      writeFileSync(path, stableYaml(benchSpec(10_000 + i)));
      return path;
    });
    const render = (args: string[], threads?: number) =>
      timeCommand(
        process.execPath,
        [CLI, "render", ...args],
        threads === undefined ? undefined : { BOOTSTRAPPED_VM_THREADS: String(threads) },
      );
    // N specs: the documents for the loop rendered before the clock.
    const seeds = join(dir, "seeds");
    render([...specs, "--format", "nocloud-dir", "--out-dir", seeds]);
    const floor = await buildYamlFloor(
      dir,
      specs,
      specs.map((spec) => join(seeds, basename(spec, ".yaml"))),
    );
    const many = alternate(
      () => render([...specs, "--format", "nocloud-iso", "--out-dir", join(dir, "ours")]),
      localdsLoop(dir, seeds, "specs"),
      rounds,
      [
        () => timeCommand(process.execPath, floor.args),
        // The defaults' other choice, to show what it gains (docs/cli.md): spec files on one thread.
        () => render([...specs, "--format", "nocloud-iso", "--out-dir", join(dir, "ours-1")], 1),
      ],
    );
    const [yamlFloorMs = NaN, oneThreadMs = NaN] = many.othersMs;
    // One spec x a fleet plan of N members.
    const base = join(dir, "base.yaml");
    const plan = join(dir, "plan.json");
    writeFileSync(base, stableYaml(fleetBase()));
    writeFileSync(plan, JSON.stringify(fleetPlan(images)));
    const fleetSeeds = join(dir, "fleet-seeds");
    render([base, "--fleet", plan, "--format", "nocloud-dir", "--out-dir", fleetSeeds]);
    if (readdirSync(fleetSeeds).length !== images)
      throw new Error(`bench bulk: the fleet did not make ${images} seeds`);
    const fleet = alternate(
      () => render([base, "--fleet", plan, "--format", "nocloud-iso", "--out-dir", join(dir, "fleet")]),
      localdsLoop(dir, fleetSeeds, "fleet"),
      rounds,
      // The defaults' other choice: the fleet on two threads.
      [
        () =>
          render([base, "--fleet", plan, "--format", "nocloud-iso", "--out-dir", join(dir, "fleet-2")], 2),
      ],
    );
    const fleetTwoThreadsMs = fleet.othersMs[0] ?? NaN;
    const ratio = many.oursMs / many.loopMs;
    const fleetRatio = fleet.oursMs / fleet.loopMs;
    const yamlFloorRatio = yamlFloorMs / many.loopMs;
    return {
      images,
      oursMs: many.oursMs,
      loopMs: many.loopMs,
      ratio,
      fleetMs: fleet.oursMs,
      fleetLoopMs: fleet.loopMs,
      fleetRatio,
      yamlFloorMs,
      yamlFloorRatio,
      line:
        `bench bulk: images=${images} ratio=${fixed(ratio, 4)} per_image_ms=${fixed(many.oursMs / images, 2)} ` +
        `fleet_ratio=${fixed(fleetRatio, 4)} fleet_per_image_ms=${fixed(fleet.oursMs / images, 2)} ` +
        `yaml_floor_ratio=${fixed(yamlFloorRatio, 4)}`,
      detail:
        `bulk: ${images} seed images from ${images} YAML specs: one render --out-dir ${fixed(many.oursMs, 0)} ms ` +
        `(${fixed(many.oursMs / images, 2)} ms each), a loop of cloud-localds ${fixed(many.loopMs, 0)} ms ` +
        `(${fixed(many.loopMs / images, 1)} ms each); one spec x a fleet plan of ${images} members: one ` +
        `render --fleet --out-dir ${fixed(fleet.oursMs, 0)} ms (${fixed(fleet.oursMs / images, 2)} ms each), ` +
        `cloud-localds loop ${fixed(fleet.loopMs, 0)} ms (medians of ${rounds} alternating rounds); the yaml ` +
        `floor (the yaml library alone: parse the ${images} specs, serialize their YAML documents, write them; ` +
        `one bundled process with its code cache, in the ${images}-specs rounds) ${fixed(yamlFloorMs, 0)} ms ` +
        `(${fixed(yamlFloorMs / images, 2)} ms each; JSON.parse of its job ~${fixed(floor.jobParseMs, 1)} ms); ` +
        `threads (default: spec files on every CPU, a fleet on one): the ${images} specs on one thread ` +
        `${fixed(oneThreadMs, 0)} ms, the fleet on two ${fixed(fleetTwoThreadsMs, 0)} ms`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runBulkBench(Number(process.argv[2] ?? "200")).then(
    (r) => console.log(`${r.detail}\n${r.line}`),
    (err: unknown) => {
      console.error((err as Error).stack ?? String(err));
      process.exitCode = 1;
    },
  );
}
