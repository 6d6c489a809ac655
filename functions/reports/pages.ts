import { receiptPage as page, type ReceiptWords } from '../shared/http/receipt-page';
import type { Lang } from '../shared/i18n';
import type { Submitted } from '../shared/submit-once';

const TEXT: ReceiptWords = {
  title: { vi: 'Đã nhận tin báo', en: 'Report received' },
  only: {
    vi: 'Hãy chép lại hoặc chụp lại mã này ngay. Đây là cách duy nhất để theo dõi tin báo của bạn: mã chỉ hiện một lần và không ai có thể cấp lại.',
    en: 'Write this code down or take a picture of it now. It is the only way to follow up your report: it is shown only once and nobody can give it to you again.',
  },
  next: {
    vi: 'Cán bộ trực tại địa bàn đã được báo tin. Nếu có nguy hiểm ngay lúc này, hãy gọi 113.',
    en: 'The officers on duty for the place are being told. If there is danger right now, call 113.',
  },
  followUp: { vi: 'Theo dõi tin báo', en: 'Follow up a report' },
};

/** The answer to the form without JavaScript: the receipt, large, in groups of four, shown once. */
export function receiptPage(lang: Lang, submitted: Submitted): string {
  return page(lang, submitted.receipt, TEXT);
}
