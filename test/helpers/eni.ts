/**
 * Reading an ENI (`/etc/network/interfaces`) file as cloud-init's ENI renderer writes it, for tests that
 * check what it wrote.
 */

/**
 * The option lines of every `iface <name> ...` stanza, by name (an alias `eth0:1` counts as `eth0`; a name's
 * stanzas are joined in file order), each line's words joined by one space, spelling kept as written. A
 * stanza ends at the next `iface`, `auto` or `allow-hotplug` line; blank and comment lines are skipped.
 */
export function eniStanzaOptions(text: string): Map<string, string[]> {
  const stanzas = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split("\n")) {
    const words = line.trim().split(/\s+/);
    const first = words[0] ?? "";
    if (first === "iface" && words[1] !== undefined) {
      const name = words[1].split(":")[0] ?? words[1];
      current = stanzas.get(name) ?? [];
      stanzas.set(name, current);
    } else if (first === "auto" || first === "allow-hotplug") {
      current = undefined;
    } else if (current !== undefined && first !== "" && !first.startsWith("#")) {
      current.push(words.join(" "));
    }
  }
  return stanzas;
}
