import * as pulumi from "@pulumi/pulumi";
import { isKnown, isPromiseLike } from "./known";
import { allMaybe, mapMaybe, type Maybe } from "./maybe";

/**
 * `value` as a Pulumi secret when `secret` is true, otherwise as it is (readable in state, diffs and
 * stack outputs). Secretness of `value` itself is kept either way. Known values stay plain unless
 * they must become secret.
 */
export function secretIf<T>(secret: Maybe<boolean>, value: Maybe<T>): Maybe<T> {
  return mapMaybe(allMaybe<[boolean, T]>([secret, value]), ([s, v]) =>
    s ? (pulumi.secret(v) as pulumi.Output<T>) : v,
  );
}

/** Where a value sits in another: object keys and list indexes, from the top. */
export type ValuePath = readonly (string | number)[];

/**
 * Where a free-form map sits in a value (`["metadata"]`, `["vapp", "properties"]`): a map whose keys are the
 * user's own (Nova metadata keys, extraConfig keys), not field names of a schema. A secret such map keeps its
 * keys secret too; a secret whole holding one (the spec, a platform's args) keeps that map's keys secret, not
 * its own field names, which name the properties of every message.
 */
export type FreeFormMapPath = readonly string[];

/**
 * Where a free-form tree sits in a value (`["extraCloudConfig"]`): data given as it is whose top-level keys
 * are a schema's names (cloud-config's module names: `apt`, `users`, `write_files`), which name properties in
 * messages and stay readable, but whose keys below them, in mappings at any depth (lists included), may be the
 * user's own (`apt.sources.<repo name>`, `chef.initial_attributes.<attribute>`, `users[0].<key>`). A secret
 * tree, a secret value inside one, or a secret whole holding one keeps those keys secret (`TreeKey`).
 */
export type FreeFormTreePath = readonly string[];

/**
 * A key below the top level of a secret free-form tree, with the name of the tree's field (the last name of
 * its `FreeFormTreePath`), which the property paths that print the key start from.
 */
export interface TreeKey {
  field: string;
  key: string;
}

/** An Output or Promise nested in a value, with the top-level field it sits under ("" for the value itself). */
export interface NestedInput {
  field: string;
  /** Where it sits in the value ([] for the value itself). */
  path: ValuePath;
  /** Its value resolved all the way down. */
  output: pulumi.Output<unknown>;
}

/** The Outputs and Promises nested in a value, and whether each is secret. */
export interface NestedInputs {
  inputs: NestedInput[];
  secret: Promise<boolean[]>;
}

/**
 * Every Output and Promise nested in `value` (not looking inside them), with the top-level field it sits
 * under, as an Output of its value resolved all the way down: `pulumi.output` looks into the value a
 * Promise or an Output gives, so a secret nested there (`Promise.resolve([pulumi.secret(x)])`, an `apply`
 * returning secrets) marks it secret too.
 */
export function nestedInputs(value: unknown): NestedInputs {
  const inputs: NestedInput[] = [];
  const walk = (node: unknown, field: string, path: ValuePath): void => {
    if (pulumi.Output.isInstance(node) || isPromiseLike(node)) {
      inputs.push({ field, path, output: pulumi.output(node) as pulumi.Output<unknown> });
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, field, [...path, i]));
    } else if (node !== null && typeof node === "object") {
      for (const [key, item] of Object.entries(node)) walk(item, field === "" ? key : field, [...path, key]);
    }
  };
  walk(value, "", []);
  const secret = Promise.all(inputs.map(({ output }) => pulumi.isSecret(output)));
  return { inputs, secret };
}

/** Every string in `value`, at any depth, and every number as text (`String(n)`, as messages print it). */
function stringsIn(value: unknown, out: string[]): string[] {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "number" && Number.isFinite(value)) out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value !== null && typeof value === "object")
    for (const item of Object.values(value)) stringsIn(item, out);
  return out;
}

/**
 * The keys of the free-form maps (`maps`, paths in the whole) inside `value`, a secret value found at `at` in
 * the whole: of the map itself, or of those inside it. None for a value inside such a map (only a value is
 * secret there, not its key) or beside one.
 */
function freeFormKeysIn(value: unknown, at: ValuePath, maps: readonly FreeFormMapPath[]): string[] {
  const keys: string[] = [];
  for (const map of maps) {
    if (at.length > map.length || at.some((key, i) => key !== map[i])) continue;
    let node = value;
    for (const key of map.slice(at.length)) {
      node = isPlainContainer(node) && !Array.isArray(node) ? node[key] : undefined;
    }
    if (isPlainContainer(node) && !Array.isArray(node)) keys.push(...Object.keys(node));
  }
  return keys;
}

