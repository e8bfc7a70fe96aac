/**
 * The recipes in examples/ (Packer, virt-install, plain QEMU), checked as far as this machine allows:
 * every bootstrapped-vm command in them runs through the built CLI, and what the other tool is given
 * is checked against what that command wrote. Packer and libvirt are not installed: the Packer template
 * is parsed with HashiCorp's HCL parser (@cdktf/hcl2json) and checked by structure, the virt-install
 * line by its arguments. QEMU is installed: its command line is started paused (`-S`) and quit, so QEMU
 * itself accepts every argument and opens both drives; booting a guest from it is the boot suite's job
 * (test/vm), not this test's.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { parse as parseYaml } from "yaml";
import { cleanupTempDirs, isoVolumeId, requireBuiltCli, ROOT, runCli, runTool, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

/** A copy of examples/NAME in a temporary directory. */
function exampleCopy(name: string): string {
  const dir = join(tempDir(), name);
  cpSync(join(ROOT, "examples", name), dir, { recursive: true });
  return dir;
}

/**
 * The commands of a POSIX shell script: continuation lines joined, comments dropped, words split with
 * double quotes honoured and `$name`/`${name}` replaced from `vars`.
 */
function shellCommands(script: string, vars: Record<string, string>): string[][] {
  const lines = script.replace(/\\\n/g, " ").split("\n");
  return lines
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((line) => {
      const words: string[] = [];
      for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
        const word = (m[1] ?? m[2] ?? "").replace(/\$\{?(\w+)\}?/g, (_, v: string) => vars[v] ?? `$${v}`);
        words.push(word);
      }
      return words;
    });
}

/** The value of `--name VALUE` options of a command (every occurrence). */
function optionValues(command: string[], name: string): string[] {
  return command.flatMap((w, i) => (w === name ? [command[i + 1] as string] : []));
}

