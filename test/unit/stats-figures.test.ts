import { describe, expect, it } from 'vitest';
import type { Category } from '../../functions/categories/model';
import { figuresCsv } from '../../functions/stats/csv';
import { computeFigures, type FigureInputs } from '../../functions/stats/figures';
import { GOALS } from '../../functions/stats/model';

const CATEGORIES: Category[] = [
  {
    code: 'theft',
    label: { vi: 'Trộm cắp tài sản', en: 'Theft' },
    urgency: 'high',
    mediable: false,
    order: 1,
  },
  {
    code: 'neighbour_dispute',
    label: { vi: 'Mâu thuẫn hàng xóm', en: 'Dispute between neighbours' },
    urgency: 'normal',
    mediable: true,
    order: 2,
  },
];

const inputs = (counters: [string, Record<string, number>][]): FigureInputs => ({
  area: { code: 'UONG-BI', name: 'Uông Bí' },
  children: [
    { code: 'UONG-BI-QT5A', name: 'Khu Quang Trung 5A' },
    { code: 'UONG-BI-YT2', name: 'Khu Yên Thanh 2' },
  ],
  categories: CATEGORIES,
  period: { from: '2025-01', to: '2025-02' },
  counters: new Map(counters),
  smsPriceUsd: 0.03,
});

describe('computeFigures', () => {
  it('compares the period with the same months a year before, and reads every figure off the counters', () => {
    const figures = computeFigures(
      inputs([
        ['2024-01', { 'in#theft': 3, 'in#neighbour_dispute': 2, 'ch#UONG-BI-QT5A': 5 }],
        ['2024-02', { 'in#theft': 5, 'ch#UONG-BI-YT2': 5, 'med#neighbour_dispute#success': 1 }],
        // Outside both periods: never counted.
        ['2024-12', { 'in#theft': 40 }],
        [
          '2025-01',
          {
            'in#theft': 2,
            'in#neighbour_dispute': 3,
            'ch#UONG-BI-QT5A': 4,
            'ch#UONG-BI-YT2': 1,
            'med#neighbour_dispute#success': 2,
            'med#neighbour_dispute#failed': 1,
            'med#theft#success': 1,
            'ack#2': 2,
            'ack#4': 1,
            esc: 1,
            sms: 7,
            dup: 1,
          },
        ],
        [
          '2025-02',
          { 'in#theft': 1, 'in#neighbour_dispute': 1, 'ch#UONG-BI-QT5A': 2, 'ack#45': 1, 'ack#4': 1, sms: 3 },
        ],
      ]),
    );

    expect(figures).toEqual({
      area: { code: 'UONG-BI', name: 'Uông Bí' },
      period: { from: '2025-01', to: '2025-02' },
      previousPeriod: { from: '2024-01', to: '2024-02' },
      goals: GOALS,
      // 7 this year against 10: 30% fewer.
      incidents: { count: 7, previous: 10, changePercent: -30 },
      months: [
        { month: '2025-01', count: 5, previousMonth: '2024-01', previous: 5 },
        { month: '2025-02', count: 2, previousMonth: '2024-02', previous: 5 },
      ],
      categories: [
        {
          code: 'theft',
          label: { vi: 'Trộm cắp tài sản', en: 'Theft' },
          mediable: false,
          count: 3,
          previous: 8,
          changePercent: -62.5,
        },
        {
          code: 'neighbour_dispute',
          label: { vi: 'Mâu thuẫn hàng xóm', en: 'Dispute between neighbours' },
          mediable: true,
          count: 4,
          previous: 2,
          changePercent: 100,
        },
      ],
      areas: [
        { code: 'UONG-BI-QT5A', name: 'Khu Quang Trung 5A', count: 6, previous: 5, changePercent: 20 },
        { code: 'UONG-BI-YT2', name: 'Khu Yên Thanh 2', count: 1, previous: 5, changePercent: -80 },
      ],
      duplicates: 1,
      // 4 disputes, 2 settled (the theft "mediation" is not a civil dispute): 50%.
      mediation: { disputes: 4, success: 2, failed: 1, referred: 0, settledPercent: 50 },
      // Five acknowledgements: 2,2,4,4,45 → median rank 3 in [4,5) → within 5; p90 rank 5 in [45,50) → 50.
      acknowledgement: { acknowledged: 5, medianMinutes: 5, p90Minutes: 50 },
      escalation: { escalated: 1, percent: 14.3 },
      sms: { sent: 10, priceUsd: 0.03, estimatedCostUsd: 0.3 },
    });
  });

  it('answers null where a share or a change has nothing to divide by', () => {
    const figures = computeFigures(inputs([]));

    expect({
      incidents: figures.incidents,
      mediation: figures.mediation,
      acknowledgement: figures.acknowledgement,
      escalation: figures.escalation,
    }).toEqual({
      incidents: { count: 0, previous: 0, changePercent: null },
      mediation: { disputes: 0, success: 0, failed: 0, referred: 0, settledPercent: null },
      acknowledgement: { acknowledged: 0, medianMinutes: null, p90Minutes: null },
      escalation: { escalated: 0, percent: null },
    });
  });

  it('keeps the history of a category the province no longer lists', () => {
    const figures = computeFigures(inputs([['2024-01', { 'in#gambling': 2 }]]));

    expect(figures.categories.at(-1)).toEqual({
      code: 'gambling',
      label: { vi: 'gambling', en: 'gambling' },
      mediable: false,
      count: 0,
      previous: 2,
      changePercent: -100,
    });
  });
});

