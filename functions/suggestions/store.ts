import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Area } from '../areas/model';
import { storedRequestHash } from '../shared/idempotency';
import type { RetentionPolicy } from '../shared/province';
import { batchGet } from '../shared/store/batch';
import type { Store } from '../shared/store/client';
import { conditionHolds, putNew } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import { retentionKey } from '../shared/store/retention';
import { foldForSearch } from '../shared/text';
import {
  applyChange,
  type Box,
  type Change,
  type DigestPlan,
  type DigestSmsState,
  digestPlanErasure,
  listKey,
  type NewSuggestion,
  type Opening,
  openingErasure,
  type Reply,
  type Suggestion,
  suggestionErasure,
} from './model';
import type { SuggestionStatus, Topic } from './schema';

/**
 * Suggestions and their boxes in the one table:
 * - a box:          pk BOX#<id>   sk BOX
 *     gsi1 BOXES#<area> / <0 area box, 1 group box>#<folded name>#<id>   (a place's boxes, its own first)
 * - a suggestion:   pk SUGG#<id>  sk SUGG
 *     gsi1 COMMUNESUGG#<commune> / <createdAt>#<id>   (a commune's list, newest last: the officers' list)
 *     gsi2 SUGGESTIONS / <createdAt>#<id>             (the province's list: admins, the daily digest)
 *   Its replies and its hiding are on the item itself, so that each officer action is one conditional
 *   update that also moves the status.
 * The box's partition also holds what is kept per box, never touched by the import:
 * - sk TALLY                        its counters   gsi2 BOXTALLIES / <commune>#<box>   (for the figures)
 * - sk OPENING#<openedAt, UTC ISO>  an opening of its paper box: "opened at this time" is one fact, so
 *                                   the time is the key and a second recording of it is refused
 * - sk DIGESTED                     its last digest {cutoff, day}
 * - sk DIGEST#<day>                 that day's digest plan: the count and who is texted
 * - sk DIGESTSMS#<day>#<officer>    one SMS of it: claimed, then sent / failed / capped
 */
const PROVINCE_LIST = 'SUGGESTIONS';
const TALLIES = 'BOXTALLIES';

const boxPartition = (box: string) => `BOX#${box}`;

const keys = {
  box: (id: string) => ({ pk: boxPartition(id), sk: 'BOX' }),
  boxesOf: (area: string) => `BOXES#${area}`,
  suggestion: (id: string) => ({ pk: `SUGG#${id}`, sk: 'SUGG' }),
  commune: (commune: string) => `COMMUNESUGG#${commune}`,
  tally: (box: string) => ({ pk: boxPartition(box), sk: 'TALLY' }),
  opening: (box: string, openedAt: string) => ({ pk: boxPartition(box), sk: `OPENING#${openedAt}` }),
  digested: (box: string) => ({ pk: boxPartition(box), sk: 'DIGESTED' }),
  plan: (box: string, day: string) => ({ pk: boxPartition(box), sk: `DIGEST#${day}` }),
  sms: (box: string, day: string, officer: string) => ({
    pk: boxPartition(box),
    sk: `DIGESTSMS#${day}#${officer}`,
  }),
};

// ---------------------------------------------------------------------------------------------------
// Boxes

/** The item of a box, as the import writes it. */
export function boxItem(box: Box): Record<string, unknown> {
  return {
    ...keys.box(box.id),
    type: 'box',
    ...box,
    gsi1pk: keys.boxesOf(box.area),
    gsi1sk: `${box.kind === 'area' ? 0 : 1}#${foldForSearch(box.name)}#${box.id}`,
  };
}

function toBox(item: Record<string, unknown>): Box {
  return {
    id: item.id as string,
    name: item.name as string,
    area: item.area as string,
    kind: item.kind === 'group' ? 'group' : 'area',
    ...(item.group ? { group: item.group as string } : {}),
  };
}

export interface BoxStore {
  getBox(id: string): Promise<Box | undefined>;
  /**
   * The boxes a resident of this place may drop a suggestion in: the place's own, then each
   * ancestor's, nearest first (a residential group's boxes, then its ward's).
   */
  boxesForArea(area: Pick<Area, 'code' | 'ancestors'>): Promise<Box[]>;
}

export function boxStore(db: Store): BoxStore {
  return {
    async getBox(id) {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.box(id) }));
      return out.Item ? toBox(out.Item) : undefined;
    },

    // One Query per level, on gsi1: the boxes kept in exactly that place.
    async boxesForArea(area) {
      const codes = [area.code, ...[...area.ancestors].reverse()];
      const lists = await Promise.all(
        codes.map((code) =>
          queryAll(db, {
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.boxesOf(code) },
          }),
        ),
      );
      return lists.flat().map(toBox);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Suggestions

