import type { Lang } from '../i18n';

/** What the page scripts say, in both languages; the page's own words are in its HTML. */

const VI = {
  sending: 'Đang gửi…',
  searching: 'Đang tìm…',
  found: (n: number) => `${n} nơi phù hợp. Chọn một nơi bên dưới.`,
  none: 'Không tìm thấy. Thử gõ cách khác, hoặc chọn từ danh sách.',
  offline: 'Không kết nối được. Kiểm tra mạng rồi thử lại; nội dung bạn viết vẫn còn.',
  pickArea: 'Hãy chọn một nơi trong danh sách.',
  pickBox: 'Hãy chọn một hòm thư.',
  fixBelow: 'Chưa gửi được. Sửa các mục có đánh dấu bên dưới.',
  conflict: 'Biểu mẫu này đã được gửi trước đó với nội dung khác. Tải lại trang để gửi tin mới.',
  copied: 'Đã sao chép mã.',
  copyFailed: 'Không sao chép được. Hãy chép tay mã ở trên.',
  receiptUnknown: 'Không tìm thấy mã biên nhận này. Kiểm tra lại từng chữ và số.',
  categoriesFailed: 'Không tải được danh sách loại vụ việc. Kiểm tra mạng rồi tải lại trang.',
  contactsFor: (place: string) => `Số điện thoại: ${place}`,
  noContacts: 'Nơi này chưa có số riêng. Hãy gọi các số ở trên.',
  checked: (date: string) => `số kiểm tra ngày ${date}`,
  report: 'Tin báo vụ việc',
  suggestion: 'Góp ý',
  keptTitle: 'Lưu trên điện thoại này',
  keptForm:
    'Chưa gửi được vì không có sóng. Nội dung đã được lưu trên điện thoại này và sẽ tự gửi khi có sóng; bạn có thể đóng trang, hoặc bấm nút gửi để thử lại ngay.',
  keptWaiting: (what: string, when: string) =>
    `${what} lưu lúc ${when}: chưa gửi, đang chờ sóng. Sẽ tự gửi khi có sóng; bạn có thể đóng trang.`,
  keptSent: (what: string) =>
    `${what} viết khi không có sóng đã được gửi. Mã biên nhận, chỉ hiện một lần, hãy ghi lại:`,
  keptRefused: (what: string, why: string) => `${what} chưa gửi được: ${why}`,
  keptDelete: 'Xoá khỏi điện thoại này',
  keptDeleted: 'Đã xoá khỏi điện thoại này.',
  keptReopen: 'Mở lại biểu mẫu đã điền',
  keptFollow: 'Theo dõi tin này',
  fromPhone: 'Không có mạng: tìm trong danh sách nơi đã lưu trên điện thoại này.',
  keptNumbers: (date: string) => `Không có mạng: đây là các số đã lưu trên điện thoại này ngày ${date}.`,
};

const EN: typeof VI = {
  sending: 'Sending…',
  searching: 'Searching…',
  found: (n: number) => `${n} ${n === 1 ? 'place' : 'places'} found. Choose one below.`,
  none: 'Nothing found. Try other words, or choose from the list.',
  offline: 'Could not connect. Check your connection and try again; what you wrote is kept.',
  pickArea: 'Please choose a place from the list.',
  pickBox: 'Please choose a box.',
  fixBelow: 'Not sent yet. Correct the marked boxes below.',
  conflict: 'This form was already sent with other content. Reload the page to send a new one.',
  copied: 'Code copied.',
  copyFailed: 'Could not copy. Please write the code down.',
  receiptUnknown: 'Nothing has this receipt code. Check each letter and digit.',
  categoriesFailed: 'Could not load the kinds of incident. Check your connection and reload the page.',
  contactsFor: (place: string) => `Numbers: ${place}`,
  noContacts: 'This place has no numbers of its own yet. Call the numbers above.',
  checked: (date: string) => `number checked on ${date}`,
  report: 'Incident report',
  suggestion: 'Suggestion',
  keptTitle: 'Kept on this phone',
  keptForm:
    'Not sent: there is no signal. What you wrote is saved on this phone and will be sent by itself when there is signal; you may close the page, or press the send button to try again now.',
  keptWaiting: (what: string, when: string) =>
    `${what} saved at ${when}: not sent yet, waiting for signal. It will be sent by itself when there is signal; you may close the page.`,
  keptSent: (what: string) =>
    `${what} written without signal has been sent. Its receipt code, shown only once, write it down:`,
  keptRefused: (what: string, why: string) => `${what} could not be sent: ${why}`,
  keptDelete: 'Delete from this phone',
  keptDeleted: 'Deleted from this phone.',
  keptReopen: 'Open the filled-in form again',
  keptFollow: 'Follow this up',
  fromPhone: 'No connection: searched the list of places kept on this phone.',
  keptNumbers: (date: string) => `No connection: these are the numbers kept on this phone on ${date}.`,
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
