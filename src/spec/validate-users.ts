/** Semantic checks of users, passwords and hashes. */
import { checkSshKey } from "./validate-identity";
import {
  entries,
  isAbsoluteNormalPath,
  isObject,
  PlainObject,
  ProblemList,
  quote,
  str,
} from "./validate-util";

const POSIX_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,31}$/;
/** crypt(3) hashes: MD5 `$1$`, bcrypt `$2?$`, SHA-256 `$5$`, SHA-512 `$6$`, yescrypt `$y$`, scrypt `$7$`. */
const CRYPT_HASH = /^\$(1|2[abxy]|5|6|7|y|gy)\$[A-Za-z0-9./$=,]+$/;

/** Whether a value is a crypt(3) hash usable as `passwd`. */
export function isCryptHash(value: string): boolean {
  return CRYPT_HASH.test(value) && value.split("$").length >= 4;
}

function checkPasswordPair(
  plain: unknown,
  hash: unknown,
  plainPath: string,
  hashPath: string,
  problems: ProblemList,
): void {
  if (plain !== undefined && hash !== undefined) {
    problems.add(
      plainPath,
      `Only one of \`${plainPath}\` or \`${hashPath}\` can be set; keep the plain password (hashed for you) or the ready hash`,
    );
  }
  if (typeof plain === "string" && plain.length === 0) {
    problems.add(plainPath, "is empty; give a password, or remove the field and lock the password");
  }
  if (typeof hash === "string" && !isCryptHash(hash)) {
    problems.add(
      hashPath,
      "is not a crypt(3) hash such as `$6$salt$...`; create one with `openssl passwd -6`, or put the plain text in the password field",
    );
  }
}

export function checkRootPassword(spec: PlainObject, problems: ProblemList): void {
  checkPasswordPair(spec.rootPassword, spec.rootPasswordHash, "rootPassword", "rootPasswordHash", problems);
}

/**
 * The hashes cloud-init takes as hashes in `chpasswd.list` and the top-level `password`: anything else
 * is set as the password itself (cc_set_passwords.py 20.4.1:178-183, 22.4.2:263-267, 25.1.4:195-199,
 * `re.compile(r"\$(1|2a|2y|5|6)(\$.+){2}")`, matched at the start, and no `:` in it). So a yescrypt
 * `$y$` or bcrypt `$2b$` hash there would become the password.
 */
const CHPASSWD_LIST_HASH = /^\$(1|2a|2y|5|6)(\$.+){2}/;

/** Whether cloud-init's `chpasswd.list` (and top-level `password`) takes `value` as a hash. */
export function isChpasswdListHash(value: string): boolean {
  return CHPASSWD_LIST_HASH.test(value) && !value.includes(":");
}

const PLAIN_PASSWORD =
  "a password in plain text would reach the guest as it is (the spec hashes passwords before they " +
  "leave the library); set root's in `rootPassword` and a user's in `users[].password` (both hashed for you), " +
  "or give a crypt(3) hash";

/** Why a crypt(3) hash that cloud-init does not take for a hash in `chpasswd.list` or `password` fails. */
export const UNRECOGNISED_HASH =
  "cloud-init takes only $1$, $2a$, $2y$, $5$ and $6$ hashes for hashes here (cc_set_passwords), so this one " +
  "would become the password itself; give a `$6$` hash (`openssl passwd -6`)";

/**
 * Passwords in plain text in cloud-config given as it is (`extraCloudConfig`, `vendorCloudConfig`): the
 * top-level `password`, `chpasswd.list` entries and `chpasswd.users` of `type: text` (cc_set_passwords),
 * and a user's `plain_text_passwd`, or a `passwd`/`hashed_passwd` that is no hash (cc_users_groups).
 * `R`/`RANDOM` (cloud-init makes one up) are not passwords given.
 */
