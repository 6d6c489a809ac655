import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../shared/store/client';
import { queryAll } from '../shared/store/query';
import type { Playbook, PlaybookStep } from './model';

/**
 * One item per category with a playbook, in one small partition: pk PLAYBOOK, sk <category>,
 * `steps` [{step, text: {vi, en}}] in order. A playbook is read whole (one GetItem) and written whole by
 * the import, so a step removed from the file leaves the item with it.
 */
export const playbookKeys = {
  playbook: (category: string) => ({ pk: 'PLAYBOOK', sk: category }),
};

export function playbookItem(playbook: Playbook): Record<string, unknown> {
  return { ...playbookKeys.playbook(playbook.category), type: 'playbook', ...playbook };
}

function toPlaybook(item: Record<string, unknown>): Playbook {
  return {
    category: item.category as string,
    steps: ((item.steps as PlaybookStep[] | undefined) ?? []).map((s) => ({
      step: Number(s.step),
      text: { vi: s.text.vi, en: s.text.en },
    })),
  };
}

export async function getPlaybook(store: Store, category: string): Promise<Playbook | undefined> {
  const out = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: playbookKeys.playbook(category) }),
  );
  return out.Item ? toPlaybook(out.Item) : undefined;
}

/** Every playbook of the province, by category (a dozen items: one Query). */
export async function allPlaybooks(store: Store): Promise<Playbook[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'PLAYBOOK' },
  });
  return items.map(toPlaybook).sort((a, b) => a.category.localeCompare(b.category));
}
