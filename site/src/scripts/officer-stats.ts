import type { PublicArea } from '../../../functions/areas/model';
import type { Me } from '../../../functions/officers/who-am-i';
import type { Figures } from '../../../functions/stats/figures';
import { byId, el, lang } from './dom';
import { api } from './officer-api';
import { type PairRow, pairedBars, shareBar } from './officer-charts';
import { problem, start, W } from './officer-console';

const form = byId<HTMLFormElement>('stats-form');
const status = byId('stats-status');
const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const n = (value: number) => number.format(value);
const pct = (value: number | null) => (value === null ? W.noData : `${n(value)}%`);
const signed = (value: number | null) => (value === null ? W.noData : `${value > 0 ? '+' : ''}${n(value)}%`);
const monthName = (month: string) => `${month.slice(5)}/${month.slice(0, 4)}`;

function query(extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  for (const [name, value] of new FormData(form))
    if (typeof value === 'string' && value) params.set(name, value);
  return params.toString();
}

function table(id: string, head: string[], rows: (string | number)[][]): void {
  const thead = el('thead');
  const tr = el('tr');
  tr.append(...head.map((h) => el('th', h, { scope: 'col' })));
  thead.append(tr);
  const tbody = el('tbody');
  for (const row of rows) {
    const line = el('tr');
    row.forEach((cell, i) => {
      line.append(i === 0 ? el('th', String(cell), { scope: 'row' }) : el('td', String(cell)));
    });
    tbody.append(line);
  }
  byId(id).replaceChildren(thead, tbody);
}

/** Each chart's drawing for a width: drawn at the width its box has, again when the page's changes. */
const drawings = new Map<HTMLElement, (width: number) => string>();

function draw(box: HTMLElement, svg?: (width: number) => string): void {
  if (svg) drawings.set(box, svg);
  box.innerHTML = drawings.get(box)?.(box.clientWidth) ?? '';
}
addEventListener('resize', () => {
  for (const box of drawings.keys()) draw(box);
});

function pairs(id: string, title: string, first: string, rows: PairRow[], changes: (number | null)[]): void {
  const words = { title: W.chartOf(title), now: W.thisPeriod, before: W.lastYear, format: n };
  draw(byId(`chart-${id}`), (width) => pairedBars(`c-${id}`, rows, words, width));
  table(
    `table-${id}`,
    [first, W.thisPeriod, W.lastYear, W.changed],
    rows.map((r, i) => [r.label, n(r.now), n(r.before), signed(changes[i] ?? null)]),
  );
}

/** A list of terms and their values. */
function facts(id: string, items: [string, string][]): void {
  byId(id).replaceChildren(...items.flatMap(([term, value]) => [el('dt', term), el('dd', value)]));
}

function summary(f: Figures): void {
  const items: [string, string][] = [
    [
      W.incidents,
      `${n(f.incidents.count)} (${W.lastYear}: ${n(f.incidents.previous)}; ${signed(f.incidents.changePercent)})`,
    ],
    [W.mediated, `${pct(f.mediation.settledPercent)} (${n(f.mediation.success)}/${n(f.mediation.disputes)})`],
    [
      W.ackTime,
      f.acknowledgement.medianMinutes === null
        ? W.noData
        : `${W.median}: ${W.within(n(f.acknowledgement.medianMinutes))}; ${W.p90}: ${W.within(n(f.acknowledgement.p90Minutes ?? 0))}`,
    ],
    [W.escalated, `${pct(f.escalation.percent)} (${n(f.escalation.escalated)})`],
    [W.smsSent, `${n(f.sms.sent)} (${W.smsCost(n(f.sms.estimatedCostUsd))})`],
    [W.duplicates, n(f.duplicates)],
  ];
  facts('summary', items);
}

/** The share of cases whose playbook steps were all ticked, among cases of kinds with a playbook. */
function checklists(f: Figures): void {
  byId('checklists-cases').textContent = n(f.checklists.cases);
  byId('checklists-complete').textContent = n(f.checklists.complete);
  byId('checklists-share').textContent = pct(f.checklists.percent);
}