/**
 * One list of suggestions, newest first: a commune's (filtered by box, or to the boxes at or under a
 * place) or the whole province's, optionally of one status.
 */
export interface ListScope {
  /** Undefined: the whole province (admins, and officers serving the province). */
  commune?: string;
  box?: string;
  /** Only boxes at this place or under it. */
  within?: string;
  status?: SuggestionStatus;
}

/** Per box, how many suggestions stand in each status, and how many came online or on paper. */
export type TallyDelta = Partial<Record<SuggestionStatus | 'online' | 'paper', number>>;

export type ChangeOutcome =
  | { changed: true; before: Suggestion; after: Suggestion }
  | { changed: false; current: Suggestion };

export interface SuggestionStore {
  get(id: string): Promise<Suggestion | undefined>;
  /** Several by id, those found, in no particular order. */
  getMany(ids: readonly string[]): Promise<Suggestion[]>;
  /** Stores a new suggestion unless one has its id (a replay); `requestHash` marks a keyed submission's body. */
  put(suggestion: Suggestion, requestHash?: string): Promise<'created' | 'exists'>;
  /** A consistent read of a stored suggestion's request hash ('' when sent without a key); undefined if absent. */
  storedRequestHash(id: string): Promise<string | undefined>;
  /** Undoes a put of ours that the rest of its request could not complete. */
  remove(id: string): Promise<void>;
  /** One conditional update (model.ts `applies`); undefined when there is no such suggestion. */
  change(id: string, change: Change): Promise<ChangeOutcome | undefined>;
  /** Up to `limit` suggestions of a list, newest first, older than the list key `before`. */
  newest(scope: ListScope, options: { before?: string; limit: number }): Promise<Suggestion[]>;
  /** Adds to the box's counters (by status, online/paper); best effort, after the write it counts. */
  tally(box: Pick<Suggestion, 'box' | 'area' | 'commune'>, delta: TallyDelta): Promise<void>;
}

function suggestionItem(
  s: Suggestion,
  retention: RetentionPolicy,
  requestHash?: string,
): Record<string, unknown> {
  return {
    ...keys.suggestion(s.id),
    type: 'suggestion',
    ...s,
    ...(requestHash ? { requestHash } : {}),
    gsi1pk: keys.commune(s.commune),
    gsi1sk: listKey(s),
    gsi2pk: PROVINCE_LIST,
    gsi2sk: listKey(s),
    // Its words go this long after it arrived, unless an answer moves the date (changeExpression).
    ...retentionKey(suggestionErasure(s, retention)),
  };
}

function toSuggestion(item: Record<string, unknown>): Suggestion {
  return {
    id: item.id as string,
    kind: item.kind === 'paper' ? 'paper' : 'online',
    box: item.box as string,
    boxName: item.boxName as string,
    area: item.area as string,
    ancestors: (item.ancestors as string[] | undefined) ?? [],
    commune: item.commune as string,
    text: item.text as string,
    ...(item.topic ? { topic: item.topic as Topic } : {}),
    status: item.status as SuggestionStatus,
    createdAt: item.createdAt as string,
    ...(item.opening ? { opening: item.opening as Suggestion['opening'] & object } : {}),
    ...(item.readAt ? { readAt: item.readAt as string } : {}),
    ...(item.answeredAt ? { answeredAt: item.answeredAt as string } : {}),
    replies: (item.replies as Reply[] | undefined) ?? [],
    ...(item.hidden ? { hidden: item.hidden as Suggestion['hidden'] & object } : {}),
  };
}

/** The write of each change, with model.ts `applies` as its condition. Every name is aliased. */
function changeExpression(
  change: Change,
  retention: RetentionPolicy,
): {
  update: string;
  condition: string;
  values: Record<string, unknown>;
} {
  switch (change.kind) {
    case 'read':
      return {
        update: 'SET #status = :read, #readAt = :at',
        condition: 'attribute_exists(pk) AND #status = :received',
        values: { ':read': 'read', ':at': change.at, ':received': 'received' },
      };
    case 'reply': {
      // The words are kept for a while after the latest answer: each answer moves the erasure date.
      const queued = retentionKey(
        suggestionErasure({ createdAt: change.at, latestAnswerAt: change.at }, retention),
      );
      return {
        update:
          'SET #status = :answered, #readAt = if_not_exists(#readAt, :at), #answeredAt = if_not_exists(#answeredAt, :at), #replies = list_append(if_not_exists(#replies, :none), :reply), gsi4pk = :retainQueue, gsi4sk = :retainAt',
        condition: 'attribute_exists(pk) AND #status <> :hidden',
        values: {
          ':answered': 'answered',
          ':at': change.at,
          ':none': [],
          ':reply': [change.reply],
          ':hidden': 'hidden',
          ':retainQueue': queued.gsi4pk,
          ':retainAt': queued.gsi4sk,
        },
      };
    }
    case 'hide':
      return {
        update: 'SET #status = :hidden, #hidden = :how',
        condition: 'attribute_exists(pk) AND #status <> :hidden',
        values: { ':hidden': 'hidden', ':how': { at: change.at, reason: change.reason, by: change.by } },
      };
  }
}

