/**
 * Semantic checks of bonds, VLANs and bridges (`network.bonds`, `network.vlans`, `network.bridges`).
 *
 * The allowed graph has no cycles by construction, and every edge outside it is refused: a bond holds
 * NICs only, a VLAN links to a NIC or a bond, a bridge holds NICs, bonds or VLANs. A device is a member
 * of at most one bond or bridge, and a member carries no addressing of its own (it belongs on the bond or
 * bridge, which is where the kernel delivers the traffic).
 */
import { defaultVlanName, nicGuestNames } from "./network-names";
import { checkAddressing, checkMac, isInterfaceName, NetworkCheckState } from "./validate-network-addressing";
import { entries, isObject, PlainObject, ProblemList, quote, str } from "./validate-util";

/** Addressing fields a bond or bridge member must not carry. */
const ADDRESSING = [
  "addresses",
  "dhcp4",
  "dhcp6",
  "slaac",
  "gateway4",
  "gateway6",
  "routes",
  "nameservers",
  "searchDomains",
] as const;

type Kind = "interface" | "bond" | "vlan" | "bridge";

interface Device {
  kind: Kind;
  path: string;
  value: PlainObject;
  /** The guest name (for a VLAN, the default `<link>.<id>` when it has none). */
  name?: string;
  /** A NIC's position in `network.interfaces`. */
  index?: number;
  /** Where it is a member (`network.bonds[0]`), once it is one. */
  memberOf?: string;
}

const hasAddressing = (value: PlainObject): string | undefined =>
  ADDRESSING.find((key) => value[key] !== undefined && value[key] !== false);

class Devices {
  readonly nics: Device[] = [];
  readonly byName = new Map<string, Device>();

  constructor(network: PlainObject) {
    entries(network.interfaces, "network.interfaces").forEach(([nic, path], index) => {
      if (isObject(nic)) this.nics.push({ kind: "interface", path, value: nic, name: str(nic.name), index });
    });
  }

  /** The NIC a member reference (its `name`, or its `macAddress` in any case) designates. */
  nic(ref: string): Device | undefined {
    return (
      this.nics.find((d) => d.name === ref) ??
      this.nics.find((d) => str(d.value.macAddress)?.toLowerCase() === ref.toLowerCase())
    );
  }

  /** A NIC by name or MAC, else a bond, VLAN or bridge by name. */
  resolve(ref: string): Device | undefined {
    return this.nic(ref) ?? this.byName.get(ref);
  }
}

function checkName(device: Device, field: string, taken: Map<string, string>, problems: ProblemList): void {
  const name = device.name;
  if (name === undefined) return;
  if (!isInterfaceName(name)) {
    problems.add(
      `${device.path}.${field}`,
      `${quote(name)} is not a Linux interface name (1-15 letters, digits, \`_\`, \`.\` or \`-\`); ` +
        (field === "id" ? "set a shorter `name`" : "use e.g. `bond0`, `br0`"),
    );
    return;
  }
  const first = taken.get(name);
  if (first !== undefined) {
    problems.add(
      `${device.path}.${field}`,
      `name ${quote(name)} is already used by ${first}; every NIC, bond, VLAN and bridge needs its own name` +
        (field === "id" ? " (set `name` on this VLAN)" : ""),
    );
  } else taken.set(name, `${device.path}${field === "id" ? "" : `.${field}`}`);
}

/** Marks `member` as a member of `owner` (a bond or bridge), refusing a second membership and addressing. */
function join(member: Device, owner: Device, refPath: string, problems: ProblemList): void {
  if (member.memberOf !== undefined) {
    problems.add(
      refPath,
      `${member.path} is already a member of ${member.memberOf}; a device can be in one bond or bridge only`,
    );
    return;
  }
  member.memberOf = owner.path;
  const field = hasAddressing(member.value);
  if (field !== undefined) {
    problems.add(
      `${member.path}.${field}`,
      `${member.path} is a member of ${owner.path}: the kernel delivers its traffic to the ${owner.kind}, so ` +
        `addressing belongs on the ${owner.kind}; move \`${field}\` there`,
    );
  }
}

