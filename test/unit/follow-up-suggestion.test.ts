import { describe, expect, it } from 'vitest';
import { suggestionFollowUp } from '../../functions/follow-up/view';
import type { Suggestion } from '../../functions/suggestions/model';

const base: Suggestion = {
  id: 's000000000000001',
  kind: 'online',
  box: 'G-QT5A',
  boxName: 'Hòm thư góp ý Tổ tự quản khu Quang Trung 5A',
  area: 'UONG-BI-QT5A',
  ancestors: ['QN', 'UONG-BI'],
  commune: 'UONG-BI',
  text: 'Đèn đường ngõ 3 bị hỏng đã hai tuần.',
  status: 'received',
  createdAt: '2025-03-12T07:00:00.000Z',
  replies: [],
};

describe('suggestionFollowUp', () => {
  it('shows a new suggestion as received, with no reply yet', () => {
    expect(suggestionFollowUp(base)).toEqual({
      kind: 'suggestion',
      status: 'received',
      timeline: [{ at: '2025-03-12T07:00:00.000Z', status: 'received' }],
      replies: [],
    });
  });

  it('shows when it was read and answered, and the replies without who wrote them', () => {
    const view = suggestionFollowUp({
      ...base,
      status: 'answered',
      readAt: '2025-03-12T08:00:00.000Z',
      answeredAt: '2025-03-12T09:00:00.000Z',
      replies: [{ at: '2025-03-12T09:00:00.000Z', text: 'Đã báo điện lực.', by: 'UB-CA1' }],
    });

    expect(view).toEqual({
      kind: 'suggestion',
      status: 'answered',
      timeline: [
        { at: '2025-03-12T07:00:00.000Z', status: 'received' },
        { at: '2025-03-12T08:00:00.000Z', status: 'read' },
        { at: '2025-03-12T09:00:00.000Z', status: 'answered' },
      ],
      replies: [{ at: '2025-03-12T09:00:00.000Z', text: 'Đã báo điện lực.' }],
    });
  });

  it('says a suggestion was withheld, never why, and never repeats its text', () => {
    const view = suggestionFollowUp({
      ...base,
      status: 'hidden',
      hidden: { at: '2025-03-12T10:00:00.000Z', reason: 'Xúc phạm cán bộ', by: 'UB-CA1' },
    });

    expect(view).toEqual({
      kind: 'suggestion',
      status: 'hidden',
      timeline: [
        { at: '2025-03-12T07:00:00.000Z', status: 'received' },
        { at: '2025-03-12T10:00:00.000Z', status: 'hidden' },
      ],
      replies: [],
    });
  });

  it('finds nothing for a receipt whose suggestion is gone', () => {
    expect(suggestionFollowUp(undefined)).toBeUndefined();
  });
});
