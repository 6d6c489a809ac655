import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, Unavailable } from './errors';
import type { Clock } from './ports';
import type { Secrets } from './secrets';
import type { Store } from './store/client';
import { conditionHolds } from './store/conditions';

/**
 * Idempotency keys, two ways. The public intake (reports, suggestions: submit-once.ts) keeps no record:
 * the item's id follows from the key, and the item keeps its request's fingerprint (`requestHash`).
 * Other idempotent POSTs (an officer's status change) record their answer under the key (below).
 */

/** An HMAC of a request's canonical JSON: tells "the same body" from "another body" without keeping it. */
export async function requestFingerprint(secrets: Secrets, body: unknown): Promise<string> {
  return hmac(await secrets.key('idempotency-fingerprint'), canonicalJson(body));
}

/**
 * A consistent read of what the submission stored under `key` was sent with: its request hash ('' for
 * one sent without a key), undefined when nothing is stored there. Reports and suggestions alike.
 */
export async function storedRequestHash(
  store: Store,
  key: { pk: string; sk: string },
): Promise<string | undefined> {
  const out = await store.doc.send(
    new GetCommand({
      TableName: store.table,
      Key: key,
      ProjectionExpression: 'pk, requestHash',
      ConsistentRead: true,
    }),
  );
  if (!out.Item) return undefined;
  return (out.Item.requestHash as string | undefined) ?? '';
}

/**
 * An idempotent POST that records its answer (an officer's status change): the answer is decided
 * first, sealed and recorded under the key with one conditional put, and only then is the work done,
 * itself made of conditional writes named by that answer's ids. So a retry, a double click or ten
 * concurrent copies all read back the one recorded answer and redo the same idempotent writes.
 *
 * Nothing in the record can be read back as the key, the request or the answer: the key is stored as
 * an HMAC, the request as its fingerprint, and the answer encrypted with AES-256-GCM under a key derived from the server secret.
 */
const IDEMPOTENCY_HOURS = 24;

export interface IdempotencyRecord {
  /** `<scope>#<HMAC of the key>` */
  id: string;
  fingerprint: string;
  /** base64url(iv | tag | ciphertext) */
  sealed: string;
  /** A random tag of this write, so that only its writer may undo it. */
  claim: string;
  createdAt: string;
  /** Epoch seconds; a record past this is treated as absent (TTL deletes it some day, or never). */
  expiresAt: number;
}

export interface IdempotencyStore {
  get(id: string): Promise<IdempotencyRecord | undefined>;
  /** Writes the record unless a live one (expiresAt > nowSeconds) holds the id; false when one does. */
  putIfAbsent(record: IdempotencyRecord, nowSeconds: number): Promise<boolean>;
  /** Removes the record if it is still the one with this claim. */
  remove(id: string, claim: string): Promise<void>;
}

interface IdempotencyPorts {
  idempotency: IdempotencyStore;
  secrets: Secrets;
  clock: Clock;
}

interface Remembered<A> {
  answer: A;
  /** True when this is a repeat: the answer was decided by an earlier request with the same key. */
  replay: boolean;
  /** Undoes the record when the work it promised failed (a no-op for a replay). */
  release(): Promise<void>;
}

/**
 * Answers a request made with an idempotency key: the first answer ever recorded for (scope, key),
 * or `propose()`'s answer, recorded now. The same key with another request → Conflict.
 */
export async function rememberAnswer<A>(
  ports: IdempotencyPorts,
  request: { scope: string; key: string; body: unknown },
  propose: () => A,
): Promise<Remembered<A>> {
  const keyMac = hmac(await ports.secrets.key('idempotency-key'), `${request.scope}\n${request.key}`);
  const id = `${request.scope}#${keyMac}`;
  const fingerprint = await requestFingerprint(ports.secrets, request.body);
  const sealKey = await ports.secrets.key('idempotency-answer');
  const noop = async () => undefined;

  // Two rounds: a live record is replayed; a put that loses a race reads the winner's record.
  for (let round = 0; round < 2; round++) {
    const now = ports.clock.now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const existing = await ports.idempotency.get(id);
    if (existing && existing.expiresAt > nowSeconds) {
      if (existing.fingerprint !== fingerprint) throw new Conflict('error.idempotency_conflict');
      return { answer: JSON.parse(unseal(sealKey, id, existing.sealed)) as A, replay: true, release: noop };
    }
    const answer = propose();
    const record: IdempotencyRecord = {
      id,
      fingerprint,
      sealed: seal(sealKey, id, JSON.stringify(answer)),
      claim: randomBytes(12).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: nowSeconds + IDEMPOTENCY_HOURS * 3600,
    };
    if (await ports.idempotency.putIfAbsent(record, nowSeconds)) {
      return { answer, replay: false, release: () => ports.idempotency.remove(id, record.claim) };
    }
  }
  // Only reachable if a record appears and vanishes between our reads: let the client retry.
  throw new Unavailable();
}

function hmac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64url');
}

/** JSON with object keys sorted and undefined left out: the same parsed body gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/** AES-256-GCM; the record id is bound in as associated data, so a sealed answer cannot be moved. */
export function seal(key: Buffer, id: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(id, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function unseal(key: Buffer, id: string, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(id, 'utf8'));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

/** The records in the one table: pk IDEM#<scope>#<HMAC of key>, sk IDEM. */
const idempotencyKeys = {
  record: (id: string) => ({ pk: `IDEM#${id}`, sk: 'IDEM' }),
};

export function dynamoIdempotencyStore(store: Store): IdempotencyStore {
  return {
    async get(id) {
      const out = await store.doc.send(
        new GetCommand({ TableName: store.table, Key: idempotencyKeys.record(id), ConsistentRead: true }),
      );
      if (!out.Item) return undefined;
      const item = out.Item;
      return {
        id,
        fingerprint: item.fingerprint as string,
        sealed: item.sealed as string,
        claim: item.claim as string,
        createdAt: item.createdAt as string,
        expiresAt: Number(item.expiresAt),
      };
    },
    async putIfAbsent(record, nowSeconds) {
      const { id, ...rest } = record;
      return conditionHolds(() =>
        store.doc.send(
          new PutCommand({
            TableName: store.table,
            Item: { ...idempotencyKeys.record(id), type: 'idempotency', ...rest },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': nowSeconds },
          }),
        ),
      );
    },
    async remove(id, claim) {
      await conditionHolds(() =>
        store.doc.send(
          new DeleteCommand({
            TableName: store.table,
            Key: idempotencyKeys.record(id),
            ConditionExpression: 'claim = :claim',
            ExpressionAttributeValues: { ':claim': claim },
          }),
        ),
      );
    },
  };
}
