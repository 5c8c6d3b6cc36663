// `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): a client asks for only some of a
// resource's attributes, or all but some. Names are case-insensitive, may be sub-attributes
// (`name.givenName`, `emails.value`) and may carry their schema's URN (`urn:…:core:2.0:User:userName`,
// `urn:…:enterprise:2.0:User:manager`). `id` and `schemas` are always returned (RFC 7643 §7).
import { ScimError } from './scim-errors.ts';

type Resource = Record<string, unknown>;

export interface AttributeSelection {
  attributes?: string | undefined;
  excludedAttributes?: string | undefined;
}

const ALWAYS_RETURNED = new Set(['id', 'schemas']);
const MAX_PATHS = 50;

/** A path as [the resource key it starts at, the sub-attribute inside it, if any]. */
function pathOf(resource: Resource, raw: string, extensions: readonly string[]): [string, string | undefined] {
  const path = raw.trim();
  // An extension's attribute: the extension object's key, then the attribute inside it.
  const extension = extensions.find((urn) => path.toLowerCase().startsWith(`${urn.toLowerCase()}:`));
  if (extension) return [extension, path.slice(extension.length + 1)];
  if (extensions.some((urn) => urn.toLowerCase() === path.toLowerCase())) return [path, undefined];
  const withoutCore = path.replace(/^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i, '');
  const [top, ...rest] = withoutCore.split('.');
  const key = Object.keys(resource).find((k) => k.toLowerCase() === top!.toLowerCase()) ?? top!;
  return [key, rest.length > 0 ? rest.join('.') : undefined];
}

const subKeyOf = (value: Resource, name: string) =>
  Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());

/** Keeps `sub` (case-insensitive) of an object, or of each object of an array. */
function pickSub(value: unknown, sub: string): unknown {
  if (Array.isArray(value)) return value.map((v) => pickSub(v, sub)).filter((v) => v !== undefined);
  if (!value || typeof value !== 'object') return undefined;
  const key = subKeyOf(value as Resource, sub);
  return key === undefined ? undefined : { [key]: (value as Resource)[key] };
}

/** Drops `sub` (case-insensitive) from an object, or from each object of an array. */
function dropSub(value: unknown, sub: string): unknown {
  if (Array.isArray(value)) return value.map((v) => dropSub(v, sub));
  if (!value || typeof value !== 'object') return value;
  const key = subKeyOf(value as Resource, sub);
  if (key === undefined) return value;
  const { [key]: _dropped, ...rest } = value as Resource;
  return rest;
}

const listOf = (value: string | undefined, name: string): string[] => {
  const paths = (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (paths.length > MAX_PATHS)
    throw new ScimError(400, `${name} names more than ${MAX_PATHS} attributes`, 'invalidValue');
  return paths;
};

/** Merges two picks of one attribute (e.g. `emails.value` and `emails.type`). */
function merge(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return a.map((item, i) => merge(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') return { ...(a as Resource), ...(b as Resource) };
  return b ?? a;
}

/** The resource with only the attributes asked for, or without those excluded. */
export function selectAttributes(whole: object, selection: AttributeSelection): Resource {
  const resource = whole as Resource;
  const extensions = ((resource.schemas as string[] | undefined) ?? []).filter((urn) => urn.includes(':extension:'));
  const wanted = listOf(selection.attributes, 'attributes');
  if (wanted.length > 0) {
    const out: Resource = {};
    for (const key of Object.keys(resource)) if (ALWAYS_RETURNED.has(key)) out[key] = resource[key];
    for (const raw of wanted) {
      const [key, sub] = pathOf(resource, raw, extensions);
      if (!(key in resource) || ALWAYS_RETURNED.has(key)) continue;
      const picked = sub === undefined ? resource[key] : pickSub(resource[key], sub);
      if (picked !== undefined) out[key] = key in out ? merge(out[key], picked) : picked;
    }
    return out;
  }
  let out: Resource = { ...resource };
  for (const raw of listOf(selection.excludedAttributes, 'excludedAttributes')) {
    const [key, sub] = pathOf(out, raw, extensions);
    if (ALWAYS_RETURNED.has(key) || !(key in out)) continue;
    if (sub === undefined) {
      const { [key]: _dropped, ...rest } = out;
      out = rest;
    } else out[key] = dropSub(out[key], sub);
  }
  return out;
}
