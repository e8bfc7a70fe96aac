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
