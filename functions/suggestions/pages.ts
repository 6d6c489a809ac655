import { receiptPage as page, type ReceiptWords } from '../shared/http/receipt-page';
import type { Lang } from '../shared/i18n';
import type { SubmittedSuggestion } from './intake';

const TEXT: ReceiptWords = {
  title: { vi: 'Đã nhận góp ý', en: 'Suggestion received' },
  only: {
    vi: 'Hãy chép lại hoặc chụp lại mã này ngay. Đây là cách duy nhất để xem trả lời cho góp ý của bạn: mã chỉ hiện một lần và không ai có thể cấp lại.',
    en: 'Write this code down or take a picture of it now. It is the only way to read the answer to your suggestion: it is shown only once and nobody can give it to you again.',
  },
  next: {
    vi: 'Cán bộ phụ trách hòm thư sẽ đọc và trả lời. Góp ý của bạn là ẩn danh.',
    en: 'The officers in charge of the box will read and answer it. Your suggestion is anonymous.',
  },
  followUp: { vi: 'Xem trả lời', en: 'Read the answer' },
};

/** The answer to the form without JavaScript: the receipt, large, in groups of four, shown once. */
export function suggestionReceiptPage(lang: Lang, submitted: SubmittedSuggestion): string {
  return page(lang, submitted.receipt, TEXT);
}
