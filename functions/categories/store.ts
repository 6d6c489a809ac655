import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../shared/store/client';
import { queryAll } from '../shared/store/query';
import type { Category } from './model';

/** Categories share one small partition: pk CATEGORY, sk <code>. */
const categoryKeys = {
  category: (code: string) => ({ pk: 'CATEGORY', sk: code }),
};

export function categoryItem(category: Category): Record<string, unknown> {
  return { ...categoryKeys.category(category.code), type: 'category', ...category };
}

function toCategory(item: Record<string, unknown>): Category {
  return {
    code: item.code as string,
    label: item.label as Category['label'],
    urgency: item.urgency as Category['urgency'],
    mediable: Boolean(item.mediable),
    order: Number(item.order ?? 0),
    // Absent on a category imported before routing existed: route.ts's routeOf gives the default.
    ...(Array.isArray(item.roles) ? { roles: item.roles as NonNullable<Category['roles']> } : {}),
    ...(Array.isArray(item.informed) ? { informed: item.informed as NonNullable<Category['informed']> } : {}),
  };
}

export async function allCategories(store: Store): Promise<Category[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'CATEGORY' },
  });
  return items.map(toCategory).sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
}

export async function getCategory(store: Store, code: string): Promise<Category | undefined> {
  const out = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: categoryKeys.category(code) }),
  );
  return out.Item ? toCategory(out.Item) : undefined;
}
