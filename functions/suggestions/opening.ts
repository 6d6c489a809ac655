import { createHash } from 'node:crypto';
import type { Area } from '../areas/model';
import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import { Conflict, InvalidInput, NotFound } from '../shared/errors';
import { canonicalJson } from '../shared/idempotency';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import { encodeCrockford } from '../shared/receipts';
import { withUndo } from '../shared/undo';
import { filing, type Opening, SUGGESTION_ID_BYTES, type Suggestion, tallyFailed } from './model';
import type { OpeningInput, Topic } from './schema';
import type { BoxStore, OpeningStore, SuggestionStore } from './store';

export interface OpeningPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  boxes: Pick<BoxStore, 'getBox'>;
  areas: { getArea(code: string): Promise<Area | undefined> };
  openings: Pick<OpeningStore, 'get' | 'put'>;
  suggestions: Pick<SuggestionStore, 'put' | 'remove' | 'tally'>;
}

/** What the officer gets back (the officer's own input, with the ids it was filed under). */
export interface RecordedOpening {
  id: string;
  box: string;
  openedAt: string;
  openedBy: string;
  witnesses: string[];
  entries: { id: string; text: string; topic?: Topic }[];
}

/** Phones' and officers' clocks drift; an opening this far ahead of ours is still "now". */
const CLOCK_SKEW_MINUTES = 5;
/** A paper box opened longer ago than this is not recorded online any more. */
const MAX_OPENING_AGE_DAYS = 366;

/**
 * POST /api/officer/boxes/{id}/openings. Each entry becomes a suggestion of kind `paper` (no receipt),
 * listed, counted and answered with the online ones; its answer is posted on the box's page. Ids are
 * derived from the box, the time and a hash of the content, so a retry of the same recording rewrites
 * the same items and gets the same answer, and another content for the same opening is a 409. Entries
 * are written first and the opening last (the commit point the box's page reads); a failure undoes them.
 */
export async function recordOpening(
  boxId: string,
  input: OpeningInput,
  identity: Identity,
  ports: OpeningPorts,
): Promise<RecordedOpening> {
  const officer = await currentOfficer(identity, ports.officers);
  const box = await ports.boxes.getBox(boxId);
  const area = box ? await ports.areas.getArea(box.area) : undefined;
  if (!box || !area) throw new NotFound('error.box_not_found');
  await authorizeArea(officer, area, 'boxes.opening', ports);

  const now = ports.clock.now();
  const openedAt = checkOpenedAt(input.openedAt, now);
  const content = {
    openedAt,
    openedBy: input.openedBy,
    witnesses: input.witnesses,
    entries: input.entries.map((e) => ({ text: e.text, ...(e.topic ? { topic: e.topic } : {}) })),
  };
  const fingerprint = createHash('sha256').update(canonicalJson(content)).digest('base64url');
  const derive = (what: string) =>
    encodeCrockford(
      createHash('sha256')
        .update(`${what}\n${box.id}\n${openedAt}\n${fingerprint}`)
        .digest()
        .subarray(0, SUGGESTION_ID_BYTES),
    ).toLowerCase();
  const entries = content.entries.map((entry, index) => ({ id: derive(`paper#${index}`), ...entry }));
  const answer: RecordedOpening = {
    id: derive('opening'),
    box: box.id,
    openedAt,
    openedBy: content.openedBy,
    witnesses: content.witnesses,
    entries,
  };

  const existing = await ports.openings.get(box.id, openedAt);
  if (existing && existing.fingerprint !== fingerprint) throw new Conflict('error.opening_recorded');

  const recordedAt = now.toISOString();
  const where = filing(box, area);
  const created = await withUndo(async (undo) => {
    const made: Suggestion[] = [];
    for (const entry of entries) {
      const suggestion: Suggestion = {
        id: entry.id,
        kind: 'paper',
        ...where,
        text: entry.text,
        ...(entry.topic ? { topic: entry.topic } : {}),
        status: 'received',
        createdAt: recordedAt,
        opening: { id: answer.id, openedAt },
        replies: [],
      };
      if ((await ports.suggestions.put(suggestion)) === 'created') {
        made.push(suggestion);
        undo.push(() => ports.suggestions.remove(suggestion.id));
      }
    }
    const opening: Opening = {
      ...answer,
      entries: entries.map((e) => e.id),
      fingerprint,
      recordedAt,
      recordedBy: officer.id,
    };
    if ((await ports.openings.put(opening)) === 'exists') {
      // Recorded a moment ago by a twin of this request, or with other content by someone else.
      const stored = await ports.openings.get(box.id, openedAt);
      if (stored?.fingerprint !== fingerprint) throw new Conflict('error.opening_recorded');
    }
    return made.length;
  });
  if (created > 0)
    await ports.suggestions.tally(where, { received: created, paper: created }).catch(tallyFailed);
  return answer;
}

function checkOpenedAt(text: string, now: Date): string {
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new InvalidInput({ openedAt: { key: 'field.invalid_time' } });
  if (at > now.getTime() + CLOCK_SKEW_MINUTES * 60_000) {
    throw new InvalidInput({ openedAt: { key: 'field.time_in_future' } });
  }
  if (at < now.getTime() - MAX_OPENING_AGE_DAYS * 86_400_000) {
    throw new InvalidInput({
      openedAt: { key: 'field.opening_too_old', params: { days: MAX_OPENING_AGE_DAYS } },
    });
  }
  return new Date(at).toISOString();
}
