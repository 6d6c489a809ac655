import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../shared/store/client';
import { queryAll } from '../shared/store/query';
import type { DirectoryStatus, ModelKind, SelfManagementGroup, SelfManagementModel } from './model';

/**
 * Models and groups, each its own item, listed per place on gsi1 and groups per model on gsi2:
 * - model:  pk MODEL#<id>   sk MODEL   gsi1 MODELS#<area> / <id>
 * - group:  pk GROUP#<id>   sk GROUP   gsi1 GROUPS#<area> / <id>   gsi2 MODELGROUPS#<model> / <id>
 */
const directoryKeys = {
  model: (id: string) => ({ pk: `MODEL#${id}`, sk: 'MODEL' }),
  modelsOfArea: (area: string) => `MODELS#${area}`,
  group: (id: string) => ({ pk: `GROUP#${id}`, sk: 'GROUP' }),
  groupsOfArea: (area: string) => `GROUPS#${area}`,
  groupsOfModel: (model: string) => `MODELGROUPS#${model}`,
};

export function modelItem(model: SelfManagementModel): Record<string, unknown> {
  return {
    ...directoryKeys.model(model.id),
    type: 'model',
    ...model,
    gsi1pk: directoryKeys.modelsOfArea(model.area),
    gsi1sk: model.id,
  };
}

export function groupItem(group: SelfManagementGroup): Record<string, unknown> {
  return {
    ...directoryKeys.group(group.id),
    type: 'group',
    ...group,
    gsi1pk: directoryKeys.groupsOfArea(group.area),
    gsi1sk: group.id,
    gsi2pk: directoryKeys.groupsOfModel(group.model),
    gsi2sk: group.id,
  };
}

function toModel(item: Record<string, unknown>): SelfManagementModel {
  return {
    id: item.id as string,
    name: item.name as string,
    kind: item.kind as ModelKind,
    area: item.area as string,
    ...(item.started ? { started: item.started as string } : {}),
    status: item.status as DirectoryStatus,
  };
}

function toGroup(item: Record<string, unknown>): SelfManagementGroup {
  return {
    id: item.id as string,
    name: item.name as string,
    model: item.model as string,
    area: item.area as string,
    leader: item.leader as string,
    members: Number(item.members),
    ...(item.founded ? { founded: item.founded as string } : {}),
    status: item.status as DirectoryStatus,
  };
}

export async function getModel(store: Store, id: string): Promise<SelfManagementModel | undefined> {
  const out = await store.doc.send(new GetCommand({ TableName: store.table, Key: directoryKeys.model(id) }));
  return out.Item ? toModel(out.Item) : undefined;
}

/** Models run by exactly this place. */
export async function modelsByArea(store: Store, area: string): Promise<SelfManagementModel[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': directoryKeys.modelsOfArea(area) },
  });
  return items.map(toModel);
}

/** Groups working in exactly this place. */
export async function groupsByArea(store: Store, area: string): Promise<SelfManagementGroup[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': directoryKeys.groupsOfArea(area) },
  });
  return items.map(toGroup);
}
