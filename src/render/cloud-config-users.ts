/** Users and root password -> cloud-config `users`, `ssh_authorized_keys` and `chpasswd`. */
import { BootstrapSpec, UserSpec } from "../spec/types";
import { atLeast, targetCloudInit } from "../spec/cloud-init-version";

/** Turns a plain password into a crypt hash; `hashPassword` in production, a stand-in for cheap checks. */
export type PasswordHasher = (plain: string, userName: string) => string;

function renderUser(user: UserSpec, hash: PasswordHasher): Record<string, unknown> {
  const passwd = user.password !== undefined ? hash(user.password, user.name) : user.passwordHash;
  const out: Record<string, unknown> = {
    name: user.name,
    lock_passwd: user.lockPassword ?? passwd === undefined,
  };
  // `hashed_passwd`, not `passwd`: cloud-init applies `passwd` only when it creates the user, but sets
  // `hashed_passwd` on every new instance, so a changed password reaches a user that already exists.
  if (passwd !== undefined) out.hashed_passwd = passwd;
  if (user.gecos !== undefined) out.gecos = user.gecos;
  if (user.groups && user.groups.length > 0) out.groups = [...user.groups];
  if (user.primaryGroup !== undefined) out.primary_group = user.primaryGroup;
  if (user.shell !== undefined) out.shell = user.shell;
  // One rule as a string (what cloud-init 22.4's schema accepts); several as a list (cloud-init writes each).
  // One rule may come as a plain string (a spec file's `sudo: "ALL=..."`; see UserSpec.sudo).
  const sudo: unknown = user.sudo;
  if (typeof sudo === "string") out.sudo = sudo;
  else if (user.sudo && user.sudo.length === 1) out.sudo = user.sudo[0];
  else if (user.sudo && user.sudo.length > 1) out.sudo = [...user.sudo];
  if (user.sshAuthorizedKeys && user.sshAuthorizedKeys.length > 0)
    out.ssh_authorized_keys = [...user.sshAuthorizedKeys];
  if (user.system !== undefined) out.system = user.system;
  if (user.homeDir !== undefined) out.homedir = user.homeDir;
  if (user.uid !== undefined) out.uid = user.uid;
  return out;
}

/** Adds `users`, `ssh_authorized_keys` and `chpasswd` (root) to `config`. */
export function addUsers(spec: BootstrapSpec, config: Record<string, unknown>, hash: PasswordHasher): void {
  const users: unknown[] = spec.keepDefaultUser === false ? [] : ["default"];
  for (const user of spec.users ?? []) users.push(renderUser(user, hash));
  if (users.length > 0) config.users = users;
  if (spec.defaultUserSshAuthorizedKeys && spec.defaultUserSshAuthorizedKeys.length > 0) {
    config.ssh_authorized_keys = [...spec.defaultUserSshAuthorizedKeys];
  }
  const rootHash = spec.rootPassword !== undefined ? hash(spec.rootPassword, "root") : spec.rootPasswordHash;
  if (rootHash === undefined) return;
  // `chpasswd.users` is new in 22.3, which deprecates `chpasswd.list` (cc_set_passwords.py 22.3-25.1.4:
  // "Config key 'lists'" deprecated_version 22.3). Before 22.3 only `list` exists (cc_set_passwords.py
  // 20.4.1 lines 148-165), and `users` is silently ignored: the root password would never be set.
  // `list` entries are `user:password`; a crypt hash is recognised and set with `chpasswd -e`.
  config.chpasswd = atLeast(targetCloudInit(spec), "22.3")
    ? { expire: false, users: [{ name: "root", password: rootHash, type: "hash" }] }
    : { expire: false, list: [`root:${rootHash}`] };
}
