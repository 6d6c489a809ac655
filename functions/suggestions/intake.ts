import type { Area } from '../areas/model';
import type { Box } from '../boxes/box';
import type { Submitted } from '../reports/intake';
import { ChallengeRequired, InvalidInput, Unavailable } from '../shared/errors';
import {
  alreadyStored,
  type KeyedSubmission,
  type KeyedWrite,
  keyedSubmission,
  storeOnce,
} from '../shared/idempotency';
import type { Clock } from '../shared/ports';
import { formatReceipt, idForReceipt } from '../shared/receipts';
import type { Secrets } from '../shared/secrets';
import { filing, type Suggestion } from './model';
import { type SuggestionStore, tallyFailed } from './ports';
import type { SuggestionInput } from './schema';

export interface SuggestionIntakePorts {
  boxes: { getBox(id: string): Promise<Box | undefined> };
  areas: { getArea(code: string): Promise<Area | undefined> };
  suggestions: SuggestionStore;
  secrets: Secrets;
  clock: Clock;
  newReceipt(): string;
  sleep(ms: number): Promise<void>;
}

export type SubmittedSuggestion = Submitted;

const SCOPE = 'suggestions';

/**
 * How long a copy of a request that lost the race for its own proof of work waits for the copy that
 * won to store it (ten copies of one double-click carry one solution, good once).
 */
const RACE_WAITS_MS = [20, 40, 80, 160, 320];

/**
 * POST /api/suggestions, the way reports are taken (reports/intake.ts): the honeypot, the per-client
 * guard (skipped by a replay), and one write of the suggestion under the id its receipt names — with
 * an idempotency key, a receipt derived from the key, so that every copy meets on one item. Anonymous
 * always: nothing of the sender is taken, and nobody is texted now (the daily digest counts it).
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
  const receiptKey = await ports.secrets.key('receipt');
  if (input.website !== undefined && input.website.trim() !== '') {
    // The honeypot: a bot gets what a person would, and nothing is stored.
    const receipt = ports.newReceipt();
    return answer(idForReceipt(receiptKey, 'suggestion', receipt), receipt);
  }
  // The box first: a bad request costs no proof of work and leaves nothing, not even a spent solution.
  const { box, area } = await checkBox(input.box, ports);
  const admit = request.admit ?? (async () => undefined);
  const body = normalized(input);
  const suggestion = (id: string): Suggestion => ({
    id,
    kind: 'online',
    ...filing(box, area),
    text: body.text,
    ...(body.topic ? { topic: body.topic } : {}),
    status: 'received',
    createdAt: ports.clock.now().toISOString(),
    replies: [],
  });

  let stored: Suggestion;
  let receipt: string;
  let outcome: 'created' | 'replay';
  if (request.idempotencyKey) {
    const submission = await keyedSubmission(ports.secrets, {
      scope: SCOPE,
      kind: 'suggestion',
      key: request.idempotencyKey,
      body,
    });
    stored = suggestion(submission.id);
    receipt = submission.receipt;
    const write = {
      put: () => ports.suggestions.put(stored, submission.requestHash),
      storedRequestHash: () => ports.suggestions.storedRequestHash(submission.id),
    };
    if (await admittedOrReplayed(submission, write, admit, request.proofOffered === true, ports)) {
      return answer(submission.id, submission.receipt);
    }
    outcome = await storeOnce(submission, write);
  } else {
    await admit();
    receipt = ports.newReceipt();
    stored = suggestion(idForReceipt(receiptKey, 'suggestion', receipt));
    // A fresh 80-bit id: 'exists' would be a collision; the write stays conditional all the same.
    if ((await ports.suggestions.put(stored)) === 'exists') throw new Unavailable();
    outcome = 'created';
  }
  // Counted once, by the request whose write created it; a lost count is the figures' only risk.
  if (outcome === 'created') {
    await ports.suggestions.tally(stored, { received: 1, online: 1 }).catch(tallyFailed);
  }
  return answer(stored.id, receipt);
}

function answer(id: string, receipt: string): SubmittedSuggestion {
  return { id, receipt: formatReceipt(receipt), status: 'received' };
}

/**
 * Runs the guard, unless this is a replay (api.md: a replay is answered before any limit or
 * challenge): true when the submission is already stored. Concurrent copies of one submit carry one
 * proof of work: the first spends it, and a copy refused for it waits a moment for that one's write,
 * which is its own.
 */
async function admittedOrReplayed(
  submission: KeyedSubmission,
  write: KeyedWrite,
  admit: () => Promise<void>,
  proofOffered: boolean,
  ports: SuggestionIntakePorts,
): Promise<boolean> {
  try {
    await admit();
    return false;
  } catch (refusal) {
    if (await alreadyStored(submission, write)) return true;
    // Without a proof there is no twin to wait for: the page's first try, answered at once.
    if (!(refusal instanceof ChallengeRequired) || !proofOffered) throw refusal;
    for (const ms of RACE_WAITS_MS) {
      await ports.sleep(ms);
      if (await alreadyStored(submission, write)) return true;
    }
    throw refusal;
  }
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