export function checkCloudConfigPasswords(config: PlainObject, path: string, problems: ProblemList): void {
  const plain = (value: unknown) =>
    typeof value === "string" && value !== "R" && value !== "RANDOM" && !isChpasswdListHash(value);
  // A hash cloud-init does not take for one there is set as the password itself.
  const listProblem = (value: string) =>
    isCryptHash(value) ? UNRECOGNISED_HASH : `${PLAIN_PASSWORD} such as \`$6$salt$...\``;
  if (plain(config.password)) problems.add(`${path}.password`, listProblem(config.password as string));
  const chpasswd = config.chpasswd;
  if (isObject(chpasswd)) {
    const list = chpasswd.list;
    const lines: [unknown, string][] =
      typeof list === "string"
        ? list.split(/\r?\n/).map((line) => [line, `${path}.chpasswd.list`])
        : entries(list, `${path}.chpasswd.list`);
    for (const [line, linePath] of lines) {
      const password =
        typeof line === "string" && line.includes(":") ? line.slice(line.indexOf(":") + 1) : "R";
      if (plain(password)) problems.add(linePath, listProblem(password));
    }
    for (const [entry, entryPath] of entries(chpasswd.users, `${path}.chpasswd.users`)) {
      if (isObject(entry) && entry.type === "text" && plain(entry.password)) {
        problems.add(`${entryPath}.password`, `${PLAIN_PASSWORD} with \`type: hash\``);
      }
    }
  }
  for (const [user, userPath] of entries(config.users, `${path}.users`)) {
    if (!isObject(user)) continue;
    if (typeof user.plain_text_passwd === "string") {
      problems.add(`${userPath}.plain_text_passwd`, `${PLAIN_PASSWORD} in \`hashed_passwd\``);
    }
    for (const key of ["passwd", "hashed_passwd"]) {
      const value = user[key];
      if (typeof value === "string" && value !== "" && !isCryptHash(value)) {
        problems.add(`${userPath}.${key}`, `is not a crypt(3) hash: ${PLAIN_PASSWORD}`);
      }
    }
  }
}

function checkUser(user: PlainObject, path: string, problems: ProblemList): void {
  const name = str(user.name);
  if (name !== undefined) {
    if (name === "root" || name === "default") {
      problems.add(
        `${path}.name`,
        `\`${name}\` cannot be created as a user; ${name === "root" ? "use `rootPassword` for root" : "use `keepDefaultUser` for the image's default user"}`,
      );
    } else if (!POSIX_NAME.test(name)) {
      problems.add(
        `${path}.name`,
        `${quote(name)} is not a POSIX user name; use a lowercase letter or \`_\` first, then lowercase letters, digits, \`_\` or \`-\` (at most 32)`,
      );
    }
  }
  checkPasswordPair(user.password, user.passwordHash, `${path}.password`, `${path}.passwordHash`, problems);
  if (user.lockPassword === true && (user.password !== undefined || user.passwordHash !== undefined)) {
    problems.add(
      `${path}.lockPassword`,
      "is true but a password is set, so the password could never be used; remove one of them",
    );
  }
  for (const [group, groupPath] of entries(user.groups, `${path}.groups`)) {
    if (typeof group === "string" && !GROUP_NAME.test(group)) {
      problems.add(
        groupPath,
        `${quote(group)} is not a group name; use letters, digits, \`_\` or \`-\` (no commas or spaces)`,
      );
    }
  }
  const primary = str(user.primaryGroup);
  if (primary !== undefined && !GROUP_NAME.test(primary)) {
    problems.add(
      `${path}.primaryGroup`,
      `${quote(primary)} is not a group name; use letters, digits, \`_\` or \`-\``,
    );
  }
  for (const field of ["shell", "homeDir"] as const) {
    const value = str(user[field]);
    if (value !== undefined && !isAbsoluteNormalPath(value)) {
      problems.add(
        `${path}.${field}`,
        `${quote(value)} is not an absolute path; use e.g. ${field === "shell" ? "`/bin/bash`" : "`/home/alice`"}`,
      );
    }
  }
  if (
    typeof user.uid === "number" &&
    (!Number.isInteger(user.uid) || user.uid < 1 || user.uid > 4294967294)
  ) {
    problems.add(
      `${path}.uid`,
      `${user.uid} is not a usable uid; use an integer from 1 to 4294967294 (0 is root)`,
    );
  }
  const sudoRules: [unknown, string][] =
    typeof (user.sudo as unknown) === "string"
      ? [[user.sudo, `${path}.sudo`]]
      : entries(user.sudo, `${path}.sudo`);
  for (const [rule, rulePath] of sudoRules) {
    if (typeof rule === "string" && (rule.trim() === "" || /[\r\n]/.test(rule))) {
      problems.add(rulePath, "must be one non-empty sudoers rule on one line, e.g. `ALL=(ALL) NOPASSWD:ALL`");
    }
  }
  for (const [key, keyPath] of entries(user.sshAuthorizedKeys, `${path}.sshAuthorizedKeys`)) {
    checkSshKey(key, keyPath, problems);
  }
}

export function checkUsers(spec: PlainObject, problems: ProblemList): void {
  const firstByName = new Map<string, string>();
  for (const [user, path] of entries(spec.users, "users")) {
    if (!isObject(user)) continue;
    checkUser(user, path, problems);
    const name = str(user.name);
    if (name === undefined) continue;
    const first = firstByName.get(name);
    if (first)
      problems.add(
        `${path}.name`,
        `duplicate user name ${quote(name)} (also ${first}); merge the two entries`,
      );
    else firstByName.set(name, path);
  }
}
