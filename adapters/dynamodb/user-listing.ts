// The account's users a page at a time, from the live-users index (keys.ts) and, for a search,
// the email claims — never the account's partition, so neither its size nor its history of
// removed users changes what a page costs.
//
// A page is a merge of sorted streams: one per status asked for (the index's partitions, by name
// key) and, with `q`, the email claims from `q` on (by email, skipping users the name search finds).
// Each stream reads one Query of a little more than a page; the merge hands out entries in
// (key, stream) order only up to the nearest point some stream has not read past, so an entry can
// never be skipped, and the cursor is that point. Without `q`, a list may also run by email (the
// claims alone) and either way descending (SCIM's sortBy/sortOrder): the same merge, keys reversed. Writes between pages move a user at most to a
// place already passed (it is then missing from this walk) or still ahead (it is met once).
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LIVE_USER_STATUSES, ListedUserSchema, type ListedUser } from '#core/model/index.ts';
import { userOrderName, type UserFilter, type UserOrder, type UserPage } from '#core/ports.ts';
import * as k from './keys.ts';
import { decodeCursor, encodeCursor } from './cursors.ts';
import { batchGetAll } from './item-io.ts';
import { KEY_TOP as TOP } from './key-prefix.ts';
import type { Item } from './query-all.ts';
import { LISTED_USER_ATTRIBUTES, TABLE_DESIGN } from './table-design.ts';

/** The email stream reads more than a page: the claims of users the name search finds are filtered out. */
const EMAIL_READ_FACTOR = 4;

interface Entry {
  key: string;
  stream: number;
  userId: string;
  /** From the index: the user as listed. Email matches are read after the merge. */
  user?: ListedUser;
}
interface Position {
  key: string;
  stream: number;
}
interface StreamRead {
  entries: Entry[];
  /** The last key the Query read; null once the stream has nothing left. */
  horizon: Position | null;
}

/** Keys compare as DynamoDB compares them: by their UTF-8 bytes. */
const compareKeys = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
/** Positions in the walk's direction: a later one compares greater, either way. */
const ordering = (descending: boolean) => {
  const sign = descending ? -1 : 1;
  const compare = (a: Position, b: Position) => sign * (compareKeys(a.key, b.key) || a.stream - b.stream);
  const after = (entry: Position, from: Position | undefined) => !from || compare(entry, from) > 0;
  return { compare, after };
};

const DEFAULT_ORDER: UserOrder = { by: 'name', descending: false };

/**
 * A cursor names its account (one handed out for another account's list is refused, not
 * reinterpreted) and, beyond the default, its order (a cursor of one order is not a place in another).
 */
const cursorShape = (accountId: string, order: UserOrder) => ({
  account: accountId,
  after: /^[^]{1,1200}$/,
  stream: /^\d$/,
  ...(userOrderName(order) === userOrderName(DEFAULT_ORDER) ? {} : { order: userOrderName(order) }),
});

export async function listUsersPage(
  db: DynamoDBDocumentClient,
  tableName: string,
  accountId: string,
  filter: UserFilter,
  limit: number,
  cursor?: string,
): Promise<UserPage> {
  const q = filter.q?.toLowerCase();
  // A search runs by name, then email, ascending; an order is for the whole list.
  const order = q ? DEFAULT_ORDER : (filter.order ?? DEFAULT_ORDER);
  const { compare } = ordering(order.descending);
  const shape = cursorShape(accountId, order);
  const from = cursor ? toPosition(decodeCursor(cursor, shape, 'this list of users')) : undefined;
  const statuses = filter.status ? [filter.status] : LIVE_USER_STATUSES;
  const { descending } = order;
  const reads = await Promise.all(
    order.by === 'email'
      ? [readEmails(db, tableName, { accountId, q: '', stream: 0, from, limit, descending })]
      : [
          ...statuses.map((status, stream) =>
            readNames(db, tableName, { accountId, status, q, stream, from, limit, descending }),
          ),
          ...(q ? [readEmails(db, tableName, { accountId, q, stream: statuses.length, from, limit, descending })] : []),
        ],
  );

  const horizon = reads
    .map((read) => read.horizon)
    .filter((h): h is Position => h !== null)
    .sort(compare)[0];
  const ready = reads
    .flatMap((read) => read.entries)
    .filter((entry) => !horizon || compare(entry, horizon) <= 0)
    .sort(compare);
  const taken = ready.slice(0, limit);
  const last = taken.at(-1);
  const nextFrom = taken.length === limit && (ready.length > limit || horizon) ? last : horizon;

  const users = await hydrate(db, tableName, accountId, taken, filter, q);
  return {
    users,
    nextCursor: nextFrom
      ? encodeCursor({
          ...shape,
          account: accountId,
          after: nextFrom.key,
          stream: String(nextFrom.stream),
        })
      : null,
  };
}

function toPosition(cursor: Record<string, unknown>): Position {
  return { key: String(cursor.after), stream: Number(cursor.stream) };
}

/** The lowest key a stream must read from: its prefix, or the cursor's key if that is further. */
const lowerBound = (prefix: string, from: Position | undefined) =>
  from && compareKeys(from.key, prefix) > 0 ? from.key : prefix;

/**
 * The key range a stream reads, in its direction: ascending from the cursor (or the prefix) to the
 * prefix's end; descending from the cursor (or the prefix's end) down to the prefix. The cursor's own
 * key is in the range (BETWEEN is inclusive) and dropped after the read.
 */
