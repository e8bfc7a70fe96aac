/** Semantic checks of the network: NICs (here), bonds, VLANs and bridges (validate-network-devices.ts). */
import {
  checkAddressing,
  checkMac,
  checkNameservers,
  checkSearchDomains,
  isInterfaceName,
  NetworkCheckState,
} from "./validate-network-addressing";
import { checkNetworkDevices } from "./validate-network-devices";
import { entries, isObject, PlainObject, ProblemList, quote, str } from "./validate-util";

export function checkDns(spec: PlainObject, problems: ProblemList): void {
  if (!isObject(spec.dns)) return;
  checkNameservers(spec.dns.nameservers, "dns.nameservers", problems);
  checkSearchDomains(spec.dns.searchDomains, "dns.searchDomains", problems);
}

export function checkNetwork(spec: PlainObject, problems: ProblemList): void {
  if (!isObject(spec.network)) return;
  const list = spec.network.interfaces;
  if (Array.isArray(list) && list.length === 0) {
    problems.add(
      "network.interfaces",
      "is empty; list at least one interface, or remove `network` to keep the platform's default",
    );
  }
  const state: NetworkCheckState = {
    addresses: new Map(),
    defaults: { ipv4: [], ipv6: [] },
    macs: new Map(),
  };
  const names = new Map<string, string>();
  for (const [nic, path] of entries(list, "network.interfaces")) {
    if (!isObject(nic)) continue;
    const mac = str(nic.macAddress);
    if (mac !== undefined) checkMac(mac, `${path}.macAddress`, state, problems);
    const name = str(nic.name);
    if (name !== undefined) {
      if (!isInterfaceName(name)) {
        problems.add(
          `${path}.name`,
          `${quote(name)} is not a Linux interface name; use 1-15 letters, digits, \`_\`, \`.\` or \`-\`, e.g. \`eth0\``,
        );
      } else {
        const first = names.get(name);
        if (first)
          problems.add(
            `${path}.name`,
            `duplicate interface name ${quote(name)} (also ${first}); each interface needs its own`,
          );
        else names.set(name, `${path}.name`);
      }
    }
    checkAddressing(nic, path, state, problems);
  }
  checkNetworkDevices(spec.network, state, names, problems);
  for (const family of ["ipv4", "ipv6"] as const) {
    const [first, ...others] = state.defaults[family];
    for (const other of others) {
      problems.add(
        other,
        `a second ${family === "ipv4" ? "IPv4" : "IPv6"} default gateway (the first is ${first}); keep one default per address family and use \`routes\` for the other networks`,
      );
    }
  }
}
