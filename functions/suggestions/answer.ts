import type { Area } from '../areas/model';
import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import type { Officer } from '../roster/model';
import { Conflict, InvalidInput, NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import { type Change, communeOf, listKey, type OfficerSuggestion, officerView, tallyFailed } from './model';
import type { SuggestionStatus } from './schema';
import type { BoxStore, ListScope, SuggestionStore } from './store';

export interface AnswerPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  areas: { getArea(code: string): Promise<Area | undefined> };
  boxes: Pick<BoxStore, 'getBox'>;
  suggestions: Pick<SuggestionStore, 'get' | 'change' | 'newest' | 'tally'>;
}

const DEFAULT_PAGE = 20;

export interface SuggestionPage {
  suggestions: OfficerSuggestion[];
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  cursor: string | null;
}

/**
 * GET /api/officer/suggestions: newest first, a page at a time. With a box, that box's (if the officer
 * serves its place); without, those of every box in the places the officer serves (admins: all).
 */
export async function listSuggestions(
  query: {
    box?: string | undefined;
    status?: SuggestionStatus | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
  identity: Identity,
  ports: AnswerPorts,
): Promise<SuggestionPage> {
  const officer = await currentOfficer(identity, ports.officers);
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const limit = query.limit ?? DEFAULT_PAGE;
  const scopes = query.box ? [await boxScope(officer, query.box, ports)] : await servedScopes(officer, ports);
  const status = query.status ? { status: query.status } : {};
  // Each list gives its newest `limit + 1` past the cursor; merged, they tell whether a next page exists.
  const lists = await Promise.all(
    scopes.map((scope) =>
      ports.suggestions.newest({ ...scope, ...status }, { ...(before ? { before } : {}), limit: limit + 1 }),
    ),
  );
  const merged = lists
    .flat()
    .map((s) => ({ s, key: listKey(s) }))
    .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  const page = merged.slice(0, limit);
  const last = page[page.length - 1];
  return {
    suggestions: page.map(({ s }) => officerView(s)),
    cursor: merged.length > limit && last ? encodeCursor(last.key) : null,
  };
}

async function boxScope(officer: Officer, boxId: string, ports: AnswerPorts): Promise<ListScope> {
  const box = await ports.boxes.getBox(boxId);
  const area = box ? await ports.areas.getArea(box.area) : undefined;
  if (!box || !area) throw new NotFound('error.box_not_found');
  await authorizeArea(officer, area, 'suggestions.list', ports);
  return { commune: communeOf(area), box: box.id };
}

/** The lists covering the officer's places: the province's, or a commune's narrowed to a place. */
async function servedScopes(officer: Officer, ports: AnswerPorts): Promise<ListScope[]> {
  if (officer.access === 'admin') return [{}];
  const areas = (await Promise.all(officer.areas.map((code) => ports.areas.getArea(code)))).filter(
    (a): a is Area => a !== undefined,
  );
  // A place under another served place is already covered by it.
  const served = new Set(areas.map((a) => a.code));
  const tops = areas.filter((a) => !a.ancestors.some((code) => served.has(code)));
  if (tops.some((a) => a.ancestors.length === 0)) return [{}];
  return tops.map((area) => {
    const commune = communeOf(area);
    return commune === area.code ? { commune } : { commune, within: area.code };
  });
}

const LIST_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-hjkmnp-tv-z]{16}$/;

function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!LIST_KEY.test(key)) throw new InvalidInput({ cursor: { key: 'field.invalid' } });
  return key;
}

/** POST …/read: a new suggestion becomes read; any other is left as it is. */
export async function markRead(
  id: string,
  identity: Identity,
  ports: AnswerPorts,
): Promise<OfficerSuggestion> {
  return act(id, identity, ports, 'suggestions.read', (at) => ({ kind: 'read', at }));
}

/**
 * POST …/reply: a public answer. An online suggestion's resident reads it by receipt (follow-up); a
 * paper one's is posted on the box's page. The status becomes answered; a withheld one is refused.
 */
export async function replyToSuggestion(
  id: string,
  text: string,
  identity: Identity,
  ports: AnswerPorts,
): Promise<OfficerSuggestion> {
  return act(id, identity, ports, 'suggestions.reply', (at, officer) => ({
    kind: 'reply',
    at,
    reply: { at, text, by: officer.id },
  }));
}

/** POST …/hide: withheld for a reason; the text is kept for the audit and never shown publicly. */
export async function hideSuggestion(
  id: string,
  reason: string,
  identity: Identity,
  ports: AnswerPorts,
): Promise<OfficerSuggestion> {
  return act(id, identity, ports, 'suggestions.hide', (at, officer) => ({
    kind: 'hide',
    at,
    reason,
    by: officer.id,
  }));
}

async function act(
  id: string,
  identity: Identity,
  ports: AnswerPorts,
  action: string,
  makeChange: (at: string, officer: Officer) => Change,
): Promise<OfficerSuggestion> {
  const officer = await currentOfficer(identity, ports.officers);
  const suggestion = await ports.suggestions.get(id);
  if (!suggestion) throw new NotFound('error.suggestion_not_found');
  await authorizeArea(officer, { code: suggestion.area, ancestors: suggestion.ancestors }, action, ports);
  const change = makeChange(ports.clock.now().toISOString(), officer);
  const outcome = await ports.suggestions.change(id, change);
  if (!outcome) throw new NotFound('error.suggestion_not_found');
  if (!outcome.changed) {
    if (change.kind === 'reply') throw new Conflict('error.suggestion_hidden');
    return officerView(outcome.current);
  }
  const { before, after } = outcome;
  if (before.status !== after.status) {
    await ports.suggestions.tally(after, { [before.status]: -1, [after.status]: 1 }).catch(tallyFailed);
  }
  return officerView(after);
}
