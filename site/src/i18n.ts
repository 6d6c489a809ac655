/**
 * The site's own words and paths. Vietnamese is the first language (at /), English the second (/en/).
 * The report and suggestion forms take their words from functions/forms/copy.ts, shared with the API's
 * server-rendered forms; what the page scripts say lives in scripts/text.ts.
 */
export type Lang = 'vi' | 'en';

const PAGES = {
  home: '',
  report: 'report/',
  suggestion: 'suggestion/',
  contacts: 'contacts/',
  followUp: 'follow-up/',
  about: 'about/',
  // The officer console (JavaScript, signed in): site/src/pages/[...lang]/officer/.
  officer: 'officer/',
  officerReport: 'officer/report/',
  officerDuty: 'officer/duty/',
  officerStats: 'officer/stats/',
  officerSuggestions: 'officer/suggestions/',
  officerPatrols: 'officer/patrols/',
} as const;
export type PageKey = keyof typeof PAGES;

export function href(lang: Lang, page: PageKey): string {
  return `${lang === 'en' ? '/en/' : '/'}${PAGES[page]}`;
}

/** The two builds of every page: / (Vietnamese) and /en/ (English). */
export function langPaths() {
  return [{ params: { lang: undefined } }, { params: { lang: 'en' } }];
}

export function langOf(param: string | undefined): Lang {
  return param === 'en' ? 'en' : 'vi';
}

/** A link into the API's step-by-step place picker, for people without JavaScript. */
export function pickHref(lang: Lang, next: 'report' | 'suggestion' | 'contacts'): string {
  return `/api/areas?next=${next}&lang=${lang}`;
}

type Text = Record<Lang, string>;

