/**
 * Random structural mutations of a decoded-YAML document for decoder fuzzing (fast-check): delete a key or
 * element, replace a value by a wrong-typed / negative / zero / fractional / huge / string value, add an
 * unknown (or duplicated-name) key. Shared by the config decoder tests.
 */
import fc from 'fast-check';

export type Json = unknown;
export type Mutation =
  | { readonly op: 'delete'; readonly pick: number }
  | { readonly op: 'replace'; readonly pick: number; readonly value: Json }
  | { readonly op: 'add'; readonly pick: number; readonly key: string; readonly value: Json };

/** Every (container, key) position in a JSON-like value. */
const positions = (v: unknown): Array<{ readonly parent: Record<string, unknown> | unknown[]; readonly key: string | number }> => {
  const out: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach((c, i) => { out.push({ parent: x, key: i }); walk(c); });
    else if (typeof x === 'object' && x !== null) for (const [k, c] of Object.entries(x)) { out.push({ parent: x as Record<string, unknown>, key: k }); walk(c); }
  };
  walk(v);
  return out;
};
const containers = (v: unknown): Array<Record<string, unknown> | unknown[]> => {
  const out: Array<Record<string, unknown> | unknown[]> = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) { out.push(x); x.forEach(walk); }
    else if (typeof x === 'object' && x !== null) { out.push(x as Record<string, unknown>); Object.values(x).forEach(walk); }
  };
  walk(v);
  return out;
};

/** Wrong-typed, negative, zero, fractional, huge and string values. */
export const badValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(-1, 0, 0.5, -0.5, 1e300, Infinity, NaN, '', 'x', 'dram', 'inputs', 'weights', true, null, [], {}, [1], [0, 0], [2, 2], { read: -1 }),
  fc.integer({ min: -5, max: 300 }),
  fc.string({ maxLength: 6 }),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), pick: fc.nat(), value: badValue }),
  fc.record({ op: fc.constant('add' as const), pick: fc.nat(), key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('mesh', 'instances', 'energy', 'keeps', 'capacityWords')), value: badValue }),
);

/** Apply mutations in place to a deep copy; returns the copy. */
export const mutate = (doc: unknown, ms: ReadonlyArray<Mutation>): unknown => {
  const d = structuredClone(doc);
  for (const m of ms) {
    if (m.op === 'add') {
      const cs = containers(d).filter((c) => !Array.isArray(c)) as Array<Record<string, unknown>>;
      if (cs.length === 0) continue;
      Object.defineProperty(cs[m.pick % cs.length]!, m.key, { value: structuredClone(m.value), enumerable: true, configurable: true, writable: true });
      continue;
    }
    const ps = positions(d);
    if (ps.length === 0) continue;
    const p = ps[m.pick % ps.length]!;
    if (m.op === 'delete') {
      if (Array.isArray(p.parent)) p.parent.splice(p.key as number, 1);
      else delete p.parent[p.key as string];
    } else if (Array.isArray(p.parent)) p.parent[p.key as number] = structuredClone(m.value);
    else p.parent[p.key as string] = structuredClone(m.value);
  }
  return d;
};

