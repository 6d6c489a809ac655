import { receiptPage as page, type ReceiptWords } from '../shared/http/receipt-page';
import type { Lang } from '../shared/i18n';
import type { Submitted } from '../shared/submit-once';

const TEXT: ReceiptWords = {
  title: { vi: 'Đã gửi tin báo', en: 'Report sent' },
  only: {
    vi: 'Hãy chép lại hoặc chụp lại mã này ngay. Chỉ có mã này mới theo dõi được tin báo của bạn. Mã chỉ hiện một lần, mất thì không ai cấp lại được.',
    en: 'Write this code down or take a picture of it now. Only this code lets you follow up your report. It is shown only once; if you lose it, nobody can give it back.',
  },
  next: {
    vi: 'Cán bộ trực ở nơi này đang được nhắn tin. Có thể vài phút sau mới có người xem. Nếu đang nguy hiểm, hãy gọi 113.',
    en: 'The officers on duty for this place are being texted. It may be a few minutes before someone sees it. If there is danger now, call 113.',
  },
  followUp: { vi: 'Theo dõi tin báo', en: 'Follow up a report' },
};

/** The answer to the form without JavaScript: the receipt, large, in groups of four, shown once. */
export function receiptPage(lang: Lang, submitted: Submitted): string {
  return page(lang, submitted.receipt, TEXT);
}
