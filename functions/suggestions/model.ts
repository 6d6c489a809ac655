import type { Area } from '../areas/model';
import type { SelfManagementGroup } from '../directory/model';
import { errorName, log } from '../shared/log';
import type { RetentionPolicy } from '../shared/province';
import { ID_BYTES } from '../shared/receipts';
import { daysAfter, type Erasure } from '../shared/store/retention';
import type { SuggestionStatus, Topic } from './schema';

/**
 * A suggestion box (hòm thư góp ý): every self-management group keeps one, and so does every
 * commune and ward. The import derives them from groups.csv and areas.csv; the suggestions dropped in
 * them, and the answers read out when a paper box is opened, are filed by box id.
 */
export interface Box {
  /** `G-<group id>` or `A-<area code>`: fits the suggestion form's box field (schema.ts BoxIdSchema). */
  id: string;
  name: string;
  /** The place where residents find it. */
  area: string;
  kind: 'group' | 'area';
  group?: string;
}

/** The kinds of place that keep a box of their own: the communes and wards. */
export const BOX_AREA_KINDS = ['commune', 'ward', 'special_zone'] as const;

const PLACE_WORD: Record<string, string> = { commune: 'xã', ward: 'phường', special_zone: 'đặc khu' };

export function groupBox(group: SelfManagementGroup): Box {
  return {
    id: `G-${group.id}`,
    name: `Hòm thư góp ý ${group.name}`,
    area: group.area,
    kind: 'group',
    group: group.id,
  };
}

export function areaBox(area: Area): Box {
  const word = PLACE_WORD[area.kind];
  return {
    id: `A-${area.code}`,
    name: `Hòm thư góp ý ${word ? `${word} ` : ''}${area.name}`,
    area: area.code,
    kind: 'area',
  };
}

export type PublicBox = Pick<Box, 'id' | 'name' | 'area'>;

export function publicBox(box: Box): PublicBox {
  return { id: box.id, name: box.name, area: box.area };
}

/** A paper box's suggestion as its page shows it: its text and the officers' latest answer. */
export interface PublicEntry {
  text: string;
  reply?: string;
}

/** A box's public page: what its paper box held at its latest openings, and the answers. */
export interface BoxPage {
  id: string;
  name: string;
  area: string;
  openings: { openedAt: string; entries: PublicEntry[] }[];
}

/** An officer's answer, for the public: `by` (the officer's id) stays inside, for the audit. */
export interface Reply {
  at: string;
  text: string;
  by: string;
}

/**
 * A suggestion dropped in a box: online (anonymous, with a receipt) or found in the paper box at an
 * opening (no receipt; its answer is posted on the box's page). The box's place and its ancestors are
 * copied onto it, so that authorizing an officer and listing by place need no further reads.
 */
export interface Suggestion {
  id: string;
  kind: 'online' | 'paper';
  box: string;
  boxName: string;
  /** The box's place. */
  area: string;
  /** The place's ancestors, province first. */
  ancestors: string[];
  /** The commune or ward the box lies in (or the province itself for a province's box): its list. */
  commune: string;
  text: string;
  topic?: Topic;
  status: SuggestionStatus;
  /** When it was stored (for a paper entry: when the opening was recorded). */
  createdAt: string;
  /** Paper entries: the opening they were found at. */
  opening?: { id: string; openedAt: string };
  readAt?: string;
  answeredAt?: string;
  replies: Reply[];
  /** Withheld: the text stays, for the audit, and is never shown publicly. */
  hidden?: { at: string; reason: string; by: string };
}

/** Online suggestions' ids are keyed hashes of their receipts (shared/receipts.ts idForReceipt); paper ones are derived the same size. */
export const SUGGESTION_ID_BYTES = ID_BYTES;

/**
 * The level right under the province on the way to a place: its commune or ward. Every box lies in
 * one, which makes it the partition of the officers' list (a commune's suggestions are few enough to
 * filter by group). The province's own place is its own level.
 */
export function communeOf(area: Pick<Area, 'code' | 'ancestors'>): string {
  return area.ancestors[1] ?? area.code;
}

/** Where a suggestion of this box is filed: the box and what the box's place says. */
export function filing(
  box: Pick<Box, 'id' | 'name'>,
  area: Pick<Area, 'code' | 'ancestors'>,
): Pick<Suggestion, 'box' | 'boxName' | 'area' | 'ancestors' | 'commune'> {
  return {
    box: box.id,
    boxName: box.name,
    area: area.code,
    ancestors: area.ancestors,
    commune: communeOf(area),
  };
}

/** What an officer sees of a suggestion: all but who answered or hid it. */
export interface OfficerSuggestion {
  id: string;
  kind: 'online' | 'paper';
  box: string;
  boxName: string;
  area: string;
  text: string;
  topic?: Topic;
  status: SuggestionStatus;
  createdAt: string;
  openedAt?: string;
  readAt?: string;
  answeredAt?: string;
  replies: { at: string; text: string }[];
  hidden?: { at: string; reason: string };
}

