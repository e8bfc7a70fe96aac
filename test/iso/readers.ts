/**
 * Independent ISO 9660 readers used as witnesses: isoinfo (cdrkit), xorriso (libisofs) and pycdlib
 * (Debian's python3-pycdlib under /usr/bin/python3). A missing tool makes the tests FAIL, never skip.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runPython } from "../helpers/cloud-init";

const INSTALL_HINT =
  "apt-get install -y genisoimage xorriso python3-pycdlib (bash .ci/run does this); these checks are never skipped";

/** Runs a tool and returns its stdout; throws with stderr when it is missing or fails. */
export function run(tool: string, args: string[], encoding: BufferEncoding = "utf8"): string {
  const r = spawnSync(tool, args, { encoding, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`${tool} could not run (${r.error.message}); ${INSTALL_HINT}`);
  if (r.status !== 0) throw new Error(`${tool} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** `isoinfo -d`: the volume label, size and whether Rock Ridge and Joliet were recognised. */
export function isoinfoDescriptor(img: string): {
  volumeId: string;
  volumeSectors: number;
  rockRidge: boolean;
  joliet: boolean;
  text: string;
} {
  const text = run("isoinfo", ["-d", "-i", img]);
  const volumeId = /^Volume id: (.*)$/m.exec(text)?.[1] ?? "";
  return {
    volumeId,
    volumeSectors: Number(/^Volume size is: (\d+)$/m.exec(text)?.[1] ?? NaN),
    rockRidge: /Rock Ridge signatures version 1 found/.test(text),
    joliet: /Joliet with UCS level 3 found/.test(text),
    text,
  };
}

export interface ListedEntry {
  mode: string;
  size: number;
  /** First sector of the entry's extent. */
  extent: number;
}

/**
 * `isoinfo -l [-R|-J]`: every entry (not "." or "..") by absolute path. isoinfo knows no UTF-8 for
 * Joliet names; it prints them in ISO 8859-1 with "_" for characters beyond it (see `asIsoinfoJoliet`).
 */
export function isoinfoListing(img: string, flag: "-R" | "-J" | "plain"): Map<string, ListedEntry> {
  const args = ["-l", "-i", img];
  if (flag !== "plain") args.push(flag);
  if (flag === "-J") args.push("-j", "iso8859-1");
  const text = run("isoinfo", args, flag === "-J" ? "latin1" : "utf8");
  const out = new Map<string, ListedEntry>();
  let dir = "/";
  const line =
    /^([-d][-rwxsStT]{9})\s+\d+\s+\d+\s+\d+\s+(\d+)\s+\w{3}\s+\d+\s+\d{4}\s+\[\s*(\d+)\s+\d+\]\s+(.*?) ?$/;
  for (const l of text.split("\n")) {
    const heading = /^Directory listing of (.*)$/.exec(l);
    if (heading) {
      dir = heading[1] ?? "/";
      continue;
    }
    const m = line.exec(l);
    if (!m) continue;
    const name = m[4] ?? "";
    if (name === "." || name === "..") continue;
    out.set(dir + name, { mode: m[1] ?? "", size: Number(m[2]), extent: Number(m[3]) });
  }
  return out;
}

/** `blkid -p -o export`: the probe cloud-init relies on to find a seed by its label (TYPE, LABEL, ...). */
export function blkidProbe(img: string): Record<string, string> {
  const text = run("blkid", ["-p", "-o", "export", img]);
  return Object.fromEntries(
    text
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1).replace(/\\(.)/g, "$1")]),
  );
}

/** How isoinfo -J -j iso8859-1 shows a name: characters beyond ISO 8859-1 become "_". */
export function asIsoinfoJoliet(name: string): string {
  return [...name].map((c) => ((c.codePointAt(0) ?? 0) > 0xff ? "_" : c)).join("");
}

/**
 * `xorriso -indev IMG -find /`: every path xorriso sees (Rock Ridge names), and every complaint
 * (WARNING, SORRY, MISHAP, FAILURE, FATAL) libisofs raised while loading the tree.
 */
export function xorrisoFind(img: string): { paths: string[]; complaints: string[] } {
  const r = spawnSync("xorriso", ["-report_about", "WARNING", "-indev", img, "-find", "/"], {
    encoding: "utf8",
  });
  if (r.error) throw new Error(`xorriso could not run (${r.error.message}); ${INSTALL_HINT}`);
  if (r.status !== 0) throw new Error(`xorriso -find exited ${r.status}: ${r.stderr}`);
  return {
    paths: r.stdout
      .split("\n")
      .filter((l) => l.startsWith("'"))
      .map((l) => l.slice(1, -1)),
    complaints: r.stderr.split("\n").filter((l) => /: (WARNING|SORRY|MISHAP|FAILURE|FATAL) :/.test(l)),
  };
}

/** `xorriso -osirrox on -extract / DIR`: the extracted regular files, path -> bytes. */
export function xorrisoExtract(img: string, dir: string): Map<string, Buffer> {
  const r = spawnSync("xorriso", ["-osirrox", "on", "-indev", img, "-extract", "/", dir], {
    encoding: "utf8",
  });
  if (r.error) throw new Error(`xorriso could not run (${r.error.message}); ${INSTALL_HINT}`);
  if (r.status !== 0) throw new Error(`xorriso extract exited ${r.status}: ${r.stderr}`);
  const files = new Map<string, Buffer>();
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const path = join(abs, name);
      const relPath = rel ? `${rel}/${name}` : name;
      if (lstatSync(path).isDirectory()) walk(path, relPath);
      else files.set(relPath, readFileSync(path));
    }
  };
  walk(dir, "");
  return files;
}

/** Removes an extracted tree (xorriso keeps the read-only modes of the image). */
export function removeTree(dir: string): void {
  if (!existsSync(dir)) return;
  const unlock = (p: string): void => {
    chmodSync(p, 0o755);
    for (const name of readdirSync(p)) {
      const child = join(p, name);
      if (lstatSync(child).isDirectory()) unlock(child);
    }
  };
  unlock(dir);
  rmSync(dir, { recursive: true, force: true });
}

const PYCDLIB_SCRIPT = `
import hashlib, io, json, sys
import pycdlib
req = json.load(sys.stdin)
iso = pycdlib.PyCdlib()
iso.open(req["image"])
out = {"rr": {}, "joliet": {}, "rrWalk": [], "jolietWalk": [], "hasRockRidge": iso.has_rock_ridge(), "rockRidgeVersion": getattr(iso, "rock_ridge", ""), "hasJoliet": iso.has_joliet()}
for path in req["paths"]:
    for facet, key in (("rr", "rr_path"), ("joliet", "joliet_path")):
        if facet == "joliet" and not iso.has_joliet():
            continue
        buf = io.BytesIO()
        iso.get_file_from_iso_fp(buf, **{key: "/" + path})
        out[facet][path] = hashlib.sha256(buf.getvalue()).hexdigest()
for facet, key in (("rrWalk", "rr_path"), ("jolietWalk", "joliet_path")):
    if facet == "jolietWalk" and not iso.has_joliet():
        continue
    for root, dirs, files in iso.walk(**{key: "/"}):
        for f in files:
            out[facet].append((root.rstrip("/") + "/" + f)[1:])
iso.close()
json.dump(out, sys.stdout)
`;

export interface PycdlibReport {
  rr: Record<string, string>;
  joliet: Record<string, string>;
  rrWalk: string[];
  jolietWalk: string[];
  hasRockRidge: boolean;
  rockRidgeVersion: string;
  hasJoliet: boolean;
}

/** Opens the image with pycdlib and hashes every path read through Rock Ridge and through Joliet. */
export function pycdlibRead(img: string, paths: readonly string[]): PycdlibReport {
  const r = runPython(PYCDLIB_SCRIPT, { input: JSON.stringify({ image: img, paths }) });
  if (r.status !== 0) throw new Error(`pycdlib failed (${INSTALL_HINT}): ${r.stderr}`);
  return JSON.parse(r.stdout) as PycdlibReport;
}
