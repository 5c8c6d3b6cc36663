// JSON with every object's keys in one order, so the same value always reads the same — whatever
// order a client sent, or the table handed back, a map's keys in.
export function canonicalJson(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, inner]) => [k, canonical(inner)]),
          )
        : v;
  return JSON.stringify(canonical(value));
}
