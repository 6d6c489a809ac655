import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../shared/store/batch';
import type { Store } from '../shared/store/client';
import { conditionHolds } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import {
  MAX_SHIFT_MS,
  type Officer,
  type OfficerAccess,
  type OfficerOnDuty,
  type OfficerRole,
  type Shift,
} from './model';
import type { RosterPattern, Weekday } from './pattern';

/**
 * Officers, shifts and roster patterns in the one table:
 * - officer:  pk OFFICER#<id>   sk OFFICER                 gsi1 OFFICERS / <id>   gsi2 LOGIN#<email> / OFFICER#<id>
 *                                                          gsi3 SUBJECT#<Cognito sub> / OFFICER#<id> (once bound)
 * - shift:    pk AREA#<code>    sk SHIFT#<start>#<officer> gsi1 OFFICERSHIFTS#<officer> / <start>#<area>
 * - pattern:  pk ROSTER         sk <id>
 * A shift lives in its area's partition, keyed by its UTC start, and lasts at most a day: who is on
 * duty at t is one bounded Query (starts in [t - 24 h, t]) plus one BatchGet of the officers.
 * Phones stay on the officer item only, so that a changed phone is right in every shift at once.
 */
export const rosterKeys = {
  officer: (id: string) => ({ pk: `OFFICER#${id}`, sk: 'OFFICER' }),
  allOfficers: 'OFFICERS',
  login: (email: string) => `LOGIN#${email.trim().toLowerCase()}`,
  subject: (sub: string) => `SUBJECT#${sub}`,
  shiftPk: (area: string) => `AREA#${area}`,
  shiftSk: (start: string, officer: string) => `SHIFT#${start}#${officer}`,
  officerShifts: (officer: string) => `OFFICERSHIFTS#${officer}`,
  pattern: (id: string) => ({ pk: 'ROSTER', sk: id }),
};

// Sorts after any officer id ([A-Z0-9-]) and any area code: closes a range "up to and including t".
const HIGH = '\uffff';

export function officerItem(officer: Officer): Record<string, unknown> {
  return {
    ...rosterKeys.officer(officer.id),
    type: 'officer',
    id: officer.id,
    name: officer.name,
    phone: officer.phone,
    role: officer.role,
    access: officer.access,
    areas: officer.areas,
    login: officer.login,
    gsi1pk: rosterKeys.allOfficers,
    gsi1sk: officer.id,
    gsi2pk: rosterKeys.login(officer.login),
    gsi2sk: `OFFICER#${officer.id}`,
    ...(officer.sub ? subjectAttributes(officer.id, officer.sub) : {}),
  };
}

/** What binds an officer item to a Cognito user: the sub and its entry in the sign-in index. */
function subjectAttributes(id: string, sub: string) {
  return { sub, gsi3pk: rosterKeys.subject(sub), gsi3sk: `OFFICER#${id}` };
}

export function shiftItem(shift: Shift): Record<string, unknown> {
  return {
    pk: rosterKeys.shiftPk(shift.area),
    sk: rosterKeys.shiftSk(shift.start, shift.officer),
    type: 'shift',
    area: shift.area,
    officer: shift.officer,
    start: shift.start,
    end: shift.end,
    source: shift.source,
    ...(shift.roster ? { roster: shift.roster } : {}),
    gsi1pk: rosterKeys.officerShifts(shift.officer),
    gsi1sk: `${shift.start}#${shift.area}`,
  };
}

export function rosterPatternItem(pattern: RosterPattern): Record<string, unknown> {
  return { ...rosterKeys.pattern(pattern.id), type: 'rosterPattern', ...pattern };
}

function toOfficer(item: Record<string, unknown>): Officer {
  return {
    id: item.id as string,
    name: item.name as string,
    phone: item.phone as string,
    role: item.role as OfficerRole,
    access: item.access as OfficerAccess,
    areas: (item.areas as string[] | undefined) ?? [],
    login: item.login as string,
    ...(typeof item.sub === 'string' ? { sub: item.sub } : {}),
  };
}

function toShift(item: Record<string, unknown>): Shift {
  return {
    area: item.area as string,
    officer: item.officer as string,
    start: item.start as string,
    end: item.end as string,
    source: item.source === 'file' ? 'file' : 'roster',
    ...(item.roster ? { roster: item.roster as string } : {}),
  };
}

function toPattern(item: Record<string, unknown>): RosterPattern {
  return {
    id: item.id as string,
    area: item.area as string,
    officers: item.officers as string[],
    days: item.days as Weekday[],
    from: item.from as string,
    to: item.to as string,
    validFrom: item.validFrom as string,
    validTo: item.validTo as string,
  };
}

export async function getOfficer(store: Store, id: string): Promise<Officer | undefined> {
  const out = await store.doc.send(new GetCommand({ TableName: store.table, Key: rosterKeys.officer(id) }));
  return out.Item ? toOfficer(out.Item) : undefined;
}

/** Officers by id, in one BatchGet per 100 (unknown ids are left out). */
export async function getOfficers(store: Store, ids: readonly string[]): Promise<Map<string, Officer>> {
  const items = await batchGet(store, [...new Set(ids)].map(rosterKeys.officer));
  return new Map(items.map((item) => [item.id as string, toOfficer(item)]));
}

