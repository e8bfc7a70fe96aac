/**
 * Memoized pure functions, for values that are never changed once made (frozen, or only ever written out).
 */

/**
 * `compute(text)`, remembered by text. Bounded: at most `limit` texts are kept, all forgotten when full, so a
 * long-running process keeps no more than that. A result of `undefined` is remembered too.
 */
export function memoizeByText<V>(limit: number, compute: (text: string) => V): (text: string) => V {
  const memo = new Map<string, V>();
  return (text) => {
    const known = memo.get(text);
    if (known !== undefined || memo.has(text)) return known as V;
    const value = compute(text);
    if (memo.size >= limit) memo.clear();
    memo.set(text, value);
    return value;
  };
}

/** `compute(key)`, remembered for as long as the object `key` lives (a WeakMap), for immutable keys. */
export function memoizeByObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const memo = new WeakMap<K, V>();
  return (key) => {
    const known = memo.get(key);
    if (known !== undefined || memo.has(key)) return known as V;
    const value = compute(key);
    memo.set(key, value);
    return value;
  };
}
