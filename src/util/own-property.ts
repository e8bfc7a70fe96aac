/**
 * Sets `target[key] = value` as an own, enumerable property, also for the key `__proto__`. JSON.parse
 * and the YAML parser give a user's `__proto__` key as an own property; copying it by assignment would
 * set the copy's prototype instead, and the key would silently vanish from the document written from it.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