/** One officer found on a sign-in index; two for one key would be ambiguous, so that answers none. */
async function soleOfficer(store: Store, index: 'gsi2' | 'gsi3', pk: string): Promise<Officer | undefined> {
  const items = await queryAll(
    store,
    {
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': pk },
    },
    2,
  );
  return items.length === 1 && items[0] ? toOfficer(items[0]) : undefined;
}

/**
 * The officer behind a signed-in identity (officers/access.ts holds the rule): by the Cognito user's
 * `sub` once bound, by the imported `login` before, and the one conditional write that binds them.
 */
export function officerLookup(store: Store) {
  return {
    /** The officer bound to this Cognito user. */
    officerBySubject: (sub: string) => soleOfficer(store, 'gsi3', rosterKeys.subject(sub)),
    /** The imported officer whose `login` is this e-mail (any case). */
    officerByLogin: (email: string) => soleOfficer(store, 'gsi2', rosterKeys.login(email)),
    /**
     * Records `sub` on the officer once: true when it is now theirs, false when the officer is bound to
     * another user already, or no longer has this login (an import changed it meanwhile).
     */
    bindSubject: (officer: Pick<Officer, 'id' | 'login'>, sub: string) =>
      conditionHolds(() => {
        const bound = subjectAttributes(officer.id, sub);
        return store.doc.send(
          new UpdateCommand({
            TableName: store.table,
            Key: rosterKeys.officer(officer.id),
            UpdateExpression: 'SET #sub = :sub, #gpk = :gpk, #gsk = :gsk',
            ConditionExpression:
              'attribute_exists(pk) AND #login = :login AND (attribute_not_exists(#sub) OR #sub = :sub)',
            ExpressionAttributeNames: {
              '#sub': 'sub',
              '#gpk': 'gsi3pk',
              '#gsk': 'gsi3sk',
              '#login': 'login',
            },
            ExpressionAttributeValues: {
              ':sub': bound.sub,
              ':gpk': bound.gsi3pk,
              ':gsk': bound.gsi3sk,
              ':login': officer.login,
            },
          }),
        );
      }),
  };
}

/** Every officer, by id (export, the local sign-in list). */
export async function allOfficers(store: Store): Promise<Officer[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': rosterKeys.allOfficers },
  });
  return items.map(toOfficer);
}

/** Shifts of one area whose start lies in [from, to] (UTC ISO bounds, inclusive). */
export async function shiftsInArea(store: Store, area: string, from: string, to: string): Promise<Shift[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': rosterKeys.shiftPk(area),
      ':from': `SHIFT#${from}`,
      ':to': `SHIFT#${to}${HIGH}`,
    },
  });
  return items.map(toShift);
}

async function shiftsCovering(store: Store, area: string, at: Date): Promise<Shift[]> {
  const atIso = at.toISOString();
  const earliest = new Date(at.getTime() - MAX_SHIFT_MS).toISOString();
  const shifts = await shiftsInArea(store, area, earliest, atIso);
  return shifts.filter((s) => s.start <= atIso && s.end > atIso);
}

function onDuty(officer: Officer): OfficerOnDuty {
  return { id: officer.id, name: officer.name, phone: officer.phone, role: officer.role };
}

/**
 * Officers whose shift in exactly this area covers `at` (start <= at < end), in the order of their
 * shifts' starts. The dispatcher walks up the area's ancestors itself when nobody is on duty here.
 */
export async function onDutyOfficers(store: Store, areaCode: string, at: Date): Promise<OfficerOnDuty[]> {
  const [result] = await onDutyInAreas(store, [areaCode], at);
  return result?.officers ?? [];
}

/** onDutyOfficers for several areas at once, with one BatchGet for all their officers. */
export async function onDutyInAreas(
  store: Store,
  areaCodes: readonly string[],
  at: Date,
): Promise<{ area: string; officers: OfficerOnDuty[] }[]> {
  const shifts = await Promise.all(areaCodes.map((area) => shiftsCovering(store, area, at)));
  const officers = await getOfficers(
    store,
    shifts.flat().map((s) => s.officer),
  );
  return areaCodes.map((area, i) => {
    const seen = new Set<string>();
    const list: OfficerOnDuty[] = [];
    for (const shift of shifts[i] ?? []) {
      const officer = officers.get(shift.officer);
      if (!officer || seen.has(officer.id)) continue;
      seen.add(officer.id);
      list.push(onDuty(officer));
    }
    return { area, officers: list };
  });
}

/** An officer's shifts that overlap [from, to), in start order, in every area. */
export async function shiftsOfOfficer(
  store: Store,
  officerId: string,
  from: Date,
  to: Date,
): Promise<Shift[]> {
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': rosterKeys.officerShifts(officerId),
      ':from': new Date(from.getTime() - MAX_SHIFT_MS).toISOString(),
      ':to': toIso,
    },
  });
  return items.map(toShift).filter((s) => s.end > fromIso && s.start < toIso);
}

/** Every stored roster pattern, by id (export). */
export async function rosterPatterns(store: Store): Promise<RosterPattern[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'ROSTER' },
  });
  return items.map(toPattern);
}