function show(f: Figures): void {
  // Shown first: the charts are drawn for the width their boxes have on the page.
  byId('figures').hidden = false;
  byId('figures-title').textContent =
    `${f.area.name} · ${monthName(f.period.from)}–${monthName(f.period.to)}`;
  summary(f);
  checklists(f);
  // Drawn by its own module, loaded after the rest: the page's first script stays within its budget.
  void import('./officer-stats-patrols').then((patrols) => patrols.patrolPart(f, table));
  pairs(
    'months',
    W.byMonth,
    W.month,
    f.months.map((m) => ({ label: monthName(m.month), now: m.count, before: m.previous })),
    f.months.map((m) =>
      m.previous === 0 ? null : Math.round(((m.count - m.previous) / m.previous) * 1000) / 10,
    ),
  );
  const categories = f.categories.filter((c) => c.count > 0 || c.previous > 0);
  pairs(
    'categories',
    W.byCategory,
    W.category,
    categories.map((c) => ({ label: c.label[lang], now: c.count, before: c.previous })),
    categories.map((c) => c.changePercent),
  );
  byId('figure-areas').hidden = f.areas.length === 0;
  pairs(
    'areas',
    W.byArea,
    W.area,
    f.areas.map((a) => ({ label: a.name, now: a.count, before: a.previous })),
    f.areas.map((a) => a.changePercent),
  );
  const goal = f.goals.mediationPercent;
  const shareWords = {
    title: W.chartOf(`${W.mediated} (${W.goal}: ${goal.from}–${goal.to}%)`),
    goal: W.goal,
    format: (v: number) => `${n(v)}%`,
  };
  draw(byId('chart-mediation'), (width) =>
    shareBar('c-mediation', f.mediation.settledPercent, goal, shareWords, width),
  );
  table(
    'table-mediation',
    [W.mediation, W.value],
    [
      [W.disputes, n(f.mediation.disputes)],
      [W.success, n(f.mediation.success)],
      [W.failedOutcome, n(f.mediation.failed)],
      [W.referredOutcome, n(f.mediation.referred)],
      [W.share, pct(f.mediation.settledPercent)],
      [W.goal, `${goal.from}–${goal.to}%`],
    ],
  );
  smsPart(f);
}

/** The SMS of the last days, today's budget and today's flood alerts (issue 14). */
function smsPart(f: Figures): void {
  table(
    'table-sms-days',
    [W.day, W.smsSent, W.smsSummaries, W.smsGrouped, W.smsHeld, W.smsCapped],
    [...f.smsDays]
      .reverse()
      .map((d) => [
        `${d.day.slice(8)}/${d.day.slice(5, 7)}`,
        n(d.sent),
        n(d.summaries),
        n(d.grouped),
        n(d.held),
        n(d.capped),
      ]),
  );
  const b = f.smsBudget;
  const items: [string, string][] = [
    [W.smsSpent, `${n(b.spent)} / ${n(b.cap)}`],
    [W.smsNormalLimit, n(b.normalLimit)],
    [W.smsReserveLeft, `${n(b.reserveLeft)} / ${n(b.reserve)}`],
    [W.smsCommuneLimit, n(b.communeLimit)],
  ];
  facts('sms-budget', items);
  table(
    'table-sms-communes',
    [W.smsCommunes, W.smsSpent, W.share],
    b.communes.map((c) => [c.name, n(c.spent), pct(c.sharePercent)]),
  );
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
  });
  byId('floods').replaceChildren(
    ...(f.floodAlerts.length === 0
      ? [el('li', W.noFloods)]
      : f.floodAlerts.map((a) =>
          el(
            'li',
            W.floodLine(a.areaName, n(a.count), n(a.windowMinutes), n(a.normal), time.format(new Date(a.at))),
          ),
        )),
  );
}

async function load(): Promise<void> {
  status.textContent = W.loading;
  try {
    const answer = await api<Figures>(`/api/officer/stats?${query()}`);
    if (answer.status !== 200) {
      status.textContent = problem(answer);
      return;
    }
    status.textContent = '';
    show(answer.data);
  } catch {
    status.textContent = W.offline;
  }
}

/** The CSV downloads' code, loaded at the first one. */
const download = (path: string, box: HTMLElement) =>
  import('./officer-download').then((m) => m.downloadCsv(path, box));

function fillAreas(me: Me): Promise<void>[] {
  const select = byId<HTMLSelectElement>('stats-area');
  const named = new Map((me.places ?? []).map((p) => [p.code, p.label[lang]]));
  return me.areas.map(async (code) => {
    const own = el('option', named.get(code) ?? code, { value: code });
    select.append(own);
    try {
      const response = await fetch(`/api/areas?parent=${encodeURIComponent(code)}`, {
        headers: { accept: 'application/json' },
      });
      if (!response.ok) return;
      const { areas } = (await response.json()) as { areas: PublicArea[] };
      own.after(...areas.map((a) => el('option', `— ${a.name}`, { value: a.code })));
    } catch {
      // Codes alone still work.
    }
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void load();
});
byId('csv').addEventListener(
  'click',
  () => void download(`/api/officer/stats?${query({ format: 'csv' })}`, status),
);

void start(async (me) => {
  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  byId<HTMLInputElement>('stats-from').value = `${now.getFullYear()}-01`;
  byId<HTMLInputElement>('stats-to').value = month;
  // The export of cases is for admins: its code is loaded for them only.
  if (me.role === 'admin') void import('./officer-download').then((m) => m.offerExport());
  await Promise.all(fillAreas(me));
  await load();
});
