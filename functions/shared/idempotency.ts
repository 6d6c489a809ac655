import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, Unavailable } from './errors';
import type { Clock } from './ports';
import { idForReceipt, type ReceiptRef, receiptForKey } from './receipts';
import type { Secrets } from './secrets';
import type { Store } from './store/client';
import { isConditionFailure } from './store/conditions';

/**
 * Public submissions (reports, suggestions) made with an idempotency key need no record of their own:
 * the receipt is derived from the key and the id from the receipt (receipts.ts), so every copy of one
 * submit names the same item before anything is stored, and one conditional write decides which copy
 * stores it. The item keeps an HMAC of the request (`requestHash`) to tell "same body" from "another".
 */
export interface KeyedSubmission {
  receipt: string;
  id: string;
  requestHash: string;
}

export async function keyedSubmission(
  secrets: Secrets,
  request: { scope: string; kind: ReceiptRef['kind']; key: string; body: unknown },
): Promise<KeyedSubmission> {
  const receipt = receiptForKey(await secrets.key('idempotency-key'), request.scope, request.key);
  return {
    receipt,
    id: idForReceipt(await secrets.key('receipt'), request.kind, receipt),
    requestHash: hmac(await secrets.key('idempotency-fingerprint'), canonicalJson(request.body)),
  };
}

/** How a keyed submission's item is written and read back; `requestHash` undefined when absent. */
export interface KeyedWrite {
  put(): Promise<'created' | 'exists'>;
  storedRequestHash(): Promise<string | undefined>;
}

/**
 * Is this submission already stored? true for the same body, false when nothing is stored yet, and
 * Conflict for another body under the same key.
 */
export async function alreadyStored(submission: KeyedSubmission, write: KeyedWrite): Promise<boolean> {
  const stored = await write.storedRequestHash();
  if (stored === undefined) return false;
  if (stored !== submission.requestHash) throw new Conflict('error.idempotency_conflict');
  return true;
}

/**
 * Stores a keyed submission with its one conditional write: 'created' by this copy, 'replay' when a
 * copy with the same body stored it first. If the write fails without saying whether it landed (a
 * timeout, a 5xx), a consistent read settles it: stored with our body is a success, else the failure
 * goes up and the client's retry with the same key converges on the same item.
 */
export async function storeOnce(
  submission: KeyedSubmission,
  write: KeyedWrite,
): Promise<'created' | 'replay'> {
  let outcome: 'created' | 'exists';
  try {
    outcome = await write.put();
  } catch (error) {
    let landed = false;
    try {
      landed = await alreadyStored(submission, write);
    } catch (readError) {
      if (readError instanceof Conflict) throw readError;
    }
    if (landed) return 'replay';
    throw error;
  }
  if (outcome === 'created') return 'created';
  if (await alreadyStored(submission, write)) return 'replay';
  // Stored, then gone before our read (nothing deletes submissions): let the client try again.
  throw new Unavailable();
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
 * Other idempotent POSTs (an officer's status change). The answer is decided first, sealed and
 * recorded under the key with one conditional put, and only then is the work done — itself made of
 * conditional puts named by that answer's ids. So a retry, a double click or ten concurrent copies all
 * read back the one recorded answer and redo the same idempotent writes: one report, one receipt.
 *
 * Nothing in the record gives the answer away: the key is stored as an HMAC, the request as an HMAC
 * of its canonical JSON (to tell "same body" from "another body"), and the answer (which holds the
 * receipt) encrypted with AES-256-GCM under a key derived from the server secret.
 */
export const IDEMPOTENCY_HOURS = 24;

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

export interface IdempotencyPorts {
  idempotency: IdempotencyStore;
  secrets: Secrets;
  clock: Clock;
}

export interface Remembered<A> {
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
  options: {
    /** Runs before a new answer is recorded, never for a replay (api.md: a replay is answered before any limit). */
    beforeRecording?: () => Promise<void>;
  } = {},
): Promise<Remembered<A>> {
  const { id, fingerprint } = await identify(ports, request);
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
    if (round === 0) await options.beforeRecording?.();
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

/**
 * The answer already recorded for (scope, key) and this same body, without recording anything: lets
 * a rate limiter or a challenge answer a replay before it counts it (api.md). Conflict on another body.
 */
export async function recordedAnswer<A>(
  ports: IdempotencyPorts,
  request: { scope: string; key: string; body: unknown },
): Promise<A | undefined> {
  const { id, fingerprint } = await identify(ports, request);
  const existing = await ports.idempotency.get(id);
  if (!existing || existing.expiresAt <= Math.floor(ports.clock.now().getTime() / 1000)) return undefined;
  if (existing.fingerprint !== fingerprint) throw new Conflict('error.idempotency_conflict');
  return JSON.parse(unseal(await ports.secrets.key('idempotency-answer'), id, existing.sealed)) as A;
}

async function identify(
  ports: IdempotencyPorts,
  request: { scope: string; key: string; body: unknown },
): Promise<{ id: string; fingerprint: string }> {
  const keyMac = hmac(await ports.secrets.key('idempotency-key'), `${request.scope}\n${request.key}`);
  return {
    id: `${request.scope}#${keyMac}`,
    fingerprint: hmac(await ports.secrets.key('idempotency-fingerprint'), canonicalJson(request.body)),
  };
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
export const idempotencyKeys = {
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
      try {
        await store.doc.send(
          new PutCommand({
            TableName: store.table,
            Item: { ...idempotencyKeys.record(id), type: 'idempotency', ...rest },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': nowSeconds },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async remove(id, claim) {
      try {
        await store.doc.send(
          new DeleteCommand({
            TableName: store.table,
            Key: idempotencyKeys.record(id),
            ConditionExpression: 'claim = :claim',
            ExpressionAttributeValues: { ':claim': claim },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
