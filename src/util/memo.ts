/**
 * Memoized pure functions, for values that are never changed once made (frozen, or only ever written out).
 */

/**
 * `compute(text)`, remembered by text. Bounded: at most `limit` texts are kept, all forgotten when full, so a
 * long-running process keeps no more than that. A result of `undefined` is remembered too.
 */
export function memoizeByText<V>(limit: number, compute: (text: string) => V): (text: string) => V {
  const remembered = textMemo<V>(limit);
  return (text) => remembered(text, compute, text);
}

/**
 * A memo by text key for values computed from more than the key: `remembered(key, compute, input)` returns
 * the value kept for `key`, or `compute(input)` (then kept). Bounded as `memoizeByText` is. For a key that
 * stands for inputs the memo must not keep (a digest of a secret, say).
 */
export function textMemo<V>(limit: number): <I>(key: string, compute: (input: I) => V, input: I) => V {
  const memo = new Map<string, V>();
  return (key, compute, input) => {
    const known = memo.get(key);
    if (known !== undefined || memo.has(key)) return known as V;
    const value = compute(input);
    if (memo.size >= limit) memo.clear();
    memo.set(key, value);
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