/** `key=value,key=value` -> map. */
function keyValues(text: string): Map<string, string> {
  return new Map(text.split(",").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
}

/** Runs a `bootstrapped-vm ...` line of a recipe through the built CLI in `cwd`. */
function runRecipeCli(command: string[], cwd: string): void {
  expect(command[0]).toBe("bootstrapped-vm");
  const r = runCli(command.slice(1), { cwd });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

describe("recipe: Packer (examples/packer-nocloud)", () => {
  interface Hcl {
    source: { qemu: Record<string, [Record<string, unknown>]> };
    build: [{ sources: string[] }];
  }

  async function prepare() {
    const dir = exampleCopy("packer-nocloud");
    const text = readFileSync(join(dir, "debian.pkr.hcl"), "utf8");
    // The render command the template's header tells users to run, run as written.
    const line = /^#\s+(bootstrapped-vm render .*)$/m.exec(text)?.[1];
    expect(line).toBeDefined();
    runRecipeCli((line as string).split(/\s+/), dir);
    const hcl = (await parseHcl("debian.pkr.hcl", text)) as unknown as Hcl;
    const spec = parseYaml(readFileSync(join(dir, "build-vm.yaml"), "utf8")) as {
      users: { name: string; password: string }[];
      sshPasswordAuthentication: boolean;
    };
    return { dir, hcl, spec, seed: join(dir, "seed") };
  }

  it("puts exactly the rendered NoCloud files on a CD labelled cidata (cd_files, cd_label)", async () => {
    const { dir, hcl, seed } = await prepare();
    const cd = hcl.source.qemu.cd?.[0] as { cd_files: string[]; cd_label: string };
    expect(cd.cd_label).toBe("cidata");
    // Packer expands the globs relative to the template's directory.
    const onCd = cd.cd_files.flatMap((pattern) => {
      const m = /^(.*)\/\*$/.exec(pattern);
      return m ? readdirSync(join(dir, m[1] as string)) : [pattern];
    });
    expect(onCd.sort()).toEqual(readdirSync(seed).sort());
    expect(onCd).toEqual(expect.arrayContaining(["meta-data", "user-data"]));
  });

  it("serves the same directory over HTTP and points cloud-init at it through the SMBIOS serial", async () => {
    const { dir, hcl, seed } = await prepare();
    const http = hcl.source.qemu.http?.[0] as { http_directory: string; qemuargs: string[][] };
    expect(join(dir, http.http_directory)).toBe(seed);
    const smbios = http.qemuargs.find((a) => a[0] === "-smbios")?.[1] ?? "";
    // The argument serve prints, which each generation's cloud-init takes in net mode
    // (test/generations/nocloud-http.test.ts), for Packer's address.
    expect(keyValues(smbios).get("serial")).toBe(
      "ds=nocloud;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/;dsmode=net",
    );
  });

  it("logs in as the spec's user with the spec's password, which the user-data allows", async () => {
    const { hcl, spec, seed } = await prepare();
    for (const source of Object.values(hcl.source.qemu)) {
      expect(source[0].ssh_username).toBe(spec.users[0]?.name);
      expect(source[0].ssh_password).toBe(spec.users[0]?.password);
    }
    const userData = parseYaml(readFileSync(join(seed, "user-data"), "utf8")) as {
      ssh_pwauth: boolean;
      users: (string | Record<string, unknown>)[];
    };
    expect(userData.ssh_pwauth).toBe(true);
    expect(userData.users[1]).toMatchObject({ name: "packer", lock_passwd: false });
    expect(String((userData.users[1] as Record<string, unknown>).hashed_passwd)).toMatch(/^\$6\$/);
    expect(readFileSync(join(seed, "user-data"), "utf8")).not.toContain("password: packer");
    for (const ref of hcl.build[0].sources) {
      expect(Object.keys(hcl.source.qemu)).toContain(ref.replace(/^source\.qemu\./, ""));
    }
  });
});

describe("recipe: virt-install (examples/virt-install)", () => {
  it("attaches the seed image the render line writes as a CD-ROM and gives the NIC the spec's MAC", () => {
    const dir = exampleCopy("virt-install");
    // libvirt's images directory, which holds the base image the script's qemu-img line reads (render
    // --out refuses a directory that does not exist).
    const images = join(dir, "images");
    mkdirSync(images);
    const commands = shellCommands(readFileSync(join(dir, "create-vm.sh"), "utf8"), { images });
    const render = commands.find((c) => c[0] === "bootstrapped-vm") as string[];
    runRecipeCli(render, dir);
    const seed = optionValues(render, "--out")[0] as string;
    expect(isoVolumeId(seed)).toBe("cidata");
    const virtInstall = commands.find((c) => c[0] === "virt-install") as string[];
    const disks = optionValues(virtInstall, "--disk").map(keyValues);
    expect(disks.find((d) => d.get("device") === "cdrom")?.get("path")).toBe(seed);
    expect(virtInstall).toContain("--import");
    const nic = keyValues(optionValues(virtInstall, "--network")[0] as string);
    const spec = parseYaml(readFileSync(join(dir, "web-01.yaml"), "utf8")) as {
      network: { interfaces: { macAddress: string }[] };
    };
    expect(nic.get("mac")).toBe(spec.network.interfaces[0]?.macAddress);
  });
});

describe("recipe: plain QEMU (examples/qemu-nocloud)", () => {
  it("is a QEMU command line QEMU accepts, with the rendered seed image and the spec's MAC", () => {
    const dir = exampleCopy("qemu-nocloud");
    const base = join(dir, "base.qcow2");
    runTool("qemu-img", ["create", "-f", "qcow2", base, "64M"], "qemu-utils");
    const commands = shellCommands(readFileSync(join(dir, "run-qemu.sh"), "utf8"), { base });
    const render = commands.find((c) => c[0] === "bootstrapped-vm") as string[];
    runRecipeCli(render, dir);
    const seed = optionValues(render, "--out")[0] as string;
    expect(isoVolumeId(join(dir, seed))).toBe("cidata");
    const img = commands.find((c) => c[0] === "qemu-img") as string[];
    const created = spawnSync(img[0] as string, img.slice(1), { cwd: dir, encoding: "utf8" });
    expect(created.status).toBe(0);
    const qemu = (commands.find((c) => c[1] === "qemu-system-x86_64") as string[]).slice(1);
    const drives = optionValues(qemu, "-drive").map(keyValues);
    expect(drives.find((d) => d.get("media") === "cdrom")?.get("file")).toBe(seed);
    const spec = parseYaml(readFileSync(join(dir, "web-01.yaml"), "utf8")) as {
      network: { interfaces: { macAddress: string }[] };
    };
    const device = keyValues(optionValues(qemu, "-device")[0] as string);
    expect(device.get("mac")).toBe(spec.network.interfaces[0]?.macAddress);
    // Start it paused without KVM or a display and quit at once: QEMU parses every argument, opens both
    // drives and creates the NIC, or exits non-zero saying which argument it refuses.
    const args = qemu
      .slice(1)
      .map((a) => (a === "kvm" ? "tcg" : a))
      .filter((a) => a !== "-nographic");
    const r = spawnSync(
      qemu[0] as string,
      [...args, "-S", "-display", "none", "-serial", "null", "-monitor", "stdio"],
      {
        cwd: dir,
        input: "quit\n",
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
