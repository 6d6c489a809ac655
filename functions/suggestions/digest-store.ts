import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { boxKeys } from '../boxes/store';
import { dynamoDispatchStore } from '../dispatch/store';
import type { Store } from '../shared/store/client';
import { isConditionFailure } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import type { DigestPlan, DigestSmsState, DigestStore, NewSuggestion } from './digest';
import { PROVINCE_LIST } from './store';

/**
 * The daily digest's items, in the box's partition:
 * - pk BOX#<box>  sk DIGESTED                    the box's last digest {cutoff, day}
 * - pk BOX#<box>  sk DIGEST#<day>                that day's plan: the count and who is texted
 * - pk BOX#<box>  sk DIGESTSMS#<day>#<officer>   one SMS: claimed, then sent / failed / capped
 * New suggestions are read from the province's list (gsi2 SUGGESTIONS), by time: no Scan, no marker.
 */
export const digestKeys = {
  digested: (box: string) => ({ pk: boxKeys.partition(box), sk: 'DIGESTED' }),
  plan: (box: string, day: string) => ({ pk: boxKeys.partition(box), sk: `DIGEST#${day}` }),
  sms: (box: string, day: string, key: string) => ({
    pk: boxKeys.partition(box),
    sk: `DIGESTSMS#${day}#${key}`,
  }),
};

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

export function dynamoDigestStore(store: Store): DigestStore {
  const table = store.table;
  const getPlan = async (box: string, day: string) => {
    const out = await store.doc.send(
      new GetCommand({ TableName: table, Key: digestKeys.plan(box, day), ConsistentRead: true }),
    );
    return out.Item ? toPlan(out.Item) : undefined;
  };
  const reserve = dynamoDispatchStore(store).reserveSms;

  return {
    async newOnline(from, to) {
      const items = await queryAll(store, {
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
      const out = await store.doc.send(
        new GetCommand({ TableName: table, Key: digestKeys.digested(box), ConsistentRead: true }),
      );
      return out.Item ? { cutoff: out.Item.cutoff as string, day: out.Item.day as string } : undefined;
    },

    getPlan,

    async putPlan(plan) {
      try {
        await store.doc.send(
          new PutCommand({
            TableName: table,
            Item: { ...digestKeys.plan(plan.box, plan.day), type: 'digestPlan', ...plan },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return plan;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      return (await getPlan(plan.box, plan.day)) ?? plan;
    },

    async claim(plan, key, claim, at) {
      try {
        await store.doc.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...digestKeys.sms(plan.box, plan.day, key),
              type: 'digestSms',
              state: 'sending',
              claim,
              claimedAt: at,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'claimed';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const out = await store.doc.send(
        new GetCommand({
          TableName: table,
          Key: digestKeys.sms(plan.box, plan.day, key),
          ConsistentRead: true,
        }),
      );
      return (out.Item?.state as DigestSmsState | undefined) ?? 'sending';
    },

    async settle(plan, key, claim, state) {
      try {
        await store.doc.send(
          new UpdateCommand({
            TableName: table,
            Key: digestKeys.sms(plan.box, plan.day, key),
            UpdateExpression: 'SET #state = :state',
            ConditionExpression: '#claim = :claim',
            ExpressionAttributeNames: { '#state': 'state', '#claim': 'claim' },
            ExpressionAttributeValues: { ':state': state, ':claim': claim },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async release(plan, key, claim) {
      try {
        await store.doc.send(
          new DeleteCommand({
            TableName: table,
            Key: digestKeys.sms(plan.box, plan.day, key),
            ConditionExpression: '#claim = :claim',
            ExpressionAttributeNames: { '#claim': 'claim' },
            ExpressionAttributeValues: { ':claim': claim },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async markDigested(box, mark) {
      try {
        await store.doc.send(
          new PutCommand({
            TableName: table,
            Item: { ...digestKeys.digested(box), type: 'digestMark', box, ...mark },
            ConditionExpression: 'attribute_not_exists(pk) OR #cutoff < :cutoff',
            ExpressionAttributeNames: { '#cutoff': 'cutoff' },
            ExpressionAttributeValues: { ':cutoff': mark.cutoff },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    reserveSms: (day, cap) => reserve(day, cap),
  };
}
