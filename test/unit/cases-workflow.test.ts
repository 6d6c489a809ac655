import { describe, expect, it } from 'vitest';
import { canMove, nextStatuses } from '../../functions/cases/model';
import { decodeCursor, encodeCursor, StatusChangeSchema } from '../../functions/cases/schema';
import type { InvalidInput } from '../../functions/shared/errors';
import { parseInput } from '../../functions/shared/validation';

describe('nextStatuses', () => {
  it('lets a case skip forward, never back, and close only once it has an outcome', () => {
    expect({
      received: nextStatuses('received'),
      acknowledged: nextStatuses('acknowledged'),
      in_progress: nextStatuses('in_progress'),
      resolved: nextStatuses('resolved'),
      mediated: nextStatuses('mediated'),
      referred: nextStatuses('referred'),
      closed: nextStatuses('closed'),
    }).toEqual({
      received: ['acknowledged', 'in_progress', 'resolved', 'mediated', 'referred'],
      acknowledged: ['in_progress', 'resolved', 'mediated', 'referred'],
      in_progress: ['resolved', 'mediated', 'referred'],
      resolved: ['closed'],
      mediated: ['closed'],
      referred: ['closed'],
      closed: [],
    });
    expect([
      canMove('in_progress', 'acknowledged'),
      canMove('received', 'closed'),
      canMove('mediated', 'resolved'),
    ]).toEqual([false, false, false]);
  });
});

describe('StatusChangeSchema', () => {
  const problems = (body: unknown) => {
    try {
      parseInput(StatusChangeSchema, body);
      return undefined;
    } catch (error) {
      return (error as InvalidInput).fields;
    }
  };

  it('takes a mediation with its outcome, mediator and day, and texts trimmed', () => {
    expect(
      parseInput(StatusChangeSchema, {
        status: 'mediated',
        outcome: 'success',
        mediator: '  Lê Thị Hòa ',
        mediatedAt: '2025-03-12',
        publicReply: 'Hai gia đình đã thống nhất.',
        internalNote: '',
      }),
    ).toEqual({
      status: 'mediated',
      outcome: 'success',
      mediator: 'Lê Thị Hòa',
      mediatedAt: '2025-03-12',
      publicReply: 'Hai gia đình đã thống nhất.',
    });
  });

  it('asks for what a mediation needs, and refuses mediation fields on any other status', () => {
    expect([
      problems({ status: 'mediated' }),
      problems({ status: 'resolved', outcome: 'failed', mediator: 'X' }),
      problems({ status: 'received' }),
      problems({ status: 'mediated', outcome: 'maybe', mediator: 'X', mediatedAt: '12/03/2025' }),
    ]).toEqual([
      {
        outcome: { key: 'field.required', params: {} },
        mediator: { key: 'field.required', params: {} },
        mediatedAt: { key: 'field.required', params: {} },
      },
      {
        outcome: { key: 'field.mediation_only', params: {} },
        mediator: { key: 'field.mediation_only', params: {} },
      },
      { status: { key: 'field.invalid_choice' } },
      { outcome: { key: 'field.invalid_choice' }, mediatedAt: { key: 'field.invalid' } },
    ]);
  });
});

describe('StatusChangeSchema without a status', () => {
  const problems = (body: unknown) => {
    try {
      parseInput(StatusChangeSchema, body);
      return undefined;
    } catch (error) {
      return (error as InvalidInput).fields;
    }
  };

  it('takes a note or a reply alone, the status left out or blank', () => {
    expect([
      parseInput(StatusChangeSchema, { internalNote: ' Đã gọi lại. ' }),
      parseInput(StatusChangeSchema, { status: '', publicReply: 'Đã nhận.' }),
    ]).toEqual([{ internalNote: 'Đã gọi lại.' }, { publicReply: 'Đã nhận.' }]);
  });

  it('asks for a status, a reply or a note when there is nothing to save, and refuses mediation fields', () => {
    expect([
      problems({}),
      problems({ status: '', publicReply: '  ', internalNote: '' }),
      problems({ internalNote: 'Ghi chú.', outcome: 'success' }),
    ]).toEqual([
      { status: { key: 'field.nothing_to_save', params: {} } },
      { status: { key: 'field.nothing_to_save', params: {} } },
      { outcome: { key: 'field.mediation_only', params: {} } },
    ]);
  });
});

describe('the paging cursor', () => {
  it('gives back the position it was made from, and nothing for a forged one', () => {
    const position = '2025-03-12T07:00:00.000Z#r000000000000001';

    expect([
      decodeCursor(encodeCursor(position)),
      decodeCursor('not-a-cursor'),
      decodeCursor(Buffer.from('{"before":"x"}').toString('base64url')),
    ]).toEqual([position, undefined, undefined]);
  });
});