/** Every key of every mapping in `value`, at any depth, lists included (each object looked into once). */
function keysBelow(value: unknown, out: string[], seen = new Set<object>()): string[] {
  if (value === null || typeof value !== "object" || seen.has(value)) return out;
  seen.add(value);
  if (Array.isArray(value)) for (const item of value) keysBelow(item, out, seen);
  else
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      keysBelow(item, out, seen);
    }
  return out;
}

/**
 * The keys below the top level of the free-form trees (`trees`, paths in the whole) that `value`, a secret
 * value found at `at` in the whole, is, holds or sits inside: for a tree that is the value or inside it, the
 * keys inside its top-level values (not its own keys); for a value inside a tree, every key inside the value
 * (at least one level below the tree's top: the key it sits under, if any, is not secret, as in a free-form
 * map whose value alone is secret).
 */
function freeFormTreeKeysIn(value: unknown, at: ValuePath, trees: readonly FreeFormTreePath[]): TreeKey[] {
  const found: TreeKey[] = [];
  for (const tree of trees) {
    const field = tree.at(-1);
    if (field === undefined || tree.some((key, i) => i < at.length && key !== at[i])) continue;
    let keys: string[] = [];
    if (at.length > tree.length) {
      keys = keysBelow(value, []);
    } else {
      let node = value;
      for (const key of tree.slice(at.length)) {
        node = isPlainContainer(node) && !Array.isArray(node) ? node[key] : undefined;
      }
      if (node === null || typeof node !== "object" || Array.isArray(node)) continue;
      for (const item of Object.values(node)) keysBelow(item, keys);
    }
    for (const key of new Set(keys)) found.push({ field, key });
  }
  return found;
}

/**
 * What messages must leave out: the texts of secret values, the keys of secret free-form maps, and the keys
 * below the top level of secret free-form trees.
 */
export interface SecretTexts {
  /** Every string (and number as text) inside the secret values. */
  texts: string[];
  /** The keys of the free-form maps that are secret, or inside a secret value. */
  keys: string[];
  /** The keys below the top level of the free-form trees that are secret, hold or sit inside a secret value. */
  treeKeys: TreeKey[];
}

/**
 * Every string inside the secret ones of `nested`, the keys of the free-form maps (`maps`) among or inside
 * them, and the keys below the top level of the free-form trees (`trees`) among, inside or around them, for
 * messages to leave out (`redactSecretTexts`). Not itself secret: it must not make what it is combined with
 * secret.
 */
export function secretTexts(
  nested: NestedInputs,
  maps: readonly FreeFormMapPath[] = [],
  trees: readonly FreeFormTreePath[] = [],
): pulumi.Output<SecretTexts> {
  const values = pulumi.unsecret(pulumi.all(nested.inputs.map(({ output }) => output)));
  return pulumi.all([pulumi.output(nested.secret), values]).apply(([secret, resolved]) => {
    const found: SecretTexts = { texts: [], keys: [], treeKeys: [] };
    resolved.forEach((v, i) => {
      const input = nested.inputs[i];
      if (secret[i] !== true || input === undefined) return;
      found.texts.push(...stringsIn(v, []));
      found.keys.push(...freeFormKeysIn(v, input.path, maps));
      found.treeKeys.push(...freeFormTreeKeysIn(v, input.path, trees));
    });
    return found;
  });
}

/** A plain object or array (what a walk over args looks into; a class instance is left as it is). */
function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `value` with every Output and Promise nested in it (in plain objects and arrays) replaced by an Output of
 * the same value, secretness, dependencies and knownness that, before anything can read its value, gives
 * `onSecretTexts` the strings (and numbers as text, see `secretTexts`) inside it when it is secret, and the
 * keys of the free-form maps (`maps`, paths in `value`) it is or holds. Whatever reads the value (a check
 * whose message quotes it) therefore runs after its texts are known, whatever order Outputs resolve in.
 * Plain values are kept as they are (still known at construction).
 */
export function recordingSecretTexts<T>(
  value: T,
  onSecretTexts: (texts: readonly string[], keys: readonly string[]) => void,
  maps: readonly FreeFormMapPath[] = [],
): T {
  const walk = (node: unknown, path: ValuePath): unknown => {
    if (isKnown(node)) return node;
    if (pulumi.Output.isInstance(node) || isPromiseLike(node)) {
      const output = pulumi.output(node) as pulumi.Output<unknown>;
      return pulumi.all([output, pulumi.isSecret(output)]).apply(([v, secret]) => {
        if (secret) onSecretTexts(stringsIn(v, []), freeFormKeysIn(v, path, maps));
        return v;
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (isPlainContainer(node))
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...path, k])]));
    return node;
  };
  return walk(value, []) as T;
}
