// Opaque page cursors: a Query's LastEvaluatedKey, base64url. A cursor coming back is accepted only
// if it is a key this very list could have handed out — the same attribute names, its partition
// values, sort keys of its shape — so a forged cursor cannot start a Query in another tenant's
// partition (VALIDATION_FAILED instead).
import { ValidationFailedError } from '#core/errors.ts';

type Key = Record<string, unknown>;

export const encodeCursor = (key: Key): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** `expected`: each attribute of the key, its exact value or the pattern its value must match. */
export function decodeCursor(cursor: string, expected: Record<string, string | RegExp>, what: string): Key {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Key;
    const names = Object.keys(expected);
    const fits =
      key !== null &&
      typeof key === 'object' &&
      Object.keys(key).length === names.length &&
      names.every((name) => {
        const value = key[name];
        const want = expected[name];
        return typeof value === 'string' && (typeof want === 'string' ? value === want : want!.test(value));
      });
    if (fits) return key;
  } catch {
    // fall through to the refusal
  }
  throw new ValidationFailedError('The cursor is not valid', [{ path: 'cursor', message: `not a cursor of ${what}` }]);
}

/**
 * A page of a Query made with `Limit: limit + 1`: the extra item only says whether another page
 * follows, so the last page's cursor is null (DynamoDB alone answers a key whenever the limit is
 * reached, even with nothing after it). `keyNames`: the key attributes of the Query (its index's too).
 */
export function pageOf<T extends Key>(
  items: T[],
  limit: number,
  lastKey: Key | undefined,
  keyNames: readonly string[],
): { items: T[]; nextCursor: string | null } {
  if (items.length > limit) {
    const page = items.slice(0, limit);
    const last = page[page.length - 1] as T;
    return { items: page, nextCursor: encodeCursor(Object.fromEntries(keyNames.map((name) => [name, last[name]]))) };
  }
  return { items, nextCursor: lastKey ? encodeCursor(lastKey) : null };
}

export const TABLE_KEY = ['pk', 'sk'] as const;
export const INDEX_KEY = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;
export const NAME_INDEX_KEY = ['pk', 'sk', 'gsi2pk', 'gsi2sk'] as const;
