import { ChallengeRequired, Conflict, Unavailable } from './errors';
import { outcomeUnknown } from './faults';
import { requestFingerprint } from './idempotency';
import { errorName, log } from './log';
import { formatReceipt, idForReceipt, type ReceiptRef, receiptForKey } from './receipts';
import type { Secrets } from './secrets';

/**
 * The public intake's one way of storing a submission (a report, a suggestion) once. Its id is a keyed
 * hash of its receipt (receipts.ts), so one conditional write of one item stores it with everything a
 * follow-up needs. With an idempotency key the receipt is derived from the key: every copy of one
 * submit names the same item before anything is stored, the write decides which copy stores it, and
 * the item keeps its request's fingerprint (`requestHash`) to tell "same body" from "another".
 */

/** The answer to a submission. */
export interface Submitted {
  id: string;
  /** Formatted XXXX-XXXX-XXXX-XXXX; shown once, never stored (the id is a keyed hash of it). */
  receipt: string;
  status: 'received';
}

/** Where an intake's items go. */
interface OnceStore<T> {
  /** Stores a new item unless one has its id; `requestHash` marks a keyed submission's body. */
  put(item: T, requestHash?: string): Promise<'created' | 'exists'>;
  /** A consistent read of a stored item's request hash ('' when sent without a key); undefined if absent. */
  storedRequestHash(id: string): Promise<string | undefined>;
}

/** What an intake stores, once its own checks have passed. */
interface Intake<T> {
  /** What the item will hold, normalized, so that two bodies meaning the same item are the same body. */
  body: unknown;
  /** The item, filed under the id its receipt names. */
  item(id: string): T;
  store: OnceStore<T>;
  /**
   * Without an idempotency key, a step before the write (reports take their text's duplicate slot):
   * the item to write, and how to take the step back if the write fails.
   */
  beforeFreshWrite?(item: T): Promise<{ item: T; undo?: () => Promise<void> }>;
}

interface SubmitRequest {
  kind: ReceiptRef['kind'];
  /** The honeypot field: people never see it; a filled one is answered as a success and stores nothing. */
  honeypot: string | undefined;
  idempotencyKey?: string | undefined;
  /** The per-client limits and challenges: skipped for a replay, which gets its first answer whatever. */
  admit?: () => Promise<void>;
  /** The request carries a proof of work (a copy refused for it may be racing its twin). */
  proofOffered?: boolean;
}

export interface SubmitOncePorts {
  secrets: Secrets;
  newReceipt(): string;
  sleep(ms: number): Promise<void>;
}

/** Keeps the receipts of a report's and a suggestion's key apart. */
const SCOPES = { report: 'reports', suggestion: 'suggestions' } as const;

/**
 * How long a copy of a request that lost the race for its own proof of work waits for the copy that
 * won to store it (ten copies of one double-click carry one solution, good once): 1.26 s in all, for a
 * winner slowed by its nine twins on a busy container, and no longer, since a spent proof sent again
 * costs this wait each time.
 */
const RACE_WAITS_MS = [20, 40, 80, 160, 320, 640];

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Takes one submission: the honeypot, then the intake's own checks (`check`, so that a bad request
 * costs no proof of work and leaves nothing), then the guard (a replay is answered before it, api.md),
 * then the one write. `created` is the item this request stored, undefined for a replay.
 */
export async function submitOnce<T>(
  request: SubmitRequest,
  check: () => Promise<Intake<T>>,
  ports: SubmitOncePorts,
): Promise<{ answer: Submitted; created: T | undefined }> {
  const receiptKey = await ports.secrets.key('receipt');
  if (request.honeypot !== undefined && request.honeypot.trim() !== '') {
    // A bot gets what a person would, and nothing is stored.
    const receipt = ports.newReceipt();
    return { answer: answer(idForReceipt(receiptKey, request.kind, receipt), receipt), created: undefined };
  }
  const intake = await check();
  const admit = request.admit ?? (async () => undefined);

  if (!request.idempotencyKey) {
    await admit();
    const receipt = ports.newReceipt();
    const id = idForReceipt(receiptKey, request.kind, receipt);
    const fresh = intake.item(id);
    const { item, undo } = intake.beforeFreshWrite ? await intake.beforeFreshWrite(fresh) : { item: fresh };
    let outcome: 'created' | 'exists';
    try {
      outcome = await intake.store.put(item);
    } catch (error) {
      if (undo) await undoUnlessLanded(undo, error, () => intake.store.storedRequestHash(id));
      throw error;
    }
    if (outcome === 'exists') {
      // A fresh 80-bit id taken: a collision, never a replay. The write stays conditional all the same.
      if (undo) await undoLogged(undo);
      throw new Unavailable();
    }
    return { answer: answer(id, receipt), created: item };
  }

  const { id, receipt } = await keyedSubmission(request.kind, request.idempotencyKey, ports.secrets);
  const keyed = { id, requestHash: await requestFingerprint(ports.secrets, intake.body) };
  const item = intake.item(keyed.id);
  const replayed = { answer: answer(keyed.id, receipt), created: undefined };
  if (await admittedOrReplayed(keyed, intake.store, admit, request.proofOffered === true, ports)) {
    return replayed;
  }
  let outcome: 'created' | 'exists';
  try {
    outcome = await intake.store.put(item, keyed.requestHash);
  } catch (error) {
    // The write may have landed without our hearing of it: a consistent read settles it. Otherwise the
    // failure goes up, and the client's retry with the same key converges on the same item.
    if (await alreadyStored(keyed, intake.store).catch(rethrowConflict)) return replayed;
    throw error;
  }
  if (outcome === 'created') return { answer: answer(keyed.id, receipt), created: item };
  if (await alreadyStored(keyed, intake.store)) return replayed;
  // Stored, then gone before our read (nothing deletes submissions): let the client try again.
  throw new Unavailable();
}

