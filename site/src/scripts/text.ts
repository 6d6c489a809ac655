import type { Lang } from '../i18n';

/** What the page scripts say, in both languages; the page's own words are in its HTML. */

const VI = {
  sending: 'Đang gửi…',
  searching: 'Đang tìm…',
  found: (n: number) => `${n} nơi phù hợp. Chọn một nơi bên dưới.`,
  none: 'Không tìm thấy. Thử gõ cách khác, hoặc chọn từng bước.',
  offline: 'Không kết nối được. Kiểm tra mạng rồi thử lại; nội dung bạn viết vẫn còn.',
  pickArea: 'Hãy chọn một địa bàn trong danh sách.',
  pickBox: 'Hãy chọn một hòm thư.',
  fixBelow: 'Vui lòng sửa các mục được đánh dấu bên dưới.',
  conflict: 'Biểu mẫu này đã được gửi trước đó với nội dung khác. Hãy tải lại trang để gửi tin mới.',
  copied: 'Đã sao chép mã.',
  copyFailed: 'Không sao chép được; hãy chép tay mã ở trên.',
  receiptUnknown: 'Không tìm thấy mã này. Kiểm tra lại từng chữ và số.',
  categoriesFailed: 'Không tải được danh sách loại vụ việc. Kiểm tra mạng rồi tải lại trang.',
  contactsFor: (place: string) => `Liên hệ: ${place}`,
  noContacts: 'Chưa có số liên hệ riêng cho nơi này.',
  checked: (date: string) => `xác minh ngày ${date}`,
  report: 'Tin báo vụ việc',
  suggestion: 'Góp ý',
};

const EN: typeof VI = {
  sending: 'Sending…',
  searching: 'Searching…',
  found: (n: number) => `${n} ${n === 1 ? 'place' : 'places'} found. Choose one below.`,
  none: 'Nothing found. Try other words, or choose step by step.',
  offline: 'Could not connect. Check your connection and try again; what you wrote is kept.',
  pickArea: 'Please choose a place from the list.',
  pickBox: 'Please choose a box.',
  fixBelow: 'Please correct the fields marked below.',
  conflict: 'This form was already sent with other content. Reload the page to send a new one.',
  copied: 'Code copied.',
  copyFailed: 'Could not copy; please write the code down.',
  receiptUnknown: 'Nothing has this code. Check each letter and digit.',
  categoriesFailed: 'Could not load the kinds of incident. Check your connection and reload the page.',
  contactsFor: (place: string) => `Contacts: ${place}`,
  noContacts: 'No contacts of its own for this place yet.',
  checked: (date: string) => `checked ${date}`,
  report: 'Incident report',
  suggestion: 'Suggestion',
};

export function messages(lang: Lang): typeof VI {
  return lang === 'en' ? EN : VI;
}

const KINDS: Record<string, [string, string]> = {
  province: ['tỉnh', 'province'],
  commune: ['xã', 'commune'],
  ward: ['phường', 'ward'],
  special_zone: ['đặc khu', 'special zone'],
  village: ['thôn', 'village'],
  hamlet: ['bản', 'hamlet'],
  residential_group: ['tổ dân phố', 'residential group'],
};

export function kindLabel(lang: Lang, kind: string): string {
  return KINDS[kind]?.[lang === 'en' ? 1 : 0] ?? '';
}
