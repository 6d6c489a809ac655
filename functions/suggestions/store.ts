import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { boxKeys } from '../boxes/store';
import { storedRequestHash } from '../shared/idempotency';
import type { Store } from '../shared/store/client';
import { isConditionFailure, putNew } from '../shared/store/conditions';
import { applyChange, type Change, listKey, type Reply, type Suggestion } from './model';
import type { ChangeOutcome, ListScope, SuggestionStore, TallyDelta } from './ports';
import type { SuggestionStatus, Topic } from './schema';

/**
 * Suggestions in the one table:
 * - the suggestion: pk SUGG#<id>  sk SUGG
 *     gsi1 COMMUNESUGG#<commune> / <createdAt>#<id>   (a commune's list, newest last: the officers' list)
 *     gsi2 SUGGESTIONS / <createdAt>#<id>             (the province's list: admins, the daily digest)
 *   Its replies and its hiding are on the item itself, so that each officer action is one
 *   conditional update that also moves the status.
 * - a box's counters: pk BOX#<box>  sk TALLY   gsi2 BOXTALLIES / <commune>#<box>  (for the figures)
 * (Openings and the digest's items share the box's partition: boxes/openings-store.ts, digest-store.ts.)
 */
export const PROVINCE_LIST = 'SUGGESTIONS';
export const TALLIES = 'BOXTALLIES';

export const suggestionKeys = {
  suggestion: (id: string) => ({ pk: `SUGG#${id}`, sk: 'SUGG' }),
  commune: (commune: string) => `COMMUNESUGG#${commune}`,
  tally: (box: string) => ({ pk: boxKeys.partition(box), sk: 'TALLY' }),
};

export function suggestionItem(s: Suggestion, requestHash?: string): Record<string, unknown> {
  return {
    ...suggestionKeys.suggestion(s.id),
    type: 'suggestion',
    ...s,
    ...(requestHash ? { requestHash } : {}),
    gsi1pk: suggestionKeys.commune(s.commune),
    gsi1sk: listKey(s),
    gsi2pk: PROVINCE_LIST,
    gsi2sk: listKey(s),
  };
}

export function toSuggestion(item: Record<string, unknown>): Suggestion {
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

export async function getSuggestion(store: Store, id: string): Promise<Suggestion | undefined> {
  const out = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: suggestionKeys.suggestion(id), ConsistentRead: true }),
  );
  return out.Item ? toSuggestion(out.Item) : undefined;
}

/** Suggestions by id, one BatchGet per 100, unprocessed keys retried with backoff. */
export async function getSuggestions(store: Store, ids: readonly string[]): Promise<Suggestion[]> {
  const found: Suggestion[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map(suggestionKeys.suggestion);
    for (let attempt = 0; keys && keys.length > 0; attempt++) {
      if (attempt > 8) throw new Error('suggestions could not be read (unprocessed keys)');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out: BatchGetCommandOutput = await store.doc.send(
        new BatchGetCommand({ RequestItems: { [store.table]: { Keys: keys } } }),
      );
      for (const item of out.Responses?.[store.table] ?? []) found.push(toSuggestion(item));
      keys = out.UnprocessedKeys?.[store.table]?.Keys;
    }
  }
  return found;
}

export function putNewSuggestion(
  store: Store,
  s: Suggestion,
  requestHash?: string,
): Promise<'created' | 'exists'> {
  return putNew(store, suggestionItem(s, requestHash));
}

export async function deleteSuggestion(store: Store, id: string): Promise<void> {
  await store.doc.send(new DeleteCommand({ TableName: store.table, Key: suggestionKeys.suggestion(id) }));
}

/** The write of each change, with `applies` as its condition (suggestion.ts). Every name is aliased. */
function changeExpression(change: Change): {
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
    case 'reply':
      return {
        update:
          'SET #status = :answered, #readAt = if_not_exists(#readAt, :at), #answeredAt = if_not_exists(#answeredAt, :at), #replies = list_append(if_not_exists(#replies, :none), :reply)',
        condition: 'attribute_exists(pk) AND #status <> :hidden',
        values: {
          ':answered': 'answered',
          ':at': change.at,
          ':none': [],
          ':reply': [change.reply],
          ':hidden': 'hidden',
        },
      };
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

/**
 * One conditional update. The item as it was comes back with it, so that the counters move from the
 * status it really had; the new state is the same change applied in memory. A refused change reads
 * the suggestion to say why (gone, or the change does not apply to it).
 */
export async function changeSuggestion(
  store: Store,
  id: string,
  change: Change,
): Promise<ChangeOutcome | undefined> {
  const { update, condition, values } = changeExpression(change);
  try {
    const out = await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: suggestionKeys.suggestion(id),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: CHANGE_NAMES[change.kind],
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_OLD',
      }),
    );
    const before = toSuggestion(out.Attributes ?? {});
    return { changed: true, before, after: applyChange(before, change) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const current = await getSuggestion(store, id);
  return current ? { changed: false, current } : undefined;
}

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

/**
 * A page of a list, newest first: one index partition read backwards from `before`, filtered, until
 * `limit` suggestions match or the partition ends. A commune's suggestions are hundreds a year, so a
 * filter that matches few of them still reads little.
 */
export async function newestSuggestions(
  store: Store,
  scope: ListScope,
  options: { before?: string; limit: number },
): Promise<Suggestion[]> {
  const index = scope.commune
    ? { name: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk', value: suggestionKeys.commune(scope.commune) }
    : { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk', value: PROVINCE_LIST };
  const filter = listFilter(scope);
  const found: Suggestion[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
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
}

/** ADD to the box's counters; they start at zero on the first suggestion of a box. */
export async function addToTally(
  store: Store,
  box: Pick<Suggestion, 'box' | 'area' | 'commune'>,
  delta: TallyDelta,
): Promise<void> {
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
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: suggestionKeys.tally(box.box),
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

/** The counters of every box that has had a suggestion, by commune (one Query; for the figures page). */
export async function boxTallies(store: Store, commune?: string): Promise<BoxTally[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
        IndexName: 'gsi2',
        KeyConditionExpression: commune ? 'gsi2pk = :pk AND begins_with(gsi2sk, :c)' : 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': TALLIES, ...(commune ? { ':c': `${commune}#` } : {}) },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
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

export function dynamoSuggestionStore(store: Store): SuggestionStore {
  return {
    get: (id) => getSuggestion(store, id),
    getMany: (ids) => getSuggestions(store, ids),
    put: (s, requestHash) => putNewSuggestion(store, s, requestHash),
    storedRequestHash: (id) => storedRequestHash(store, suggestionKeys.suggestion(id)),
    remove: (id) => deleteSuggestion(store, id),
    change: (id, change) => changeSuggestion(store, id, change),
    newest: (scope, options) => newestSuggestions(store, scope, options),
    tally: (box, delta) => addToTally(store, box, delta),
  };
}
