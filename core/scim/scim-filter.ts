// SCIM filters (RFC 7644 §3.4.2.2) on the users offboard shows over SCIM, parsed by
// scim2-parse-filter. Attribute names are case-insensitive, and so are userName and emails (they
// are emails), so names are made canonical and those values lowercase before the library compares.
import { filter as toPredicate, parse, type Filter } from 'scim2-parse-filter';
import { ScimError } from './scim-errors.ts';
import { SCIM_ENTERPRISE_SCHEMA, type ScimUser } from './scim-user.ts';

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
    `${SCIM_ENTERPRISE_SCHEMA}:employeeNumber`,
    `${SCIM_ENTERPRISE_SCHEMA}:department`,
    `${SCIM_ENTERPRISE_SCHEMA}:manager.value`,
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

export type ScimKeyLookup =
  { email: string } | { userId: string } | { externalId: string } | { employeeNumber: string } | { department: string };

/**
 * The key a filter names its users by — `userName eq`, `emails.value eq` (or `emails[value eq]`),
 * `externalId eq`, `id eq`, the enterprise `employeeNumber eq` or `department eq` (look-up claims),
 * alone or and-ed with other conditions (which then narrow what the key
 * finds). Any other filter would read the whole account: 400 invalidFilter.
 */
export function scimKeyLookup(filter: string): ScimKeyLookup {
  const lookup = keyOf(parsed(filter));
  if (!lookup)
    throw new ScimError(
      400,
      'offboard answers filters that name users by userName, emails.value, externalId, id or the enterprise employeeNumber or department (eq), alone or and-ed with other conditions',
      'invalidFilter',
    );
  return lookup;
}

function keyOf(node: Filter): ScimKeyLookup | undefined {
  if (node.op === 'and') {
    for (const inner of node.filters) {
      const lookup = keyOf(inner);
      if (lookup) return lookup;
    }
    return undefined;
  }
  if (node.op === '[]' && node.attrPath === 'emails') {
    const inner = node.valFilter;
    return inner.op === 'eq' && inner.attrPath === 'value' && typeof inner.compValue === 'string'
      ? { email: inner.compValue }
      : undefined;
  }
  if (node.op !== 'eq' || typeof node.compValue !== 'string') return undefined;
  if (node.attrPath === 'userName' || node.attrPath === 'emails.value') return { email: node.compValue };
  if (node.attrPath === 'externalId') return { externalId: node.compValue };
  if (node.attrPath === `${SCIM_ENTERPRISE_SCHEMA}:employeeNumber`) return { employeeNumber: node.compValue };
  if (node.attrPath === `${SCIM_ENTERPRISE_SCHEMA}:department`) return { department: node.compValue };
  if (node.attrPath === 'id') return { userId: node.compValue };
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