export function officerView(s: Suggestion): OfficerSuggestion {
  return {
    id: s.id,
    kind: s.kind,
    box: s.box,
    boxName: s.boxName,
    area: s.area,
    text: s.text,
    ...(s.topic ? { topic: s.topic } : {}),
    status: s.status,
    createdAt: s.createdAt,
    ...(s.opening ? { openedAt: s.opening.openedAt } : {}),
    ...(s.readAt ? { readAt: s.readAt } : {}),
    ...(s.answeredAt ? { answeredAt: s.answeredAt } : {}),
    replies: s.replies.map((r) => ({ at: r.at, text: r.text })),
    ...(s.hidden ? { hidden: { at: s.hidden.at, reason: s.hidden.reason } } : {}),
  };
}

/** What an officer does to a suggestion. */
export type Change =
  | { kind: 'read'; at: string }
  | { kind: 'reply'; at: string; reply: Reply }
  | { kind: 'hide'; at: string; reason: string; by: string };

/**
 * Whether a change applies to a suggestion as it stands: reading moves only a new one; replying is
 * refused once it is hidden; hiding happens once. The store turns this into its write's condition.
 */
export function applies(change: Change, status: Suggestion['status']): boolean {
  if (change.kind === 'read') return status === 'received';
  return status !== 'hidden';
}

/** The suggestion after a change that applies (the store writes the same in one conditional update). */
export function applyChange(s: Suggestion, change: Change): Suggestion {
  switch (change.kind) {
    case 'read':
      return { ...s, status: 'read', readAt: change.at };
    case 'reply':
      return {
        ...s,
        status: 'answered',
        readAt: s.readAt ?? change.at,
        answeredAt: s.answeredAt ?? change.at,
        replies: [...s.replies, change.reply],
      };
    case 'hide':
      return { ...s, status: 'hidden', hidden: { at: change.at, reason: change.reason, by: change.by } };
  }
}

/** The sort key of the lists: newest last in the index, read backwards. */
export function listKey(s: Pick<Suggestion, 'createdAt' | 'id'>): string {
  return `${s.createdAt}#${s.id}`;
}

/** The counters are for the figures: a failed count is logged, never a failed request. */
export function tallyFailed(error: unknown): void {
  log.warn('suggestion counters not updated', { error: errorName(error) });
}

/** A paper box opened: when, by whom, before whom, and the suggestions found in it (by id). */
export interface Opening {
  id: string;
  box: string;
  /** UTC ISO. */
  openedAt: string;
  /** Names kept on purpose, for the paper trail; never in a public answer. */
  openedBy: string;
  witnesses: string[];
  /** The paper suggestions found, in the order they were entered. */
  entries: string[];
  /** A hash of what was recorded: the same opening recorded again is told from a different one. */
  fingerprint: string;
  recordedAt: string;
  /** The officer who entered it. */
  recordedBy: string;
}

/** What the daily digest reads of a new online suggestion. */
export type NewSuggestion = Pick<Suggestion, 'id' | 'box' | 'boxName' | 'area' | 'ancestors' | 'createdAt'>;

/** Who one box's digest of one day texts, and what it counts: decided once, stored before any SMS. */
export interface DigestPlan {
  box: string;
  /** The province's local date. */
  day: string;
  /** Suggestions up to this instant are counted; later ones wait for the next day's digest. */
  cutoff: string;
  count: number;
  /** The area whose officers on duty are texted. */
  level: string;
  recipients: { key: string; to: string; role: string }[];
}

/** One SMS of a digest: claimed ('sending'), then settled. */
export type DigestSmsState = 'sending' | 'sent' | 'failed' | 'capped';

/**
 * When a suggestion's words (and its answers') go under the retention rules: after its latest answer,
 * or after it arrived while it has none. A paper box's opening keeps its names and slips as long as an
 * unanswered suggestion may be kept.
 */
export function suggestionErasure(
  s: { createdAt: string; latestAnswerAt?: string | undefined },
  policy: RetentionPolicy,
): Erasure {
  return s.latestAnswerAt
    ? { stage: 'text', due: daysAfter(s.latestAnswerAt, policy.suggestionTextDaysAfterAnswer) }
    : { stage: 'text', due: daysAfter(s.createdAt, policy.suggestionTextDaysIfUnanswered) };
}

export function openingErasure(opening: Pick<Opening, 'openedAt'>, policy: RetentionPolicy): Erasure {
  return suggestionErasure({ createdAt: opening.openedAt }, policy);
}

/** A day's digest plan names the phones it texted: kept as long as the audit log. */
export function digestPlanErasure(plan: Pick<DigestPlan, 'cutoff'>, policy: RetentionPolicy): Erasure {
  return { stage: 'item', due: daysAfter(plan.cutoff, policy.auditDays) };
}
