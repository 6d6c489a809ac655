import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const outbox = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SECRET_FILE = `${dir}/secret.key`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
  return process.env.TUQUAN_SMS_OUTBOX;
});

import { caseStore } from '../../functions/cases/store';
import { categoryItem } from '../../functions/categories/store';
import { deps as dispatchPorts } from '../../functions/dispatch/deps';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { auditEntriesOfDay } from '../../functions/officers/store';
import type { Officer } from '../../functions/roster/model';
import { allOfficers } from '../../functions/roster/store';
import { parseProvince } from '../../functions/shared/province';
import { importProvince } from '../../infra/import/import';
import type { LocalAuth } from '../../infra/local/auth';
import { startSignedInGateway } from '../support/signed-in-gateway';
import { putItems, testStore } from '../support/store';
import { allItems } from './reports-arrange';

/**
 * Playbooks through the local gateway on the demo province's data: the same route table and handler
 * modules, tokens verified as the JWT authorizer verifies them. A domestic-violence report in Khu Quang
 * Trung 5A (Uông Bí) is dispatched to Uông Bí's police, taken from its SMS link and worked through.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const province = parseProvince(
  JSON.parse(readFileSync(join(ROOT, 'infra/provinces/quang-ninh.json'), 'utf8')),
  'quang-ninh.json',
);
const store = testStore();
const dir = mkdtempSync(join(tmpdir(), 'tuquan-playbooks-'));
let server: Server;
let base = '';
let auth: LocalAuth;
let officers: Map<string, Officer>;
let report = { id: '', receipt: '' };

const VIOLENCE_VI = [
  'An toàn trước hết: đến nơi cùng một đồng đội, tách người bị bạo lực khỏi người gây bạo lực.',
  'Có người bị thương: gọi 113 và 115, sơ cứu trong lúc chờ.',
  'Nếu người bị bạo lực muốn, đưa họ và trẻ em đến nơi an toàn (nhà người thân, địa chỉ tin cậy của khu dân cư).',
  'Báo Hội Liên hiệp Phụ nữ xã, phường, đặc khu để hỗ trợ, tư vấn cho người bị bạo lực.',
  'Không hòa giải khi còn nguy hiểm; chỉ tính đến hòa giải khi người bị bạo lực đã an toàn và tự nguyện.',
  'Ghi sự việc, thương tích nhìn thấy và lời người bị bạo lực vào ghi chú nội bộ của vụ việc.',
];
const VIOLENCE_EN = [
  'Safety first: go with a colleague and separate the person harmed from the one who harmed them.',
  'If anyone is hurt: call 113 and 115, and give first aid while waiting.',
  "If the person harmed wishes, take them and any children somewhere safe (relatives, the area's trusted address).",
  "Contact the local Women's Union to support and advise the person harmed.",
  'No mediation while there is danger; consider it only once the person harmed is safe and freely agrees.',
  "Record what happened, the injuries seen and what the person harmed said in the case's internal note.",
];
const UB_POLICE = {
  role: 'police',
  officerId: 'UONG-BI-CA1',
  name: 'Vũ Hoàng Giang',
  place: { name: 'Uông Bí', kind: 'ward' },
};
const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

const call = async (
  path: string,
  init: { officer?: string; method?: string; body?: unknown; lang?: 'vi' | 'en'; accept?: string } = {},
) => {
  const headers: Record<string, string> = { accept: init.accept ?? 'application/json' };
  if (init.officer)
    headers.authorization = `Bearer ${await auth.issue(officers.get(init.officer) as Officer)}`;
  if (init.lang) headers['accept-language'] = init.lang;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (init.accept ? text : JSON.parse(text)) as unknown };
};
const tick = (id: string, step: number, done: boolean, officer = 'UONG-BI-CA1', lang?: 'vi' | 'en') =>
  call(`/api/officer/reports/${id}/steps`, {
    officer,
    method: 'POST',
    body: { step, done },
    ...(lang ? { lang } : {}),
  });
const stepEntries = async (id: string) =>
  (await allItems(store))
    .filter((i) => i.pk === `REPORT#${id}` && String(i.sk).startsWith('STEP#'))
    .map(({ pk: _pk, ...rest }) => rest);

beforeAll(async () => {
  const summary = await importProvince(store, join(ROOT, 'infra/provinces/quang-ninh'), {
    province,
    now: new Date(),
  });
  expect(summary.errors).toEqual([]);
  // A category the province added without writing its playbook yet.
  await putItems(store, [
    categoryItem({
      code: 'lost_property',
      label: { vi: 'Nhặt được của rơi', en: 'Lost property' },
      urgency: 'low',
      mediable: false,
      order: 13,
      roles: ['police'],
      informed: [],
    }),
  ]);
  officers = new Map((await allOfficers(store)).map((o) => [o.id, o]));
  ({ server, base, auth } = await startSignedInGateway(store, dir));

  const created = await call('/api/reports', {
    method: 'POST',
    body: {
      area: 'UONG-BI-QT5A',
      category: 'domestic_violence',
      description: 'Nghe tiếng đánh nhau và tiếng trẻ khóc ở nhà bên cạnh.',
    },
  });
  expect(created.status).toBe(201);
  report = created.body as { id: string; receipt: string };
  await dispatchReport(dispatchPorts(), report.id);
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/officer/playbooks', () => {
  it('answers the steps in Vietnamese, and in English when the request asks for it', async () => {
    const [vi, en] = await Promise.all([
      call('/api/officer/playbooks?category=domestic_violence', { officer: 'HA-LONG-CA1' }),
      call('/api/officer/playbooks?category=domestic_violence', { officer: 'HA-LONG-CA1', lang: 'en' }),
    ]);

    expect(vi).toEqual({
      status: 200,
      body: { category: 'domestic_violence', steps: VIOLENCE_VI.map((text, i) => ({ step: i + 1, text })) },
    });
    expect(en).toEqual({
      status: 200,
      body: { category: 'domestic_violence', steps: VIOLENCE_EN.map((text, i) => ({ step: i + 1, text })) },
    });
  });

  it('answers no steps for a category without a playbook, 404 for an unknown one, 400 for a malformed one', async () => {
    const [none, unknown, malformed] = await Promise.all([
      call('/api/officer/playbooks?category=lost_property', { officer: 'HA-LONG-CA1', lang: 'en' }),
      call('/api/officer/playbooks?category=piracy', { officer: 'HA-LONG-CA1', lang: 'en' }),
      call('/api/officer/playbooks?category=Theft!', { officer: 'HA-LONG-CA1', lang: 'en' }),
    ]);

    expect(none).toEqual({ status: 200, body: { category: 'lost_property', steps: [] } });
    expect(unknown).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'No such kind of incident.' } },
    });
    expect(malformed).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Not sent yet. Correct the marked boxes, then send again.',
          fields: { category: 'Not filled in right.' },
        },
      },
    });
  });
});

describe('the acknowledge link', () => {
  it('shows no steps before the report is taken, and the first three once the officer takes it', async () => {
    const sms = readFileSync(outbox, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { to: string; body: string; reportId: string })
      // The ward's police officer on duty now, by day or by night (roster.csv).
      .find((m) => m.reportId === report.id && ['+84900000040', '+84900000041'].includes(m.to));
    if (!sms) throw new Error(`no SMS about ${report.id} to the ward's police`);
    const path = `/api/ack/${sms.body.split('/api/ack/')[1] ?? ''}?lang=en`;

    const shown = await call(path, { accept: 'text/html' });
    const taken = await call(path, { method: 'POST', accept: 'text/html' });

    expect(shown.status).toBe(200);
    expect(shown.body).not.toContain('What to do first');
    expect(taken.status).toBe(200);
    const steps = /<section aria-labelledby="first-steps">([\s\S]*?)<\/section>/.exec(
      String(taken.body),
    )?.[1];
    expect(steps).toBe(
      `<h2 id="first-steps">What to do first</h2>\n<ol class="steps">${VIOLENCE_EN.slice(0, 3)
        .map((text, i) => `<li value="${i + 1}">${text.replaceAll("'", '&#39;')}</li>`)
        .join('')}</ol>`,
    );
    expect(taken.body).toContain(
      `<a href="/en/officer/report/?id=${report.id}">See all 6 steps, and tick each one done, on the case page.</a>`,
    );
  });
});

describe('POST /api/officer/reports/{id}/steps', () => {
  it('shows the whole playbook as an unticked checklist in the case view', async () => {
    const view = await call(`/api/officer/reports/${report.id}`, { officer: 'UONG-BI-CA1', lang: 'en' });

    expect(view.status).toBe(200);
    expect((view.body as { checklist: unknown }).checklist).toEqual({
      category: 'domestic_violence',
      steps: VIOLENCE_EN.map((text, i) => ({ step: i + 1, text, done: false })),
      complete: false,
    });
  });

  it('ticks a step once: ticking it again changes nothing and adds no timeline entry', async () => {
    const first = await tick(report.id, 1, true, 'UONG-BI-CA1', 'en');
    const entriesAfterFirst = await stepEntries(report.id);
    const again = await tick(report.id, 1, true, 'UONG-BI-CA2', 'en');

    const expected = {
      id: report.id,
      category: 'domestic_violence',
      steps: VIOLENCE_EN.map((text, i) =>
        i === 0 ? { step: 1, text, done: true, by: UB_POLICE, at: ISO } : { step: i + 1, text, done: false },
      ),
      complete: false,
    };
    expect(first).toEqual({ status: 200, body: expected });
    expect(again).toEqual(first);
    const at = (first.body as typeof expected).steps[0]?.at;
    expect(await stepEntries(report.id)).toEqual([
      {
        sk: `STEP#${at}#1`,
        type: 'step',
        at,
        step: 1,
        done: true,
        by: { officerId: 'UONG-BI-CA1', role: 'police' },
      },
    ]);
    expect(entriesAfterFirst).toEqual(await stepEntries(report.id));
  });

  it('records each change in the internal timeline, and never in what the resident follows up', async () => {
    const before = await call('/api/follow-up', { method: 'POST', body: { receipt: report.receipt } });
    await tick(report.id, 2, true);
    await tick(report.id, 2, false);

    const after = await call('/api/follow-up', { method: 'POST', body: { receipt: report.receipt } });
    const view = await call(`/api/officer/reports/${report.id}`, { officer: 'UONG-BI-CA2' });

    expect(after).toEqual(before);
    expect(JSON.stringify(after.body)).not.toMatch(/step|Vũ Hoàng Giang|UONG-BI-CA1/);
    const timeline = (view.body as { timeline: { status: string }[] }).timeline;
    expect(timeline.filter((e) => e.status.startsWith('step_'))).toEqual([
      { at: ISO, status: 'step_done', step: 1, by: UB_POLICE },
      { at: ISO, status: 'step_done', step: 2, by: UB_POLICE },
      { at: ISO, status: 'step_undone', step: 2, by: UB_POLICE },
    ]);
  });

  it('refuses a step the playbook does not have, naming the field, and writes nothing', async () => {
    const entries = await stepEntries(report.id);

    const answers = await Promise.all([
      tick(report.id, 7, true, 'UONG-BI-CA1', 'en'),
      tick(report.id, 0, true),
    ]);

    expect(answers[0]).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Not sent yet. Correct the marked boxes, then send again.',
          fields: { step: 'The playbook of this kind of incident has no such step.' },
        },
      },
    });
    expect(answers[1].status).toBe(400);
    expect(Object.keys((answers[1].body as { error: { fields: object } }).error.fields)).toEqual(['step']);
    expect(await stepEntries(report.id)).toEqual(entries);
  });

  it('refuses an officer of another place with 403 and an audit entry', async () => {
    const before = new Date().toISOString().slice(0, 10);
    const answer = await tick(report.id, 3, true, 'HA-LONG-CA1', 'en');
    const after = new Date().toISOString().slice(0, 10);

    expect(answer).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'You may not do this.' } },
    });
    // The audit is kept by UTC day: the request may have crossed midnight.
    const entries = (
      await Promise.all([...new Set([before, after])].map((day) => auditEntriesOfDay(store, day)))
    ).flat();
    expect(entries.filter((e) => e.action === 'tick playbook step')).toEqual([
      {
        officerId: 'HA-LONG-CA1',
        action: 'tick playbook step',
        outcome: 'denied',
        targets: ['UONG-BI-QT5A'],
        count: 1,
        hour: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
        first: ISO,
        last: ISO,
      },
    ]);
    expect(await stepEntries(report.id)).not.toContainEqual(expect.objectContaining({ step: 3 }));
  });

  it('counts the case in the figures once every step is ticked, and no more once one is unticked', async () => {
    const figures = async () =>
      (
        (await call('/api/officer/stats?area=UONG-BI', { officer: 'UONG-BI-CA1' })).body as {
          checklists: unknown;
        }
      ).checklists;
    const before = await figures();

    for (const step of [2, 3, 4, 5, 6]) await tick(report.id, step, true);
    const done = await figures();
    await tick(report.id, 6, true);
    const again = await figures();
    await tick(report.id, 4, false);
    const undone = await figures();

    expect(before).toEqual({ cases: 1, complete: 0, percent: 0 });
    expect(done).toEqual({ cases: 1, complete: 1, percent: 100 });
    expect(again).toEqual(done);
    expect(undone).toEqual(before);
  });

  it('makes up the count of a tick stored by a request that stopped before counting, when it is sent again', async () => {
    const figures = async () =>
      (
        (await call('/api/officer/stats?area=UONG-BI', { officer: 'UONG-BI-CA1' })).body as {
          checklists: unknown;
        }
      ).checklists;
    const cases = caseStore(store);
    // Step 4 is unticked: a request that saw the list complete earlier cannot count it now.
    const staleFlip = await cases.markCounted(report.id, [1, 2, 3, 4, 5, 6], true);
    // Step 4 is ticked again and stored, then the function stops: nothing is counted.
    const stored = await cases.setStep(report.id, 4, {
      done: true,
      at: new Date().toISOString(),
      by: { officerId: 'UONG-BI-CA1', role: 'police' },
    });
    const lost = await figures();

    const retried = await tick(report.id, 4, true);
    const counted = await figures();
    await tick(report.id, 4, true);

    expect([stored.changed, stored.counted, staleFlip]).toEqual([true, false, false]);
    expect(lost).toEqual({ cases: 1, complete: 0, percent: 0 });
    expect((retried.body as { complete: boolean }).complete).toBe(true);
    expect(counted).toEqual({ cases: 1, complete: 1, percent: 100 });
    expect(await figures()).toEqual(counted);
  });
});
