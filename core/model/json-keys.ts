// Keys that reach an object's prototype. JSON.parse keeps `"__proto__"` as a plain own key, but any
// code that later copies, merges or follows a path through it (a PATCH library, a spread, a
// marshaller) sets a prototype instead — once Object.prototype is polluted, every tenant served by
// that process breaks. So every JSON edge (dashboard API, SCIM, HR webhook and events, workflow
// input, fixtures) refuses them as a key or a path segment before anything else looks at the input.

export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any input offboard accepts: past this the walk stops and the input is refused. */
const MAX_DEPTH = 64;

/**
 * The path (`a.b.0.__proto__`) of the first prototype key in a parsed JSON value, or null when it
 * has none. A value nested deeper than any input offboard accepts counts as having one.
 */
export function prototypeKeyPath(value: unknown): string | null {
  const walk = (node: unknown, path: string[]): string | null => {
    if (typeof node !== 'object' || node === null) return null;
    if (path.length > MAX_DEPTH) return [...path, '…'].join('.');
    const entries = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, child] of entries) {
      const here = [...path, String(key)];
      if (PROTOTYPE_KEYS.has(String(key))) return here.join('.');
      const found = walk(child, here);
      if (found) return found;
    }
    return null;
  };
  // Object.entries lists an own "__proto__" key that JSON.parse created, as it should.
  return walk(value, []);
}

/**
 * Whether an attribute path or filter (SCIM `name.givenName`, `emails[type eq "work"].value`, a
 * schema-qualified `urn:…:User:manager`) names a prototype key as one of its segments.
 */
export const pathNamesPrototypeKey = (path: string): boolean =>
  path.split(/[.[\]\s:"()]+/).some((segment) => PROTOTYPE_KEYS.has(segment));
