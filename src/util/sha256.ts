/**
 * SHA-256 in JavaScript (FIPS 180-4, "Secure Hash Standard", sections 4.1.2, 4.2.2, 5.1.1, 6.2), for
 * short runs that hash a few documents and should not pay for loading `node:crypto` (see hash.ts).
 * The round constants are computed as the standard defines them, from the primes; tests compare the
 * digests with `node:crypto` over many lengths.
 */

/** First 32 bits of the fractional part of `x`, as a signed 32-bit word. */
function fraction32(x: number): number {
  return ((x - Math.floor(x)) * 0x100000000) | 0;
}

function isPrime(n: number): boolean {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/** K (cube roots of the first 64 primes, 4.2.2) and the initial hash value H0 (square roots of the first 8, 5.3.3). */
const K = new Int32Array(64);
const H0: number[] = [];
for (let n = 2, found = 0; found < 64; n++) {
  if (!isPrime(n)) continue;
  if (found < 8) H0.push(fraction32(Math.sqrt(n)));
  K[found] = fraction32(Math.cbrt(n));
  found++;
}
const INITIAL = H0 as [number, number, number, number, number, number, number, number];

/** The SHA-256 digest of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  const length = data.length;
  // Padding (5.1.1): a 1 bit, zeros, then the length in bits as a 64-bit big-endian number.
  const padded = new Uint8Array((((length + 8) >> 6) + 1) * 64);
  padded.set(data);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(padded.length - 4, bits >>> 0);
  const w = new Int32Array(64);
  let [h0, h1, h2, h3, h4, h5, h6, h7] = INITIAL;
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getInt32(offset + 4 * t);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15] as number;
      const y = w[t - 2] as number;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) | 0;
    }
    let [a, b, c, d, e, f, g, h] = [h0, h1, h2, h3, h4, h5, h6, h7];
    for (let t = 0; t < 64; t++) {
      const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const choose = (e & f) ^ (~e & g);
      const t1 = (h + sum1 + choose + (K[t] as number) + (w[t] as number)) | 0;
      const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const majority = (a & b) ^ (a & c) ^ (b & c);
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + sum0 + majority) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  const digest = new Uint8Array(32);
  const out = new DataView(digest.buffer);
  [h0, h1, h2, h3, h4, h5, h6, h7].forEach((word, i) => out.setInt32(4 * i, word));
  return digest;
}
