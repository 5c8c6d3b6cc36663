// SCIM filters (RFC 7644 §3.4.2.2) on the users offboard shows over SCIM, parsed by
// scim2-parse-filter. Attribute names are case-insensitive, and so are userName and emails (they
// are emails), so names are made canonical and those values lowercase before the library compares.
import { filter as toPredicate, parse, type Filter } from 'scim2-parse-filter';
import { ScimError } from './scim-errors.ts';
import type { ScimUser } from './scim-user.ts';

const CANONICAL = new Map(
  [
    'id',
    'externalId',
    'userName',
    'displayName',
    'active',
    'name',
    'name.givenName',
    'name.familyName',
    'name.formatted',
    'emails',
    'emails.value',
    'emails.type',
    'emails.primary',
    'value',
    'type',
    'primary',
    'meta.resourceType',
  ].map((name) => [name.toLowerCase(), name]),
);
const CASE_INSENSITIVE_VALUES = new Set(['userName', 'emails', 'emails.value', 'value']);

function canonical(node: Filter): Filter {
  switch (node.op) {
    case 'and':
    case 'or':
      return { ...node, filters: node.filters.map(canonical) };
    case 'not':
      return { ...node, filter: canonical(node.filter) };
    case '[]':
      return { ...node, attrPath: canonicalName(node.attrPath), valFilter: canonical(node.valFilter) };
    case 'pr':
      return { ...node, attrPath: canonicalName(node.attrPath) };
    default: {
      const attrPath = canonicalName(node.attrPath);
      const compValue =
        typeof node.compValue === 'string' && CASE_INSENSITIVE_VALUES.has(attrPath)
          ? node.compValue.toLowerCase()
          : node.compValue;
      return { ...node, attrPath, compValue };
    }
  }
}

function canonicalName(path: string): string {
  const name = CANONICAL.get(path.toLowerCase());
  if (!name) throw new ScimError(400, `Filtering on "${path}" is not supported`, 'invalidFilter');
  return name;
}

function parsed(filter: string): Filter {
  try {
    return canonical(parse(filter));
  } catch (error) {
    if (error instanceof ScimError) throw error;
    throw new ScimError(400, `The filter is not valid SCIM: ${(error as Error).message}`, 'invalidFilter');
  }
}

/**
 * The one user a filter can name by key — `userName eq`, `emails.value eq` (or `emails[value eq]`),
 * `id eq` — read by its email claim or its key instead of the account's users (Okta sends
 * `userName eq` before every create); undefined for any other filter.
 */
export function scimKeyLookup(filter: string): { email: string } | { userId: string } | undefined {
  const node = parsed(filter);
  const equals = (n: Filter) => (n.op === 'eq' && typeof n.compValue === 'string' ? n : undefined);
  const direct = equals(node);
  if (direct && (direct.attrPath === 'userName' || direct.attrPath === 'emails.value'))
    return { email: direct.compValue as string };
  if (direct && direct.attrPath === 'id') return { userId: direct.compValue as string };
  if (node.op === '[]' && node.attrPath === 'emails') {
    const inner = equals(node.valFilter);
    if (inner && inner.attrPath === 'value') return { email: inner.compValue as string };
  }
  return undefined;
}

/** A predicate over SCIM users for `filter`; 400 invalidFilter for a filter that does not parse or names what users lack. */
export function scimUserFilter(filter: string): (user: ScimUser) => boolean {
  const matches = toPredicate(parsed(filter));
  // Compared as SCIM says: userName and emails without regard to case.
  return (user) =>
    matches({
      ...user,
      userName: user.userName.toLowerCase(),
      emails: user.emails.map((e) => ({ ...e, value: e.value.toLowerCase() })),
    });
}
