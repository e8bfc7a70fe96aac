/**
 * `cloudInit.minVersion`: a cloud-init release number the renderers know, and nothing in the spec that
 * the target release cannot do. Each refusal names the release that added the feature and the alternative.
 */
import {
  atLeast,
  CloudInitVersion,
  DEFAULT_TARGET,
  OLDEST_SUPPORTED_CLOUD_INIT,
  parseCloudInitVersion,
  targetWords,
} from "./cloud-init-version";
import { isObject, PlainObject, ProblemList, quote, str } from "./validate-util";
import { isChpasswdListHash, isCryptHash } from "./validate-users";

/** A spec feature a target older than `since` lacks. */
interface VersionedFeature {
  since: string;
  /** Paths in the spec that use the feature. */
  uses(spec: PlainObject): string[];
  what: string;
  alternative: string;
}

const FEATURES: readonly VersionedFeature[] = [
  {
    // Before 22.1 cloud-init has no handler for `text/x-shellscript-per-*` parts: it logs them as
    // unhandled and never runs them (cloudinit/handlers/shell_script_by_frequency.py, new in 22.1).
    since: "22.1",
    uses: (spec) =>
      (Array.isArray(spec.extraParts) ? spec.extraParts : []).flatMap((part, i) =>
        isObject(part) && /^text\/x-shellscript-per-/.test(str(part.contentType) ?? "")
          ? [`extraParts[${i}].contentType`]
          : [],
      ),
    what: "`text/x-shellscript-per-boot|-per-instance|-per-once` MIME parts",
    alternative:
      "put the script in `scripts` (rendered in a form the target runs) or use `text/x-shellscript` (per instance)",
  },
  {
    // A user's `sudo` as a list of rules is in the cloud-config schema from 24.2 on ("Add missing sudo
    // definition", #5418); 22.4.2's schema takes a string, null or false only, and cloud-init warns that the
    // whole cloud-config is invalid (`cloud-init schema` fails it). One rule is rendered as a string.
    since: "24.2",
    uses: (spec) =>
      (Array.isArray(spec.users) ? spec.users : []).flatMap((user, i) =>
        isObject(user) && Array.isArray(user.sudo) && user.sudo.length > 1 ? [`users[${i}].sudo`] : [],
      ),
    what: "Several sudo rules for one user (a list)",
    alternative:
      "write them as one rule: sudoers takes a comma-separated command list, e.g. `ALL=(ALL) NOPASSWD: /usr/bin/ls, /usr/bin/cat`",
  },
  {
    // Before 22.3 root's password is rendered as a `chpasswd.list` entry (`users` is new in 22.3;
    // src/render/cloud-config-users.ts), where only what cloud-init's regex takes for a hash is set as
    // one (`isChpasswdListHash`): a `$y$` hash would become root's password itself. From 22.3 on it is a
    // `chpasswd.users` entry with `type: hash`, which takes any crypt(3) hash.
    since: "22.3",
    uses: (spec) =>
      typeof spec.rootPasswordHash === "string" &&
      isCryptHash(spec.rootPasswordHash) &&
      !isChpasswdListHash(spec.rootPasswordHash)
        ? ["rootPasswordHash"]
        : [],
    what:
      "Root password hashes other than $1$, $2a$, $2y$, $5$ and $6$ (cloud-init before 22.3 would take " +
      "this one for the password itself)",
    alternative:
      "give a `$6$` hash (`openssl passwd -6`), or the password in `rootPassword` (hashed for you)",
  },
];

/**
 * Why `text` is no target the renderers know (not a release number, or older than the oldest they know),
 * or undefined when it is one. Also checks the command line's `--cloud-init`.
 */
export function cloudInitVersionProblem(text: string): string | undefined {
  const version = parseCloudInitVersion(text);
  if (version === undefined)
    return `${quote(text)} is not a cloud-init release number; write it as YY.N, the way cloud-init numbers its releases (e.g. "20.4", "22.4", "25.1")`;
  if (!atLeast(version, OLDEST_SUPPORTED_CLOUD_INIT))
    // Quoted, as `targetWords` quotes it: a short secret version is redacted only in its quoted form.
    return `${quote(text)} is older than the oldest cloud-init release the renderers know (${OLDEST_SUPPORTED_CLOUD_INIT}, Debian 11); use "${OLDEST_SUPPORTED_CLOUD_INIT}" or later`;
  return undefined;
}

/** Problems with `cloudInit` and with features the target release lacks. */
export function checkCloudInitTarget(spec: PlainObject, problems: ProblemList): void {
  const cloudInit = spec.cloudInit;
  const text = isObject(cloudInit) ? str(cloudInit.minVersion) : undefined;
  // Without a target: the default one, which the features are checked against too.
  if (text === undefined) return checkFeatures(spec, DEFAULT_TARGET, problems);
  const problem = cloudInitVersionProblem(text);
  if (problem !== undefined) {
    problems.add("cloudInit.minVersion", problem);
    return;
  }
  checkFeatures(spec, parseCloudInitVersion(text) as CloudInitVersion, problems);
}

function checkFeatures(spec: PlainObject, version: CloudInitVersion, problems: ProblemList): void {
  const target = targetWords(isObject(spec.cloudInit) ? str(spec.cloudInit.minVersion) : undefined);
  for (const feature of FEATURES) {
    if (atLeast(version, feature.since)) continue;
    for (const path of feature.uses(spec)) {
      problems.add(
        path,
        `${feature.what} need cloud-init ${feature.since} or later, but ${target}; ${feature.alternative}`,
      );
    }
  }
}