const CHANGE_NAMES: Record<Change['kind'], Record<string, string>> = {
  read: { '#status': 'status', '#readAt': 'readAt' },
  reply: { '#status': 'status', '#readAt': 'readAt', '#answeredAt': 'answeredAt', '#replies': 'replies' },
  hide: { '#status': 'status', '#hidden': 'hidden' },
};

/** Filters of a list: the box, a place and what lies under it, a status. */
function listFilter(scope: ListScope): {
  expression?: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (scope.box) {
    parts.push('#box = :box');
    names['#box'] = 'box';
    values[':box'] = scope.box;
  }
  if (scope.within) {
    parts.push('(#area = :within OR contains(#ancestors, :within))');
    names['#area'] = 'area';
    names['#ancestors'] = 'ancestors';
    values[':within'] = scope.within;
  }
  if (scope.status) {
    parts.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = scope.status;
  }
  return { ...(parts.length ? { expression: parts.join(' AND ') } : {}), names, values };
}

/** One suggestion by id, read consistently; on its own so that follow-up bundles no more of this store. */
export async function getSuggestion(db: Store, id: string): Promise<Suggestion | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.suggestion(id), ConsistentRead: true }),
  );
  return out.Item ? toSuggestion(out.Item) : undefined;
}

export function suggestionStore(db: Store, retention: RetentionPolicy): SuggestionStore {
  const get = (id: string) => getSuggestion(db, id);

  return {
    get,

    async getMany(ids) {
      return (await batchGet(db, [...new Set(ids)].map(keys.suggestion))).map(toSuggestion);
    },

    put: (s, requestHash) => putNew(db, suggestionItem(s, retention, requestHash)),

    storedRequestHash: (id) => storedRequestHash(db, keys.suggestion(id)),

    async remove(id) {
      await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.suggestion(id) }));
    },

    // One conditional update. The item as it was comes back with it, so that the counters move from
    // the status it really had; the new state is the same change applied in memory. A refused change
    // reads the suggestion to say why (gone, or the change does not apply to it).
    async change(id, change) {
      const { update, condition, values } = changeExpression(change, retention);
      const write = db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.suggestion(id),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: CHANGE_NAMES[change.kind],
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      if (await conditionHolds(write)) {
        const before = toSuggestion((await write).Attributes ?? {});
        return { changed: true, before, after: applyChange(before, change) };
      }
      const current = await get(id);
      return current ? { changed: false, current } : undefined;
    },

    // One index partition read backwards from `before`, filtered, until `limit` suggestions match or
    // the partition ends. A commune's suggestions are hundreds a year, so a filter that matches few of
    // them still reads little.
    async newest(scope, options) {
      const index = scope.commune
        ? { name: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk', value: keys.commune(scope.commune) }
        : { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk', value: PROVINCE_LIST };
      const filter = listFilter(scope);
      const found: Suggestion[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await db.doc.send(
          new QueryCommand({
            TableName: db.table,
            IndexName: index.name,
            KeyConditionExpression: options.before ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
            ...(filter.expression ? { FilterExpression: filter.expression } : {}),
            ExpressionAttributeNames: {
              '#pk': index.pk,
              ...(options.before ? { '#sk': index.sk } : {}),
              ...filter.names,
            },
            ExpressionAttributeValues: {
              ':pk': index.value,
              ...(options.before ? { ':before': options.before } : {}),
              ...filter.values,
            },
            ScanIndexForward: false,
            Limit: Math.max(options.limit, 50),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of out.Items ?? []) {
          found.push(toSuggestion(item));
          if (found.length >= options.limit) return found;
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return found;
    },

    // ADD to the box's counters; they start at zero on the first suggestion of a box.
    async tally(box, delta) {
      const entries = Object.entries(delta).filter(([, n]) => n !== 0);
      if (entries.length === 0) return;
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {
        ':type': 'boxTally',
        ':box': box.box,
        ':area': box.area,
        ':commune': box.commune,
        ':gsi2pk': TALLIES,
        ':gsi2sk': `${box.commune}#${box.box}`,
      };
      entries.forEach(([field, n], i) => {
        names[`#c${i}`] = field;
        values[`:n${i}`] = n;
      });
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.tally(box.box),
          UpdateExpression: `SET #type = :type, #box = :box, #area = :area, #commune = :commune, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk ADD ${entries
            .map((_, i) => `#c${i} :n${i}`)
            .join(', ')}`,
          ExpressionAttributeNames: {
            '#type': 'type',
            '#box': 'box',
            '#area': 'area',
            '#commune': 'commune',
            ...names,
          },
          ExpressionAttributeValues: values,
        }),
      );
    },
  };
}

export interface BoxTally {
  box: string;
  area: string;
  commune: string;
  received: number;
  read: number;
  answered: number;
  hidden: number;
  online: number;
  paper: number;
}

/** The counters of every box that has had a suggestion, by commune (one Query; for the figures). */
export async function boxTallies(db: Store, commune?: string): Promise<BoxTally[]> {
  const items = await queryAll(db, {
    IndexName: 'gsi2',
    KeyConditionExpression: commune ? 'gsi2pk = :pk AND begins_with(gsi2sk, :c)' : 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': TALLIES, ...(commune ? { ':c': `${commune}#` } : {}) },
  });
  const n = (v: unknown) => Number(v ?? 0);
  return items.map((i) => ({
    box: i.box as string,
    area: i.area as string,
    commune: i.commune as string,
    received: n(i.received),
    read: n(i.read),
    answered: n(i.answered),
    hidden: n(i.hidden),
    online: n(i.online),
    paper: n(i.paper),
  }));
}

// ---------------------------------------------------------------------------------------------------
// Openings of the paper boxes

export interface OpeningStore {
  get(box: string, openedAt: string): Promise<Opening | undefined>;
  /** Stores it unless this box has an opening at this time already. */
  put(opening: Opening): Promise<'created' | 'exists'>;
  /** A box's latest openings, newest first. */
  latest(box: string, limit: number): Promise<Opening[]>;
}

function toOpening(item: Record<string, unknown>): Opening {
  return {
    id: item.id as string,
    box: item.box as string,
    openedAt: item.openedAt as string,
    openedBy: item.openedBy as string,
    witnesses: item.witnesses as string[],
    entries: item.entries as string[],
    fingerprint: item.fingerprint as string,
    recordedAt: item.recordedAt as string,
    recordedBy: item.recordedBy as string,
  };
}

export function openingStore(db: Store, retention: RetentionPolicy): OpeningStore {
  return {
    async get(box, openedAt) {
      const out = await db.doc.send(
        new GetCommand({ TableName: db.table, Key: keys.opening(box, openedAt), ConsistentRead: true }),
      );
      return out.Item ? toOpening(out.Item) : undefined;
    },

    // The names and words of an opening go when its suggestions' words may go at the latest.
    put: (opening) =>
      putNew(db, {
        ...keys.opening(opening.box, opening.openedAt),
        type: 'boxOpening',
        ...opening,
        ...retentionKey(openingErasure(opening, retention)),
      }),

    async latest(box, limit) {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :opening)',
          ExpressionAttributeValues: { ':pk': boxPartition(box), ':opening': 'OPENING#' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map(toOpening);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The daily digest

export interface DigestStore {
  /** Online suggestions stored in (from, to], oldest first (never paper ones: an officer typed those). */
  newOnline(from: string, to: string): Promise<NewSuggestion[]>;
  /** The last digest a box had: its cutoff and its day. */
  digested(box: string): Promise<{ cutoff: string; day: string } | undefined>;
  getPlan(box: string, day: string): Promise<DigestPlan | undefined>;
  /** Stores the plan unless this box has one for this day; returns the stored one either way. */
  putPlan(plan: DigestPlan): Promise<DigestPlan>;
  /** Claims one SMS of a plan before sending it, or answers the state a claim already holds. */
  claim(plan: DigestPlan, key: string, claim: string, at: string): Promise<'claimed' | DigestSmsState>;
  /** Settles one's own claim (another run's is left as it is). */
  settle(
    plan: DigestPlan,
    key: string,
    claim: string,
    state: Exclude<DigestSmsState, 'sending'>,
  ): Promise<void>;
  /** Drops a claim whose SMS was never handed over, so that a later run sends it. */
  release(plan: DigestPlan, key: string, claim: string): Promise<void>;
  /** Moves the box's last digest forward (never back). */
  markDigested(box: string, mark: { cutoff: string; day: string }): Promise<void>;
}

function toPlan(item: Record<string, unknown>): DigestPlan {
  return {
    box: item.box as string,
    day: item.day as string,
    cutoff: item.cutoff as string,
    count: Number(item.count),
    level: item.level as string,
    recipients: item.recipients as DigestPlan['recipients'],
  };
}

/**
 * New suggestions are read from the province's list (gsi2 SUGGESTIONS), by time: no Scan, no marker.
 * Each step of a box's digest is a conditional write keyed by (box, day): a second run finishes what a
 * crashed one left and sends nothing twice.
 */
export function digestStore(db: Store, retention: RetentionPolicy): DigestStore {
  const getPlan = async (box: string, day: string) => {
    const out = await db.doc.send(
      new GetCommand({ TableName: db.table, Key: keys.plan(box, day), ConsistentRead: true }),
    );
    return out.Item ? toPlan(out.Item) : undefined;
  };

  return {
    async newOnline(from, to) {
      const items = await queryAll(db, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        FilterExpression: '#kind = :online',
        ProjectionExpression: '#id, #box, #boxName, #area, #ancestors, #createdAt',
        ExpressionAttributeNames: {
          '#kind': 'kind',
          '#id': 'id',
          '#box': 'box',
          '#boxName': 'boxName',
          '#area': 'area',
          '#ancestors': 'ancestors',
          '#createdAt': 'createdAt',
        },
        // (from, to]: a key starts with its time, and '#' sorts before any id, '~' after.
        ExpressionAttributeValues: {
          ':pk': PROVINCE_LIST,
          ':from': `${from}~`,
          ':to': `${to}~`,
          ':online': 'online',
        },
      });
      return items.map(
        (i): NewSuggestion => ({
          id: i.id as string,
          box: i.box as string,
          boxName: i.boxName as string,
          area: i.area as string,
          ancestors: (i.ancestors as string[] | undefined) ?? [],
          createdAt: i.createdAt as string,
        }),
      );
    },

    async digested(box) {
      const out = await db.doc.send(
        new GetCommand({ TableName: db.table, Key: keys.digested(box), ConsistentRead: true }),
      );
      return out.Item ? { cutoff: out.Item.cutoff as string, day: out.Item.day as string } : undefined;
    },

    getPlan,

    async putPlan(plan) {
      // It names the phones it texts: deleted, as the audit log is, once its record is no longer needed.
      const stored = await putNew(db, {
        ...keys.plan(plan.box, plan.day),
        type: 'digestPlan',
        ...plan,
        ...retentionKey(digestPlanErasure(plan, retention)),
      });
      if (stored === 'created') return plan;
      return (await getPlan(plan.box, plan.day)) ?? plan;
    },

    async claim(plan, key, claim, at) {
      const claimed = await putNew(db, {
        ...keys.sms(plan.box, plan.day, key),
        type: 'digestSms',
        state: 'sending',
        claim,
        claimedAt: at,
      });
      if (claimed === 'created') return 'claimed';
      const out = await db.doc.send(
        new GetCommand({ TableName: db.table, Key: keys.sms(plan.box, plan.day, key), ConsistentRead: true }),
      );
      return (out.Item?.state as DigestSmsState | undefined) ?? 'sending';
    },

    async settle(plan, key, claim, state) {
      await conditionHolds(
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.sms(plan.box, plan.day, key),
            UpdateExpression: 'SET #state = :state',
            ConditionExpression: '#claim = :claim',
            ExpressionAttributeNames: { '#state': 'state', '#claim': 'claim' },
            ExpressionAttributeValues: { ':state': state, ':claim': claim },
          }),
        ),
      );
    },

    async release(plan, key, claim) {
      await conditionHolds(
        db.doc.send(
          new DeleteCommand({
            TableName: db.table,
            Key: keys.sms(plan.box, plan.day, key),
            ConditionExpression: '#claim = :claim',
            ExpressionAttributeNames: { '#claim': 'claim' },
            ExpressionAttributeValues: { ':claim': claim },
          }),
        ),
      );
    },

    async markDigested(box, mark) {
      await conditionHolds(
        db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...keys.digested(box), type: 'digestMark', box, ...mark },
            ConditionExpression: 'attribute_not_exists(pk) OR #cutoff < :cutoff',
            ExpressionAttributeNames: { '#cutoff': 'cutoff' },
            ExpressionAttributeValues: { ':cutoff': mark.cutoff },
          }),
        ),
      );
    },
  };
}
