import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { reportKeys } from '../reports/store';
import type { Store } from '../shared/store/client';
import { conditionHolds } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import type { ApiKey, RequestFacts } from './model';

/**
 * Open311 in the one table:
 * - an app's key:        pk OPEN311KEY#<keyed hash of the key>  sk KEY   (found by one GetItem)
 *     gsi1 OPEN311KEYS / <createdAt>#<id>                             (the admin's list, for `list`/`revoke`)
 * - a key's minute:      pk OPEN311RATE#<id>  sk <UTC minute>            (a number `n`, one item per minute)
 * Reports filed through Open311 are ordinary reports (reports/store.ts); the read routes read only the
 * fields that neither identify nor describe anyone (REQUEST_FIELDS).
 */
const KEY_LIST = 'OPEN311KEYS';

const keys = {
  apiKey: (hash: string) => ({ pk: `OPEN311KEY#${hash}`, sk: 'KEY' }),
  minute: (id: string, minute: string) => ({ pk: `OPEN311RATE#${id}`, sk: minute }),
};

/** How long a minute's counter is worth keeping (read never: TTL tidies up, nothing relies on it). */
const COUNTER_TTL_SECONDS = 3600;

function toApiKey(item: Record<string, unknown>): ApiKey {
  return {
    id: String(item.id),
    app: String(item.app),
    perMinute: Number(item.perMinute),
    createdAt: String(item.createdAt),
    ...(typeof item.revokedAt === 'string' ? { revokedAt: item.revokedAt } : {}),
  };
}

/** The keys of the apps that file reports through Open311. */
export function apiKeyStore(db: Store) {
  return {
    /** The key stored under this hash, revoked or not. */
    async keyByHash(hash: string): Promise<ApiKey | undefined> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.apiKey(hash) }));
      return out.Item ? toApiKey(out.Item) : undefined;
    },

    /** Stores a new key under its hash; false if that hash is taken (never, for 256 random bits). */
    async putKey(hash: string, key: ApiKey): Promise<boolean> {
      return conditionHolds(() =>
        db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: {
              ...keys.apiKey(hash),
              type: 'open311Key',
              ...key,
              gsi1pk: KEY_LIST,
              gsi1sk: `${key.createdAt}#${key.id}`,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },

    /** Every key, oldest first, with the hash it is stored under (to revoke it). */
    async allKeys(): Promise<(ApiKey & { hash: string })[]> {
      const items = await queryAll(db, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :list',
        ExpressionAttributeValues: { ':list': KEY_LIST },
      });
      return items.map((item) => ({ ...toApiKey(item), hash: String(item.pk).slice('OPEN311KEY#'.length) }));
    },

    /** Marks a key revoked (once: a second revoke keeps the first date); false if there is no such key. */
    async revoke(hash: string, at: string): Promise<boolean> {
      return conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.apiKey(hash),
            UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      );
    },
  };
}

export type ApiKeyStore = ReturnType<typeof apiKeyStore>;

/** Each key's per-minute count, shared by every server (an in-memory count would be per container). */
export function keyRateStore(db: Store) {
  return {
    /**
     * Counts one request of the key in this minute; false when the minute already holds `limit`. A
     * number, added to in place: the item stays a few bytes however busy the key.
     */
    async takeOne(id: string, minute: string, limit: number, nowSeconds: number): Promise<boolean> {
      return conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.minute(id, minute),
            UpdateExpression: 'SET #type = :type, expiresAt = :expires ADD #n :one',
            ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
            ExpressionAttributeNames: { '#type': 'type', '#n': 'n' },
            ExpressionAttributeValues: {
              ':type': 'open311Rate',
              ':expires': nowSeconds + COUNTER_TTL_SECONDS,
              ':one': 1,
              ':limit': limit,
            },
          }),
        ),
      );
    },
  };
}

/**
 * The only fields of a report the read routes fetch: what the case is about as a category, where as a
 * place, and when it moved. Never its words, contact, place text or who took it.
 */
const REQUEST_FIELDS = [
  'id',
  'status',
  'category',
  'categoryLabel',
  'area',
  'areaName',
  'parentName',
  'ancestors',
  'createdAt',
  'updatedAt',
  'acknowledgedAt',
  'settledAt',
  'duplicateOf',
] as const;

/** A report's facts for the read routes, or undefined. */
export async function requestFacts(db: Store, reportId: string): Promise<RequestFacts | undefined> {
  const names = Object.fromEntries(REQUEST_FIELDS.map((field) => [`#${field}`, field]));
  const out = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: reportKeys.report(reportId),
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: names,
    }),
  );
  if (!out.Item) return undefined;
  const facts: Record<string, unknown> = {};
  for (const field of REQUEST_FIELDS) if (out.Item[field] !== undefined) facts[field] = out.Item[field];
  return facts as unknown as RequestFacts;
}