function checkBond(bond: Device, devices: Devices, problems: ProblemList): void {
  const value = bond.value;
  const members = Array.isArray(value.interfaces) ? value.interfaces : undefined;
  if (members !== undefined && members.length === 0)
    problems.add(`${bond.path}.interfaces`, "is empty; list the member NICs by `name` or `macAddress`");
  const joined: Device[] = [];
  for (const [ref, refPath] of entries(members, `${bond.path}.interfaces`)) {
    if (typeof ref !== "string") continue;
    const nic = devices.nic(ref);
    if (nic === undefined) {
      const other = devices.byName.get(ref);
      problems.add(
        refPath,
        other !== undefined
          ? `${quote(ref)} is ${other.path}; a bond holds NICs only (no bonds of bonds, VLANs or bridges)`
          : `${quote(ref)} names no entry of network.interfaces; use a NIC's \`name\` or \`macAddress\``,
      );
    } else if (joined.includes(nic)) {
      problems.add(refPath, `${quote(ref)} is listed twice (${nic.path}); list each member once`);
    } else {
      joined.push(nic);
      join(nic, bond, refPath, problems);
    }
  }
  const mode = str(value.mode);
  const primary = str(value.primary);
  if (primary !== undefined) {
    const nic = devices.nic(primary);
    if (mode !== undefined && mode !== "active-backup")
      problems.add(
        `${bond.path}.primary`,
        `is for mode \`active-backup\` only (this bond is ${quote(mode)})`,
      );
    else if (nic === undefined || !joined.includes(nic))
      problems.add(
        `${bond.path}.primary`,
        `${quote(primary)} is not a member of this bond; name one of \`interfaces\``,
      );
  }
  for (const field of ["lacpRate", "transmitHashPolicy"] as const) {
    if (value[field] !== undefined && mode !== undefined && mode !== "802.3ad")
      problems.add(
        `${bond.path}.${field}`,
        `is for mode \`802.3ad\` only (this bond is ${quote(mode)}); remove it`,
      );
  }
  const miimon = value.miimon;
  if (typeof miimon === "number" && (!Number.isInteger(miimon) || miimon < 0 || miimon > 2147483647))
    problems.add(
      `${bond.path}.miimon`,
      `${miimon} is not an interval; use milliseconds, e.g. 100 (0 turns it off)`,
    );
}

function checkVlan(vlan: Device, devices: Devices, links: Map<string, string>, problems: ProblemList): void {
  const value = vlan.value;
  const id = value.id;
  if (typeof id === "number" && (!Number.isInteger(id) || id < 1 || id > 4094))
    problems.add(`${vlan.path}.id`, `${id} is not a VLAN id; use an integer from 1 to 4094`);
  const ref = str(value.link);
  if (ref === undefined) return;
  const link = devices.resolve(ref);
  if (link === undefined) {
    problems.add(`${vlan.path}.link`, `${quote(ref)} names no NIC (\`name\` or \`macAddress\`) and no bond`);
    return;
  }
  if (link.kind === "vlan" || link.kind === "bridge") {
    problems.add(
      `${vlan.path}.link`,
      `${quote(ref)} is ${link.path}; a VLAN links to a NIC or a bond (no VLANs on ${link.kind}s)`,
    );
    return;
  }
  if (link.memberOf !== undefined) {
    problems.add(
      `${vlan.path}.link`,
      `${link.path} is a member of ${link.memberOf}, which takes all its frames; ` +
        (link.memberOf.startsWith("network.bonds")
          ? `link the VLAN to ${link.memberOf} itself`
          : `make the VLAN a port of ${link.memberOf} in place of ${link.path}`),
    );
  }
  if (typeof id === "number") {
    const key = `${link.path}#${id}`;
    const first = links.get(key);
    if (first !== undefined)
      problems.add(
        `${vlan.path}.id`,
        `VLAN ${id} on ${link.path} is also ${first}; use one VLAN per id and link`,
      );
    else links.set(key, vlan.path);
  }
  const linkMtu = typeof link.value.mtu === "number" ? link.value.mtu : 1500;
  if (typeof value.mtu === "number" && value.mtu > linkMtu) {
    problems.add(
      `${vlan.path}.mtu`,
      `${value.mtu} is above the MTU of its link ${link.path} (${linkMtu}${link.value.mtu === undefined ? ", the default" : ""}); lower it or raise the link's \`mtu\``,
    );
  }
}

/**
 * For a reference `vlan<id>` to a VLAN without a `name`: its name is `<link>.<id>` (a VLAN on a NIC known by MAC
 * only used to default to `vlan<id>`, CHANGELOG), so say which name to use or which `name` to give.
 */
