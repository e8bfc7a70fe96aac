import { parseStaticAddress } from "../../src/render/network-common";
import { parseIp } from "../../src/spec/validate-util";

/** Distinct IPv4 and IPv6 texts, more than either parse cache keeps. */
function addresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0 ? `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}` : `2001:db8:${i.toString(16)}::1`,
  );
}

describe("parsed addresses shared between the checks and the network documents", () => {
  it("are frozen, so no caller can change what the next caller of parseIp gets, past the cache's bound", () => {
    for (const text of addresses(3000)) {
      const ip = parseIp(text);
      expect(ip).toBeDefined();
      expect(Object.isFrozen(ip)).toBe(true);
      expect(Object.isFrozen(ip?.kind() === "ipv4" ? (ip as { octets: number[] }).octets : ip)).toBe(true);
      expect(parseIp(text)?.toString()).toBe(ip?.toString());
    }
    expect(parseIp("10.0.0.256")).toBeUndefined();
    expect(parseIp("10.0.0.256")).toBeUndefined();
  });

  it("are frozen as parseStaticAddress splits them, and split the same after the cache is cleared", () => {
    const texts = addresses(3000).map((a) => `${a}/${a.includes(":") ? 64 : 16}`);
    const first = texts.map((t) => ({ ...parseStaticAddress(t), ip: undefined }));
    texts.forEach((text, i) => {
      const split = parseStaticAddress(text);
      expect(Object.isFrozen(split)).toBe(true);
      expect({ ...split, ip: undefined }).toEqual(first[i]);
    });
    expect(parseStaticAddress("2001:db8:1::10/48").network).toBe("2001:db8:1::");
    expect(() => parseStaticAddress("10.0.0.300/24")).toThrow("is not an address in CIDR form");
  });
});