export const TEXT = {
  brand: { vi: 'An ninh tự quản', en: 'Community safety' },
  // {province} is the province config's name, shown in a lang="vi" span on English pages.
  brandOf: { vi: 'An ninh tự quản {province}', en: 'Community safety, {province}' },
  runBy: {
    vi: 'Trang của Công an tỉnh {province}, cùng các tổ tự quản an ninh trật tự ở thôn, bản, khu, tổ dân phố.',
    en: 'Run by the {province} Provincial Police, with the self-management teams of villages, hamlets and neighbourhoods.',
  },
  skip: { vi: 'Đến nội dung chính', en: 'Skip to content' },
  otherLang: { vi: 'English', en: 'Tiếng Việt' },
  home: { vi: 'Trang chủ', en: 'Home' },
  about: { vi: 'Giới thiệu và quyền riêng tư', en: 'About and privacy' },
  emergencyShort: { vi: 'Khẩn cấp: gọi', en: 'Emergency: call' },

  homeTitle: { vi: 'Báo tin, góp ý về an ninh trật tự', en: 'Report an incident, send a suggestion' },
  homeLead: {
    vi: 'Gửi tin báo hoặc góp ý đến tổ tự quản và công an xã, phường, đặc khu nơi bạn ở. Tìm số điện thoại cần gọi. Không cần đăng ký.',
    en: 'Send a report or a suggestion to the self-management team and the local police where you live. Find who to call. No sign-up needed.',
  },
  sosTitle: { vi: 'Khẩn cấp? Gọi điện ngay', en: 'An emergency? Call now' },
  sosLead: {
    vi: 'Có người gặp nguy hiểm thì gọi điện. Tin gửi ở đây có thể vài phút sau mới có người xem.',
    en: 'If someone is in danger, phone. What you send here may not be seen for a few minutes.',
  },
  police: { vi: 'Công an', en: 'Police' },
  fire: { vi: 'Cứu hỏa', en: 'Fire' },
  ambulance: { vi: 'Cấp cứu', en: 'Ambulance' },
  actReport: { vi: 'Báo tin vụ việc', en: 'Report an incident' },
  actReportSub: {
    vi: 'Trộm cắp, gây rối, đánh nhau, tranh chấp, nguy hiểm… nơi bạn ở',
    en: 'Theft, disorder, a fight, a dispute, a danger… where you live',
  },
  actSuggest: { vi: 'Gửi góp ý', en: 'Send a suggestion' },
  actSuggestSub: {
    vi: 'Vào hòm thư góp ý của tổ tự quản hoặc của xã, phường, đặc khu. Luôn giấu tên.',
    en: 'Into the suggestion box of your self-management team or commune. Always anonymous.',
  },
  actContacts: { vi: 'Tìm số điện thoại cần gọi', en: 'Find who to call' },
  actContactsSub: {
    vi: 'Tổ trưởng tổ tự quản, công an xã, phường, đặc khu, tổ hòa giải thôn, tổ dân phố',
    en: 'Your self-management team leader, the local police, your village’s or neighbourhood’s mediation team',
  },
  followUpTeaser: { vi: 'Đã gửi rồi?', en: 'Sent something already?' },
  followUpLink: { vi: 'Theo dõi bằng mã biên nhận', en: 'Follow it up with your receipt code' },

  pickFirst: {
    vi: 'Trước tiên, chọn nơi xảy ra: xã, phường hoặc đặc khu, rồi thôn, bản, khu hoặc tổ dân phố.',
    en: 'First choose where it happened: the commune, ward or special zone, then the village, hamlet or neighbourhood.',
  },
  pickHome: {
    vi: 'Trước tiên, chọn nơi bạn ở: xã, phường hoặc đặc khu, rồi thôn, bản, khu hoặc tổ dân phố.',
    en: 'First choose where you live: the commune, ward or special zone, then the village, hamlet or neighbourhood.',
  },
  pickButton: { vi: 'Chọn từ danh sách', en: 'Choose from the list' },
  search: {
    vi: 'Tìm tên xã, phường, đặc khu, thôn, bản, khu, tổ dân phố',
    en: 'Search for a commune, ward, special zone, village, hamlet or neighbourhood',
  },
  searchHint: {
    vi: 'Gõ vài chữ, có dấu hay không dấu đều được. Ví dụ: uong bi.',
    en: 'Type a few letters, with or without accents. For example: uong bi.',
  },
  chosen: { vi: 'Đã chọn', en: 'Chosen' },
  change: { vi: 'Chọn lại', en: 'Change' },
  narrow: {
    vi: 'Ở thôn, bản, khu, tổ dân phố nào? (không bắt buộc)',
    en: 'Which village, hamlet or neighbourhood? (optional)',
  },

  doneTitle: { vi: 'Đã gửi. Đây là mã biên nhận của bạn:', en: 'Sent. This is your receipt code:' },
  doneKeep: {
    vi: 'Hãy chép lại, chụp màn hình hoặc in mã này. Chỉ có mã này mới xem lại được tin của bạn. Mất mã thì không ai cấp lại được, vì không ai biết bạn là ai.',
    en: 'Write it down, take a screenshot or print it. Only this code lets you see your message again. If you lose it, nobody can give it back, because nobody knows who you are.',
  },
  copy: { vi: 'Sao chép mã', en: 'Copy the code' },
  print: { vi: 'In mã', en: 'Print' },
  followUpNow: { vi: 'Theo dõi', en: 'Follow up' },
  sendAnother: { vi: 'Gửi tin khác', en: 'Send another' },
  nextReport: {
    vi: 'Tiếp theo: cán bộ trực ở nơi bạn chọn được nhắn tin ngay và sẽ xử lý. Nếu chưa ai nhận, tin được chuyển lên cấp trên. Nhập mã ở trang Theo dõi để xem ai đã nhận và kết quả. Có nguy hiểm ngay lúc này thì gọi 113.',
    en: 'What happens next: the officers on duty for the place you chose are texted now and will deal with it. If nobody takes it, it goes up to the next level. Enter the code on the follow-up page to see who took it and what was done. If there is danger right now, call 113.',
  },
  nextSuggestion: {
    vi: 'Tiếp theo: cán bộ phụ trách hòm thư sẽ đọc và trả lời. Nhập mã ở trang Theo dõi để xem trả lời.',
    en: 'What happens next: the officers in charge of the box will read it and answer. Enter the code on the follow-up page to read the answer.',
  },
  followUpThis: { vi: 'Theo dõi tin này', en: 'Follow this up' },

  contactsTitle: { vi: 'Số điện thoại liên hệ', en: 'Who to call' },
  national: { vi: 'Số khẩn cấp cả nước, gọi miễn phí', en: 'National emergency numbers, free to call' },
  localTitle: { vi: 'Số điện thoại nơi bạn ở', en: 'Numbers where you live' },
  localLead: {
    vi: 'Chọn nơi bạn ở để thấy số của tổ trưởng tổ tự quản, công an xã, phường, đặc khu, tổ hòa giải thôn, tổ dân phố. Chạm vào số để gọi.',
    en: 'Choose where you live to see the numbers of your self-management team leader, the local police and your village’s or neighbourhood’s mediation team. Tap a number to call it.',
  },

  followUpTitle: { vi: 'Theo dõi bằng mã biên nhận', en: 'Follow up with your receipt code' },
  receipt: { vi: 'Mã biên nhận', en: 'Receipt code' },
  receiptHint: {
    vi: '16 chữ và số, ví dụ 7KQ2-M9XD-4HTC-W8RB. Chữ hoa hay thường, có gạch hay không đều được.',
    en: '16 letters and digits, for example 7KQ2-M9XD-4HTC-W8RB. Upper or lower case, with or without dashes.',
  },
  see: { vi: 'Xem tình trạng', en: 'See the status' },
  statusLabel: { vi: 'Tình trạng:', en: 'Status:' },
  timeline: { vi: 'Những gì đã làm', en: 'What has been done' },
  replies: { vi: 'Cán bộ trả lời', en: 'Officers’ replies' },
  noReplies: { vi: 'Chưa có trả lời.', en: 'No reply yet.' },
  duplicate: {
    vi: 'Tin này giống một tin báo gửi ngay trước đó, nên hai tin được xử lý cùng nhau.',
    en: 'This is the same as a report sent just before it, so both are handled together.',
  },

  aboutTitle: { vi: 'Giới thiệu và quyền riêng tư', en: 'About and privacy' },
  notFound: { vi: 'Không tìm thấy trang này.', en: 'This page was not found.' },
} satisfies Record<string, Text>;

export function tx(lang: Lang, key: keyof typeof TEXT): string {
  return TEXT[key][lang];
}
