/** Semantic checks of packages, files, commands, scripts, MIME parts, phone-home, power state and NTP. */
import { gunzipSync } from "../util/zlib";
import type * as Yaml from "yaml";
import {
  entries,
  isAbsoluteNormalPath,
  isDomainName,
  isHttpUrl,
  isObject,
  parseIp,
  PlainObject,
  ProblemList,
  quote,
  str,
} from "./validate-util";

const PACKAGE = /^[A-Za-z0-9][A-Za-z0-9+.:~_=*-]*$/;
const OWNER = /^([a-z_][a-z0-9_-]*\$?|\d+)(:([A-Za-z_][A-Za-z0-9_-]*|\d+))?$/;
const PERMISSIONS = /^0?[0-7]{3,4}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const PART_FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const PHONE_HOME_POST = [
  "pub_key_dsa",
  "pub_key_rsa",
  "pub_key_ecdsa",
  "pub_key_ed25519",
  "instance_id",
  "hostname",
  "fqdn",
];

/** Decodes strict base64 (whitespace allowed between characters), or undefined. */
export function decodeBase64(value: string): Buffer | undefined {
  const compact = value.replace(/\s+/g, "");
  if (!BASE64.test(compact) || compact.length % 4 !== 0) return undefined;
  return Buffer.from(compact, "base64");
}

export function checkPackages(spec: PlainObject, problems: ProblemList): void {
  for (const [name, path] of entries(spec.packages, "packages")) {
    if (typeof name === "string" && !PACKAGE.test(name)) {
      problems.add(
        path,
        `${quote(name)} is not a package name; give one name per entry (optionally \`name=version\`), no spaces`,
      );
    }
  }
}

function checkFileContent(file: PlainObject, path: string, problems: ProblemList): void {
  const content = str(file.content);
  if (content === undefined || (file.encoding !== "base64" && file.encoding !== "gzip+base64")) return;
  const bytes = decodeBase64(content);
  if (!bytes) {
    problems.add(
      `${path}.content`,
      `is not base64, but \`encoding\` is \`${String(file.encoding)}\`; encode the content, or set \`encoding: text\``,
    );
    return;
  }
  if (file.encoding === "gzip+base64") {
    try {
      gunzipSync(bytes);
    } catch {
      problems.add(
        `${path}.content`,
        "is base64 but not of gzip data, though `encoding` is `gzip+base64`; gzip before encoding, or use `base64`",
      );
    }
  }
}

export function checkFiles(spec: PlainObject, problems: ProblemList): void {
  const firstByPath = new Map<string, string>();
  for (const [file, path] of entries(spec.files, "files")) {
    if (!isObject(file)) continue;
    const target = str(file.path);
    if (target !== undefined) {
      if (!isAbsoluteNormalPath(target)) {
        problems.add(
          `${path}.path`,
          `${quote(target)} is not an absolute file path; use e.g. \`/etc/app/config.yaml\` (no \`..\`, no trailing \`/\`)`,
        );
      } else {
        const first = firstByPath.get(target);
        if (first && file.append !== true) {
          problems.add(
            `${path}.path`,
            `duplicate path ${quote(target)} (also ${first}); merge the contents, or set \`append: true\` to add to it`,
          );
        } else if (!first) firstByPath.set(target, `${path}.path`);
      }
    }
    const permissions = str(file.permissions);
    if (permissions !== undefined && !PERMISSIONS.test(permissions)) {
      problems.add(
        `${path}.permissions`,
        `${quote(permissions)} is not an octal mode; use e.g. \`0644\` or \`0600\``,
      );
    }
    const owner = str(file.owner);
    if (owner !== undefined && !OWNER.test(owner)) {
      problems.add(`${path}.owner`, `${quote(owner)} is not \`user:group\`; use e.g. \`root:root\``);
    }
    checkFileContent(file, path, problems);
  }
}

function checkCommands(spec: PlainObject, field: "bootcmd" | "runcmd", problems: ProblemList): void {
  for (const [command, path] of entries(spec[field], field)) {
    if (typeof command === "string" && command.trim() === "") {
      problems.add(path, "is an empty command; remove it");
    }
  }
}

function checkScripts(spec: PlainObject, problems: ProblemList): void {
  const firstByName = new Map<string, string>();
  for (const [script, path] of entries(spec.scripts, "scripts")) {
    if (!isObject(script)) continue;
    const name = str(script.name);
    if (name !== undefined) {
      if (!PART_FILENAME.test(name)) {
        problems.add(
          `${path}.name`,
          `${quote(name)} is not a usable part file name; use letters, digits, \`.\`, \`_\` or \`-\`, e.g. \`setup.sh\``,
        );
      }
      const first = firstByName.get(name);
      if (first)
        problems.add(
          `${path}.name`,
          `duplicate script name ${quote(name)} (also ${first}); give each script its own name`,
        );
      else firstByName.set(name, `${path}.name`);
    }
    const content = str(script.content);
    if (content !== undefined && !content.startsWith("#!")) {
      problems.add(
        `${path}.content`,
        "does not start with `#!`; begin the script with its interpreter line, e.g. `#!/bin/sh`",
      );
    }
  }
}