describe('figuresCsv', () => {
  it('writes one number a row, monthly counters of both periods then the period figures, names in the language asked', () => {
    const source = inputs([
      ['2024-02', { 'in#theft': 2, 'ch#UONG-BI-QT5A': 2 }],
      [
        '2025-01',
        {
          'in#neighbour_dispute': 1,
          'ch#UONG-BI-QT5A': 1,
          'med#neighbour_dispute#success': 1,
          'ack#3': 1,
          sms: 2,
        },
      ],
    ]);

    const csv = figuresCsv(source, computeFigures(source), 'en');

    expect(csv.split('\r\n')).toEqual([
      '\uFEFFindicator,area,area_name,category,category_name,month,value',
      'incidents,UONG-BI,Uông Bí,theft,Theft,2024-02,2',
      'incidents,UONG-BI-QT5A,Khu Quang Trung 5A,,,2024-02,2',
      'incidents,UONG-BI,Uông Bí,neighbour_dispute,Dispute between neighbours,2025-01,1',
      'mediated_success,UONG-BI,Uông Bí,neighbour_dispute,Dispute between neighbours,2025-01,1',
      'incidents,UONG-BI-QT5A,Khu Quang Trung 5A,,,2025-01,1',
      'sms_sent,UONG-BI,Uông Bí,,,2025-01,2',
      'acknowledged,UONG-BI,Uông Bí,,,2025-01,1',
      'incidents_total,UONG-BI,Uông Bí,,,2025-01..2025-02,1',
      'incidents_same_period_last_year,UONG-BI,Uông Bí,,,2025-01..2025-02,2',
      'incidents_change_percent,UONG-BI,Uông Bí,,,2025-01..2025-02,-50',
      'disputes,UONG-BI,Uông Bí,,,2025-01..2025-02,1',
      'settled_by_mediation_percent,UONG-BI,Uông Bí,,,2025-01..2025-02,100',
      'ack_median_within_minutes,UONG-BI,Uông Bí,,,2025-01..2025-02,4',
      'ack_p90_within_minutes,UONG-BI,Uông Bí,,,2025-01..2025-02,4',
      'escalated_percent,UONG-BI,Uông Bí,,,2025-01..2025-02,0',
      'sms_sent,UONG-BI,Uông Bí,,,2025-01..2025-02,2',
      'sms_estimated_cost_usd,UONG-BI,Uông Bí,,,2025-01..2025-02,0.06',
      '',
    ]);
  });

  it('writes the patrols of the place and of each place one level down beside their incidents', () => {
    const source = inputs([
      ['2025-01', { 'in#theft': 1, 'ch#UONG-BI-QT5A': 1, pat: 3, 'pch#UONG-BI-QT5A': 2 }],
    ]);

    const rows = figuresCsv(source, computeFigures(source), 'en')
      .split('\r\n')
      .filter((row) => row.includes(',2025-01,'));

    expect(rows).toEqual([
      'incidents,UONG-BI,Uông Bí,theft,Theft,2025-01,1',
      'incidents,UONG-BI-QT5A,Khu Quang Trung 5A,,,2025-01,1',
      'patrols,UONG-BI,Uông Bí,,,2025-01,3',
      'patrols,UONG-BI-QT5A,Khu Quang Trung 5A,,,2025-01,2',
    ]);
  });

  it('ends with the risk spots the page lists, each with its incidents over the period, names neutralized', () => {
    const source = inputs([['2025-01', { 'in#theft': 3, 'spot#s1': 2, 'spot#s2': 1 }]]);
    const figures = {
      ...computeFigures(source),
      patrols: {
        total: 0,
        months: [],
        areas: [],
        spots: [
          { id: 's1', name: 'Chợ Trung tâm', incidents: 2 },
          { id: 's2', name: '=Bến đò, "cũ"', incidents: 1 },
        ],
      },
    };

    const rows = figuresCsv(source, figures, 'vi').split('\r\n').slice(-3);

    expect(rows).toEqual([
      'incidents_at_risk_spot,s1,Chợ Trung tâm,,,2025-01..2025-02,2',
      `incidents_at_risk_spot,s2,"'=Bến đò, ""cũ""",,,2025-01..2025-02,1`,
      '',
    ]);
  });

  it('quotes a cell holding a comma or a quote', () => {
    const source = {
      ...inputs([['2025-01', { 'in#theft': 1 }]]),
      area: { code: 'X', name: 'Tổ 5, "Khu A"' },
    };

    expect(figuresCsv(source, computeFigures(source), 'vi').split('\r\n')[1]).toBe(
      'incidents,X,"Tổ 5, ""Khu A""",theft,Trộm cắp tài sản,2025-01,1',
    );
  });
});