/**
 * The id (and receipt) a keyed submission is stored under, known from its idempotency key alone: what
 * lets an intake tell a replay before reading the body's references (Open311's place search).
 */
export async function keyedSubmission(
  kind: ReceiptRef['kind'],
  idempotencyKey: string,
  secrets: Secrets,
): Promise<{ id: string; receipt: string }> {
  const receipt = receiptForKey(await secrets.key('idempotency-key'), SCOPES[kind], idempotencyKey);
  return { id: idForReceipt(await secrets.key('receipt'), kind, receipt), receipt };
}

function answer(id: string, receipt: string): Submitted {
  return { id, receipt: formatReceipt(receipt), status: 'received' };
}

interface Keyed {
  id: string;
  requestHash: string;
}

/**
 * Is this submission already stored? true for the same body, false when nothing is stored yet, and
 * Conflict for another body under the same key (or a key whose item was stored without one).
 */
async function alreadyStored(keyed: Keyed, store: OnceStore<unknown>): Promise<boolean> {
  const stored = await store.storedRequestHash(keyed.id);
  if (stored === undefined) return false;
  if (stored !== keyed.requestHash) throw new Conflict('error.idempotency_conflict');
  return true;
}

/** A read-back that failed after a failed write says nothing, unless it says "another body". */
function rethrowConflict(error: unknown): false {
  if (error instanceof Conflict) throw error;
  return false;
}

/**
 * Runs the guard, unless this is a replay: true when the submission is already stored. Concurrent
 * copies of one submit carry one proof of work: the first spends it, and a copy refused for it waits a
 * moment for that one's write, which is its own.
 */
async function admittedOrReplayed(
  keyed: Keyed,
  store: OnceStore<unknown>,
  admit: () => Promise<void>,
  proofOffered: boolean,
  ports: SubmitOncePorts,
): Promise<boolean> {
  try {
    await admit();
    return false;
  } catch (refusal) {
    if (await alreadyStored(keyed, store)) return true;
    // Without a proof there is no twin to wait for: the page's first try, answered at once.
    if (!(refusal instanceof ChallengeRequired) || !proofOffered) throw refusal;
    for (const ms of RACE_WAITS_MS) {
      await ports.sleep(ms);
      if (await alreadyStored(keyed, store)) return true;
    }
    throw refusal;
  }
}

/**
 * After a failed write of a fresh item, takes back the step before it, unless the write may have
 * landed (a timeout, a reset connection, a 5xx) and is there, or the read fails too: undoing what a
 * stored item depends on (its duplicate slot) could let a retry store it twice, while a retry redoes
 * the same conditional writes and converges on it.
 */
async function undoUnlessLanded(
  undo: () => Promise<void>,
  error: unknown,
  storedRequestHash: () => Promise<string | undefined>,
): Promise<void> {
  if (
    outcomeUnknown(error) &&
    (await storedRequestHash().then(
      (hash) => hash !== undefined,
      () => true,
    ))
  ) {
    log.warn('commit write may have landed: earlier writes kept', { error: errorName(error) });
    return;
  }
  await undoLogged(undo);
}

/** An undo that fails itself is logged (by name only); the write's own failure is what goes up. */
async function undoLogged(undo: () => Promise<void>): Promise<void> {
  await undo().catch((undoError: unknown) =>
    log.error('could not undo a partial write', { error: errorName(undoError) }),
  );
}
