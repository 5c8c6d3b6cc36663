// EventBridge event-pattern matching for the local bus, on the same pattern objects the CDK rules
// use (aws-cdk-lib's EventPattern, camelCase top-level keys). Supports what our rules use: exact
// values, prefix, anything-but and exists, at any depth of the detail.
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import type { EventEnvelope } from './event-bus.ts';

type Matcher =
  string | number | boolean | null | { prefix: string } | { 'anything-but': unknown } | { exists: boolean };

/** CDK's camelCase keys → the envelope's field names. */
const ENVELOPE_FIELDS: Record<string, string> = {
  detailType: 'detail-type',
  source: 'source',
  account: 'account',
  region: 'region',
  resources: 'resources',
  id: 'id',
  time: 'time',
  version: 'version',
  detail: 'detail',
};

function matchesValue(matcher: Matcher, value: unknown): boolean {
  if (matcher !== null && typeof matcher === 'object') {
    if ('prefix' in matcher) return typeof value === 'string' && value.startsWith(matcher.prefix);
    if ('anything-but' in matcher) return ![matcher['anything-but']].flat().includes(value);
    throw new Error(`Unsupported pattern operator ${JSON.stringify(matcher)} in the local bus`);
  }
  return matcher === value;
}

/** A field matches when any of its matchers does; for an array value, any of its elements. */
function matchesField(matchers: Matcher[], value: unknown, present: boolean): boolean {
  return matchers.some((matcher) => {
    if (matcher !== null && typeof matcher === 'object' && 'exists' in matcher) return matcher.exists === present;
    if (!present) return false;
    return (Array.isArray(value) ? value : [value]).some((v) => matchesValue(matcher, v));
  });
}

function matchesObject(pattern: Record<string, unknown>, target: Record<string, unknown> | undefined): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    const present = target !== undefined && Object.prototype.hasOwnProperty.call(target, key);
    const value = target?.[key];
    if (Array.isArray(rule)) return matchesField(rule as Matcher[], value, present);
    if (rule && typeof rule === 'object')
      return matchesObject(rule as Record<string, unknown>, value as Record<string, unknown> | undefined);
    throw new Error(`Pattern field ${key} must be an array of matchers or an object`);
  });
}

export function matchesPattern(pattern: EventPattern, event: EventEnvelope): boolean {
  const normalised = Object.fromEntries(
    Object.entries(pattern).map(([key, rule]) => [ENVELOPE_FIELDS[key] ?? key, rule]),
  );
  return matchesObject(normalised, event as unknown as Record<string, unknown>);
}