function unnamedVlanHint(ref: string, devices: Devices): string {
  const id = /^vlan(\d+)$/.exec(ref)?.[1];
  if (id === undefined) return "";
  const vlan = [...devices.byName.values()].find(
    (d) => d.kind === "vlan" && d.value.name === undefined && d.value.id === Number(id),
  );
  if (vlan?.name === undefined) return "";
  return (
    `; ${vlan.path} has no \`name\`, so it is ${quote(vlan.name)} (\`<link>.<id>\`, a NIC known by MAC only ` +
    `being \`eth<i>\`): refer to ${quote(vlan.name)}, or give that VLAN \`name: ${ref}\``
  );
}

function checkBridge(bridge: Device, devices: Devices, problems: ProblemList): void {
  const value = bridge.value;
  const ports = Array.isArray(value.interfaces) ? value.interfaces : undefined;
  if (ports !== undefined && ports.length === 0)
    problems.add(`${bridge.path}.interfaces`, "is empty; list the ports: NICs, bonds or VLANs");
  for (const [ref, refPath] of entries(ports, `${bridge.path}.interfaces`)) {
    if (typeof ref !== "string") continue;
    const port = devices.resolve(ref);
    if (port === undefined)
      problems.add(
        refPath,
        `${quote(ref)} names no NIC (\`name\` or \`macAddress\`), bond or VLAN${unnamedVlanHint(ref, devices)}`,
      );
    else if (port.kind === "bridge")
      problems.add(refPath, `${quote(ref)} is ${port.path}; a bridge cannot be a port of a bridge`);
    else join(port, bridge, refPath, problems);
  }
  const delay = value.forwardDelay;
  if (typeof delay === "number" && (!Number.isInteger(delay) || delay < 2 || delay > 30))
    problems.add(
      `${bridge.path}.forwardDelay`,
      `${delay} is out of range; use whole seconds from 2 to 30 (the kernel's STP limits)`,
    );
}

/** Checks `network.bonds`, `network.vlans` and `network.bridges` against each other and the NICs. */
export function checkNetworkDevices(
  network: PlainObject,
  state: NetworkCheckState,
  nicNames: Map<string, string>,
  problems: ProblemList,
): void {
  const devices = new Devices(network);
  const taken = new Map(nicNames);
  const list = (field: "bonds" | "vlans" | "bridges", kind: Kind): Device[] =>
    entries(network[field], `network.${field}`).flatMap(([value, path]) =>
      isObject(value) ? [{ kind, path, value, name: str(value.name) }] : [],
    );
  const bonds = list("bonds", "bond");
  const vlans = list("vlans", "vlan");
  const bridges = list("bridges", "bridge");
  for (const device of [...bonds, ...bridges]) checkName(device, "name", taken, problems);
  for (const device of [...bonds, ...bridges])
    if (device.name !== undefined) devices.byName.set(device.name, device);
  for (const bond of bonds) checkBond(bond, devices, problems);
  // The NICs' guest names as every renderer gives them (a NIC known by MAC only is `eth<i>`), for the VLANs'
  // default names `<link>.<id>`.
  const nicGuest = nicGuestNames(
    entries(network.interfaces, "network.interfaces").map(([nic]) =>
      isObject(nic) ? str(nic.name) : undefined,
    ),
    [...bonds, ...bridges, ...vlans].flatMap((d) => (d.name === undefined ? [] : [d.name])),
  );
  for (const vlan of vlans) {
    const explicit = vlan.name !== undefined;
    if (!explicit && typeof vlan.value.id === "number") {
      const link = devices.resolve(str(vlan.value.link) ?? "");
      const linkName =
        link?.kind === "interface" && link.index !== undefined ? nicGuest[link.index] : link?.name;
      if (linkName !== undefined) vlan.name = defaultVlanName(linkName, vlan.value.id);
    }
    checkName(vlan, explicit ? "name" : "id", taken, problems);
    if (vlan.name !== undefined && !devices.byName.has(vlan.name)) devices.byName.set(vlan.name, vlan);
  }
  // Bridges first: a VLAN must not link to a bridge port, so memberships must be known.
  for (const bridge of bridges) checkBridge(bridge, devices, problems);
  const links = new Map<string, string>();
  for (const vlan of vlans) checkVlan(vlan, devices, links, problems);
  for (const device of [...bonds, ...vlans, ...bridges]) {
    const mac = str(device.value.macAddress);
    // A bond or VLAN commonly shares its MAC with a member or its link.
    if (mac !== undefined) checkMac(mac, `${device.path}.macAddress`, state, problems, false);
    checkAddressing(device.value, device.path, state, problems);
  }
}
