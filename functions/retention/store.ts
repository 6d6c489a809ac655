import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { reportKeys, reportPartition } from '../reports/store';
import type { Store } from '../shared/store/client';
import { conditionHolds } from '../shared/store/conditions';
import {
  dueBy,
  type Erasure,
  erasureOf,
  RETENTION_INDEX,
  RETENTION_QUEUE,
  retentionKey,
} from '../shared/store/retention';
import type { QueuedItem } from './model';

type Key = { pk: string; sk: string };
type Item = Record<string, unknown>;

/** The queue entry an erasure moves the item to, or none once nothing personal is left. */
function requeue(next: Erasure | undefined): { set: string[]; remove: string[]; values: Item } {
  if (!next) return { set: [], remove: ['gsi4pk', 'gsi4sk'], values: {} };
  const queued = retentionKey(next);
  return {
    set: ['gsi4pk = :retainQueue', 'gsi4sk = :retainAt'],
    remove: [],
    values: { ':retainQueue': queued.gsi4pk, ':retainAt': queued.gsi4sk },
  };
}

function expression(set: readonly string[], remove: readonly string[]): string {
  return [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * The retention job's reads and writes. Every write to a queued item is conditional on the queue entry
 * it was listed under (`gsi4sk = :queued`): a case settled or a suggestion answered after the listing
 * has moved the item's date, and the job leaves it for then.
 */
export function retentionStore(db: Store) {
  const update = (key: Key, queued: string, set: string[], remove: string[], values: Item, names?: Item) =>
    conditionHolds(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key,
          UpdateExpression: expression(set, remove),
          ConditionExpression: 'gsi4sk = :queued',
          ExpressionAttributeValues: { ...values, ':queued': queued },
          ...(names ? { ExpressionAttributeNames: names as Record<string, string> } : {}),
        }),
      ),
    );

  /** An unconditional write to an item of a report being erased (safe to repeat; gone is done). */
  const plain = (key: Key, updateExpression: string, names?: Record<string, string>, values?: Item) =>
    conditionHolds(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key,
          UpdateExpression: updateExpression,
          ConditionExpression: 'attribute_exists(pk)',
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ...(values ? { ExpressionAttributeValues: values } : {}),
        }),
      ),
    );

  return {
    /** Queue entries due at `now`, oldest due first: one Query of the retention index per page. */
    async dueAt(
      now: Date,
      limit: number,
      after?: Item,
    ): Promise<{ items: QueuedItem[]; next?: Item | undefined }> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: RETENTION_INDEX,
          KeyConditionExpression: 'gsi4pk = :q AND gsi4sk <= :due',
          ExpressionAttributeValues: { ':q': RETENTION_QUEUE, ':due': dueBy(now) },
          Limit: limit,
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      );
      const items: QueuedItem[] = [];
      for (const item of out.Items ?? []) {
        const erasure = erasureOf(String(item.gsi4sk));
        if (erasure)
          items.push({
            key: { pk: String(item.pk), sk: String(item.sk) },
            queued: String(item.gsi4sk),
            erasure,
          });
      }
      return { items, next: out.LastEvaluatedKey };
    },

    async get(key: Key): Promise<Item | undefined> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }));
      return out.Item;
    },

    /** Removes a report's contact details, records that the rules did it, and queues what goes next. */
    eraseReportContact(id: string, queued: string, at: string, next: Erasure | undefined) {
      const q = requeue(next);
      return update(
        reportKeys.report(id),
        queued,
        ['contactRemoved = :removed', ...q.set],
        ['contact', ...q.remove],
        { ':removed': { at, by: 'retention' }, ...q.values },
      );
    },

    /** Moves a report on to its next erasure, nothing erased (its contact details were gone already). */
    requeue(key: Key, queued: string, next: Erasure | undefined) {
      const q = requeue(next);
      return update(key, queued, q.set, q.remove, q.values);
    },

    /**
     * Erases what people wrote on a case and who was texted: the officers' replies and notes, the
     * mediator's name on its events, the phones its SMS went to; then, as the commit point, the
     * report's description and place text (and any contact details left). A run that stops between
     * leaves the report queued, and the next run does it all again (each write is idempotent).
     */
    async eraseReportText(
      id: string,
      queued: string,
      at: string,
      held: { mediator: boolean; contact: boolean },
    ): Promise<boolean> {
      for (const item of await reportPartition(db, id)) {
        const key = { pk: String(item.pk), sk: String(item.sk) };
        const sk = key.sk;
        if ((sk.startsWith('REPLY#') || sk.startsWith('NOTE#')) && item.text !== '')
          await plain(key, 'SET #text = :empty', { '#text': 'text' }, { ':empty': '' });
        else if (sk.startsWith('EVENT#') && item.mediator !== undefined) await plain(key, 'REMOVE mediator');
        else if (sk.startsWith('NOTIFY#') && item.to !== undefined)
          await plain(key, 'REMOVE #to', { '#to': 'to' });
        else if (sk.startsWith('TIER#') && Array.isArray(item.recipients))
          await plain(key, 'SET recipients = :recipients', undefined, {
            ':recipients': (item.recipients as Item[]).map(({ to: _phone, ...rest }) => rest),
          });
      }
      // The keyed hash of the request (a replay's check) goes too: it was made from the words.
      return update(
        reportKeys.report(id),
        queued,
        [
          'description = :empty',
          'textRemovedAt = :at',
          ...(held.contact ? ['contactRemoved = :removed'] : []),
        ],
        [
          'place',
          'contact',
          'requestHash',
          ...(held.mediator ? ['mediation.mediator'] : []),
          'gsi4pk',
          'gsi4sk',
        ],
        { ':empty': '', ':at': at, ...(held.contact ? { ':removed': { at, by: 'retention' } } : {}) },
      );
    },

    /** Erases a suggestion's words and its answers' words; the dates and counts stay. */
    eraseSuggestionText(key: Key, queued: string, at: string, replies: Item[], hidden: boolean) {
      // A withheld one's reason was typed by an officer, often quoting it: it goes with the words.
      return update(
        key,
        queued,
        [
          '#text = :empty',
          'replies = :replies',
          'textRemovedAt = :at',
          ...(hidden ? ['hidden.reason = :empty'] : []),
        ],
        ['requestHash', 'gsi4pk', 'gsi4sk'],
        { ':empty': '', ':at': at, ':replies': replies.map((r) => ({ ...r, text: '' })) },
        { '#text': 'text' },
      );
    },

    /** Erases the names and words an opening of a paper box recorded. */
    eraseOpening(key: Key, queued: string, at: string) {
      return update(
        key,
        queued,
        ['openedBy = :empty', 'witnesses = :none', 'entries = :none', 'textRemovedAt = :at'],
        ['gsi4pk', 'gsi4sk'],
        { ':empty': '', ':none': [], ':at': at },
      );
    },

    /** Erases a patrol's notes: when, where and who went stay, for the list and the figures. */
    erasePatrolNotes(key: Key, queued: string, at: string) {
      return update(key, queued, ['notes = :empty', 'notesRemovedAt = :at'], ['gsi4pk', 'gsi4sk'], {
        ':empty': '',
        ':at': at,
      });
    },

    /** Deletes an item whose time is up (an audit record, a digest plan). */
    deleteItem(key: Key, queued: string): Promise<boolean> {
      return conditionHolds(() =>
        db.doc.send(
          new DeleteCommand({
            TableName: db.table,
            Key: key,
            ConditionExpression: 'gsi4sk = :queued',
            ExpressionAttributeValues: { ':queued': queued },
          }),
        ),
      );
    },
  };
}

export type RetentionStore = ReturnType<typeof retentionStore>;