function keyRange(prefix: string, from: Position | undefined, descending: boolean) {
  if (!descending) return { low: lowerBound(prefix, from), high: `${prefix}${TOP}` };
  return { low: prefix, high: from ? from.key : `${prefix}${TOP}` };
}

async function readNames(
  db: DynamoDBDocumentClient,
  tableName: string,
  args: {
    accountId: string;
    status: (typeof LIVE_USER_STATUSES)[number];
    q: string | undefined;
    stream: number;
    from: Position | undefined;
    limit: number;
    descending: boolean;
  },
): Promise<StreamRead> {
  const { gsi2 } = TABLE_DESIGN;
  const prefix = args.q ?? '';
  // An empty string is no DynamoDB key value: the first page of the whole list has only an upper bound.
  const { low, high } = keyRange(prefix, args.from, args.descending);
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: gsi2.name,
      KeyConditionExpression: low
        ? 'gsi2pk = :pk AND gsi2sk BETWEEN :low AND :high'
        : 'gsi2pk = :pk AND gsi2sk <= :high',
      ExpressionAttributeValues: {
        ':pk': k.liveUsersIndexPk(args.accountId, args.status),
        ...(low ? { ':low': low } : {}),
        ':high': high,
      },
      ScanIndexForward: !args.descending,
      // One more than a page, and one for the cursor's own entry, which this read may meet again.
      Limit: args.limit + 2,
    }),
  );
  const { after } = ordering(args.descending);
  const entries = (out.Items ?? [])
    .map((item): Entry => {
      const user = ListedUserSchema.parse(pick(item));
      return { key: String(item.gsi2sk), stream: args.stream, userId: user.userId, user };
    })
    .filter((entry) => after(entry, args.from));
  return {
    entries,
    horizon: out.LastEvaluatedKey ? { key: String(out.LastEvaluatedKey.gsi2sk), stream: args.stream } : null,
  };
}

async function readEmails(
  db: DynamoDBDocumentClient,
  tableName: string,
  args: {
    accountId: string;
    /** A search's prefix (users its name search finds are left out), or '' for the list by email. */
    q: string;
    stream: number;
    from: Position | undefined;
    limit: number;
    descending: boolean;
  },
): Promise<StreamRead> {
  const prefix = `${k.EMAIL_SK_PREFIX}${args.q}`;
  const from = args.from && { ...args.from, key: `${k.EMAIL_SK_PREFIX}${args.from.key}` };
  const { low, high } = keyRange(prefix, from, args.descending);
  const searching = args.q !== '';
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      // A user whose name starts with q is the name search's: listed there, not twice.
      ...(searching ? { FilterExpression: 'NOT begins_with(nameKey, :q)' } : {}),
      ExpressionAttributeValues: {
        ':pk': k.accountPk(args.accountId),
        ':low': low,
        ':high': high,
        ...(searching ? { ':q': args.q } : {}),
      },
      ScanIndexForward: !args.descending,
      Limit: searching ? (args.limit + 2) * EMAIL_READ_FACTOR : args.limit + 2,
      ConsistentRead: true,
    }),
  );
  const { after } = ordering(args.descending);
  const emailOf = (sk: unknown) => String(sk).slice(k.EMAIL_SK_PREFIX.length);
  const entries = (out.Items ?? [])
    .map((item): Entry => ({ key: emailOf(item.sk), stream: args.stream, userId: String(item.userId) }))
    .filter((entry) => after(entry, args.from));
  return {
    entries,
    horizon: out.LastEvaluatedKey ? { key: emailOf(out.LastEvaluatedKey.sk), stream: args.stream } : null,
  };
}

/**
 * The page's users in merge order: name matches as the index has them, email matches read by key
 * (one BatchGet). An index entry may trail its user by a moment (eventually consistent), so a user
 * met twice is listed once, and one whose email match shows it removed, or of another status, not at all.
 */
async function hydrate(
  db: DynamoDBDocumentClient,
  tableName: string,
  accountId: string,
  entries: Entry[],
  filter: UserFilter,
  q: string | undefined,
): Promise<ListedUser[]> {
  const toRead = entries.filter((entry) => !entry.user).map((entry) => entry.userId);
  const read = toRead.length
    ? await batchGetAll(
        db,
        tableName,
        [...new Set(toRead)].map((userId) => k.key(k.accountPk(accountId), k.userSk(userId))),
        LISTED_USER_ATTRIBUTES,
      )
    : [];
  const byId = new Map(read.map((item) => [String(item.userId), ListedUserSchema.parse(pick(item))]));
  const seen = new Set<string>();
  const users: ListedUser[] = [];
  for (const entry of entries) {
    const user = entry.user ?? byId.get(entry.userId);
    if (!user || seen.has(user.userId) || user.status === 'REMOVED') continue;
    if (filter.status && user.status !== filter.status) continue;
    // A claim written before claims carried the name key: its name match is listed by the index.
    if (!entry.user && q && k.nameKey(user.displayName).startsWith(q)) continue;
    seen.add(user.userId);
    users.push(user);
  }
  return users;
}

const pick = (item: Item) =>
  Object.fromEntries(
    LISTED_USER_ATTRIBUTES.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]),
  );
