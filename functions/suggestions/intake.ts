import type { Area } from '../areas/area';
import type { Box } from '../boxes/box';
import { ChallengeRequired, InvalidInput } from '../shared/errors';
import {
  type IdempotencyStore,
  type Remembered,
  recordedAnswer,
  rememberAnswer,
} from '../shared/idempotency';
import type { Clock, Ids } from '../shared/ports';
import { formatReceipt, type ReceiptRef, receiptDigest } from '../shared/receipts';
import type { Secrets } from '../shared/secrets';
import { commitWrite, withUndo } from '../shared/undo';
import { type SuggestionStore, tallyFailed } from './ports';
import type { SuggestionInput } from './schema';
import { filing, type Suggestion } from './suggestion';

export interface SuggestionIntakePorts {
  boxes: { getBox(id: string): Promise<Box | undefined> };
  areas: { getArea(code: string): Promise<Area | undefined> };
  suggestions: SuggestionStore;
  receipts: {
    put(digest: string, ref: ReceiptRef, createdAt: string): Promise<'created' | 'exists'>;
    remove(digest: string, ref: ReceiptRef): Promise<void>;
  };
  idempotency: IdempotencyStore;
  secrets: Secrets;
  clock: Clock;
  ids: Ids;
  newReceipt(): string;
  sleep(ms: number): Promise<void>;
}

export interface SubmittedSuggestion {
  id: string;
  /** XXXX-XXXX-XXXX-XXXX; shown once, stored only as a keyed hash. */
  receipt: string;
  status: 'received';
}

interface Promised {
  id: string;
  receipt: string;
  createdAt: string;
}

const SCOPE = 'suggestions';

/**
 * How long a copy of a request that lost the race for its own proof of work waits for the copy that
 * won to record its answer (ten copies of one double-click carry one solution, good once).
 */
const RACE_WAITS_MS = [20, 40, 80, 160, 320];

/**
 * POST /api/suggestions, reusing the reports' intake machinery: the honeypot, the per-client guard
 * (skipped by a replay), the sealed idempotent answer, the receipt pointer (kind 'suggestion'), then
 * the suggestion as the commit point, undone together on a failure. Anonymous always: nothing of the
 * sender is taken, and nobody is texted now (the daily digest counts it).
 */
export async function submitSuggestion(
  input: SuggestionInput,
  request: {
    idempotencyKey?: string | undefined;
    /** The per-client limits and challenges: skipped for a replay, which gets its first answer whatever. */
    admit?: () => Promise<void>;
    /** The request carries a proof of work (a copy refused for it may be racing its twin). */
    proofOffered?: boolean;
  },
  ports: SuggestionIntakePorts,
): Promise<SubmittedSuggestion> {
  if (input.website !== undefined && input.website.trim() !== '') {
    // The honeypot: a bot gets what a person would, and nothing is stored.
    return { id: ports.ids.newId(), receipt: formatReceipt(ports.newReceipt()), status: 'received' };
  }
  // The box first: a bad request costs no proof of work and leaves nothing, not even a spent solution.
  const { box, area } = await checkBox(input.box, ports);
  const admit = request.admit ?? (async () => undefined);
  if (!request.idempotencyKey) await admit();
  const body = normalized(input);
  const now = ports.clock.now();

  let promised: Promised;
  let release: (() => Promise<void>) | undefined;
  if (request.idempotencyKey) {
    const propose = () => ({
      id: ports.ids.newId(),
      receipt: ports.newReceipt(),
      createdAt: now.toISOString(),
    });
    const remembered = await rememberOrAwait(
      ports,
      { key: request.idempotencyKey, body, proofOffered: request.proofOffered === true },
      admit,
      propose,
    );
    promised = remembered.answer;
    // A replay redoes the same conditional writes; only the request that made the promise undoes it.
    if (!remembered.replay) release = remembered.release;
  } else {
    promised = { id: ports.ids.newId(), receipt: ports.newReceipt(), createdAt: now.toISOString() };
  }

  const suggestion: Suggestion = {
    id: promised.id,
    kind: 'online',
    ...filing(box, area),
    text: body.text,
    ...(body.topic ? { topic: body.topic } : {}),
    status: 'received',
    createdAt: promised.createdAt,
    replies: [],
  };
  const digest = receiptDigest(await ports.secrets.key('receipt'), promised.receipt);
  const ref: ReceiptRef = { kind: 'suggestion', id: suggestion.id };
  const stored = await withUndo(async (undo) => {
    if (release) undo.push(release);
    if ((await ports.receipts.put(digest, ref, suggestion.createdAt)) === 'created') {
      undo.push(() => ports.receipts.remove(digest, ref));
    }
    return commitWrite(
      undo,
      () => ports.suggestions.put(suggestion),
      async () => (await ports.suggestions.get(suggestion.id)) !== undefined,
    );
  });
  // Counted once, by the request whose write created it; a lost count is the figures' only risk.
  if (stored === 'created') {
    await ports.suggestions.tally(suggestion, { received: 1, online: 1 }).catch(tallyFailed);
  }
  return { id: promised.id, receipt: formatReceipt(promised.receipt), status: 'received' };
}

async function checkBox(id: string, ports: SuggestionIntakePorts): Promise<{ box: Box; area: Area }> {
  const box = await ports.boxes.getBox(id);
  const area = box ? await ports.areas.getArea(box.area) : undefined;
  if (!box || !area) throw new InvalidInput({ box: { key: 'field.unknown_box' } });
  return { box, area };
}

type Normalized = Pick<SuggestionInput, 'box' | 'text' | 'topic'>;

/** What the suggestion will hold: two bodies meaning the same suggestion are the same body. */
function normalized(input: SuggestionInput): Normalized {
  return { box: input.box, text: input.text, ...(input.topic ? { topic: input.topic } : {}) };
}

/**
 * rememberAnswer, with the guard run only before a new answer is recorded (api.md: a replay is
 * answered before any limit or challenge). Concurrent copies of one submit carry one proof of work:
 * the first spends it, and a copy refused for it waits a moment for that one's answer, which is its own.
 */
async function rememberOrAwait(
  ports: SuggestionIntakePorts,
  keyed: { key: string; body: Normalized; proofOffered: boolean },
  admit: () => Promise<void>,
  propose: () => Promised,
): Promise<Remembered<Promised>> {
  const request = { scope: SCOPE, key: keyed.key, body: keyed.body };
  try {
    return await rememberAnswer<Promised>(ports, request, propose, { beforeRecording: admit });
  } catch (error) {
    // Without a proof there is no twin to wait for: the page's first try, answered at once.
    if (!(error instanceof ChallengeRequired) || !keyed.proofOffered) throw error;
    for (const ms of RACE_WAITS_MS) {
      await ports.sleep(ms);
      const answer = await recordedAnswer<Promised>(ports, request);
      if (answer) return { answer, replay: true, release: async () => undefined };
    }
    throw error;
  }
}