function checkParts(spec: PlainObject, problems: ProblemList): void {
  for (const [hook, path] of entries(spec.boothooks, "boothooks")) {
    if (typeof hook === "string" && !hook.replace(/^#cloud-boothook\r?\n/, "").startsWith("#!")) {
      problems.add(
        path,
        "does not start with `#!`; a boothook is a script, e.g. `#!/bin/sh` then its commands",
      );
    }
  }
  for (const [url, path] of entries(spec.includeUrls, "includeUrls")) {
    if (typeof url === "string" && !isHttpUrl(url)) {
      problems.add(
        path,
        `${quote(url)} is not an http(s) URL; use e.g. \`https://config.example.com/user-data\``,
      );
    }
  }
  for (const [template, path] of entries(spec.jinjaTemplates, "jinjaTemplates")) {
    if (typeof template !== "string") continue;
    if (template.startsWith("## template: jinja")) {
      problems.add(
        path,
        "starts with `## template: jinja`, which is added for you; remove that line so the body starts with `#cloud-config` or `#!`",
      );
    } else if (!template.startsWith("#cloud-config") && !template.startsWith("#!")) {
      problems.add(path, "must start with `#cloud-config` or `#!` (what the rendered template is)");
    }
  }
  const scriptNames = new Set(
    entries(spec.scripts, "").map(([s]) => (isObject(s) ? str(s.name) : undefined)),
  );
  const filenames = new Map<string, string>();
  for (const [part, path] of entries(spec.extraParts, "extraParts")) {
    if (!isObject(part)) continue;
    const filename = str(part.filename);
    if (filename !== undefined) {
      if (!PART_FILENAME.test(filename)) {
        problems.add(
          `${path}.filename`,
          `${quote(filename)} is not a usable part file name; use letters, digits, \`.\`, \`_\` or \`-\``,
        );
      } else if (filenames.has(filename) || scriptNames.has(filename)) {
        problems.add(
          `${path}.filename`,
          `${quote(filename)} is already used by ${filenames.get(filename) ?? "a script"}; give each part its own name`,
        );
      } else filenames.set(filename, `${path}.filename`);
    }
    const content = str(part.content);
    if (content === undefined) continue;
    if (part.contentType === "text/cloud-config") {
      let parsed: unknown;
      try {
        // Loaded only for cloud-config parts: the library is about 70 modules.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        parsed = (require("yaml") as typeof Yaml).parse(content);
      } catch (err) {
        problems.add(
          `${path}.content`,
          `is not valid YAML (${(err as Error).message.split("\n")[0]}); fix the cloud-config`,
        );
        continue;
      }
      if (!isObject(parsed))
        problems.add(
          `${path}.content`,
          "is not a YAML mapping; a cloud-config part is a mapping such as `runcmd: [...]`",
        );
    } else if (String(part.contentType).startsWith("text/x-shellscript") && !content.startsWith("#!")) {
      problems.add(`${path}.content`, "does not start with `#!`; begin the script with its interpreter line");
    }
  }
}

function checkPhoneHomeAndPowerState(spec: PlainObject, problems: ProblemList): void {
  if (isObject(spec.phoneHome)) {
    const url = str(spec.phoneHome.url);
    if (url !== undefined && !isHttpUrl(url.replace(/\$INSTANCE_ID/g, "iid"))) {
      problems.add("phoneHome.url", `${quote(url)} is not an http(s) URL`);
    }
    const post = spec.phoneHome.post;
    if (Array.isArray(post) && !(post.length === 1 && post[0] === "all")) {
      for (const [value, path] of entries(post, "phoneHome.post")) {
        if (typeof value === "string" && !PHONE_HOME_POST.includes(value)) {
          problems.add(
            path,
            `${quote(value)} is not one of ${PHONE_HOME_POST.join(", ")} (or give just \`all\`)`,
          );
        }
      }
    }
    const tries = spec.phoneHome.tries;
    if (typeof tries === "number" && (!Number.isInteger(tries) || tries < 1)) {
      problems.add("phoneHome.tries", `${tries} is not a positive integer`);
    }
  }
  if (isObject(spec.powerState)) {
    const delay = str(spec.powerState.delay);
    if (delay !== undefined && !/^(now|\+\d{1,6})$/.test(delay)) {
      problems.add("powerState.delay", `${quote(delay)} is not \`now\` or \`+<minutes>\`; use e.g. \`+5\``);
    }
    const timeout = spec.powerState.timeout;
    if (typeof timeout === "number" && (!Number.isInteger(timeout) || timeout < 0)) {
      problems.add("powerState.timeout", `${timeout} is not a whole number of seconds`);
    }
  }
}

function checkNtp(spec: PlainObject, problems: ProblemList): void {
  if (!isObject(spec.ntp)) return;
  for (const field of ["servers", "pools"] as const) {
    const seen = new Set<string>();
    for (const [server, path] of entries(spec.ntp[field], `ntp.${field}`)) {
      if (typeof server !== "string") continue;
      if (!isDomainName(server) && !parseIp(server)) {
        problems.add(path, `${quote(server)} is not a host name or IP address`);
      } else if (seen.has(server)) {
        problems.add(path, `duplicate entry ${quote(server)}; remove it`);
      }
      seen.add(server);
    }
  }
}

export function checkContent(spec: PlainObject, problems: ProblemList): void {
  checkPackages(spec, problems);
  checkFiles(spec, problems);
  checkCommands(spec, "bootcmd", problems);
  checkCommands(spec, "runcmd", problems);
  checkScripts(spec, problems);
  checkParts(spec, problems);
  checkPhoneHomeAndPowerState(spec, problems);
  checkNtp(spec, problems);
}
