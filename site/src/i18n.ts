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
  skip: { vi: 'Đến nội dung chính', en: 'Skip to content' },
  otherLang: { vi: 'English', en: 'Tiếng Việt' },
  home: { vi: 'Trang chủ', en: 'Home' },
  about: { vi: 'Giới thiệu và quyền riêng tư', en: 'About and privacy' },
  emergencyShort: { vi: 'Khẩn cấp: gọi', en: 'Emergency: call' },

  homeTitle: { vi: 'Báo tin, góp ý về an ninh trật tự', en: 'Report and suggest for a safe neighbourhood' },
  homeLead: {
    vi: 'Gửi tin báo hoặc góp ý đến tổ tự quản, công an xã/phường nơi bạn ở, và tìm số điện thoại liên hệ. Không cần tài khoản.',
    en: 'Send a report or a suggestion to the self-management group and the commune or ward police where you live, and find who to call. No account needed.',
  },
  sosTitle: { vi: 'Khẩn cấp? Gọi điện ngay', en: 'An emergency? Call now' },
  sosLead: {
    vi: 'Khi có người gặp nguy hiểm, hãy gọi điện. Tin gửi qua trang này không được xử lý tức thì.',
    en: 'When someone is in danger, phone. What is sent through this site is not handled instantly.',
  },
  police: { vi: 'Công an', en: 'Police' },
  fire: { vi: 'Cứu hỏa, cứu nạn', en: 'Fire and rescue' },
  ambulance: { vi: 'Cấp cứu', en: 'Ambulance' },
  actReport: { vi: 'Báo tin vụ việc', en: 'Report an incident' },
  actReportSub: {
    vi: 'Trộm cắp, gây rối, đánh nhau, tranh chấp, mất an toàn… ở thôn, tổ dân phố của bạn',
    en: 'Theft, disorder, a fight, a dispute, a hazard… in your village or neighbourhood',
  },
  actSuggest: { vi: 'Gửi góp ý', en: 'Send a suggestion' },
  actSuggestSub: {
    vi: 'Bỏ thư vào hòm thư góp ý của tổ tự quản hoặc xã/phường, luôn ẩn danh',
    en: "Drop a note in your group's or commune's suggestion box, always anonymous",
  },
  actContacts: { vi: 'Tìm số điện thoại liên hệ', en: 'Find who to call' },
  actContactsSub: {
    vi: 'Tổ trưởng tổ tự quản, công an xã/phường, tổ hòa giải nơi bạn ở',
    en: 'Your group head, the commune or ward police, the mediation team',
  },
  followUpTeaser: { vi: 'Đã gửi rồi?', en: 'Sent something already?' },
  followUpLink: { vi: 'Theo dõi bằng mã biên nhận', en: 'Follow it up with your receipt code' },

  pickFirst: {
    vi: 'Trước tiên, chọn nơi xảy ra: xã/phường, rồi thôn hoặc tổ dân phố.',
    en: 'First choose where it happened: the commune or ward, then the village or group.',
  },
  pickHome: {
    vi: 'Trước tiên, chọn nơi bạn ở: xã/phường, rồi thôn hoặc tổ dân phố.',
    en: 'First choose where you live: the commune or ward, then the village or group.',
  },
  pickButton: { vi: 'Chọn địa bàn', en: 'Choose the place' },
  search: { vi: 'Tìm xã, phường, thôn hoặc tổ dân phố', en: 'Search for a commune, ward, village or group' },
  searchHint: {
    vi: 'Gõ vài chữ, có dấu hay không dấu đều được, ví dụ “uong bi”.',
    en: 'Type a few letters, with or without accents, e.g. “uong bi”.',
  },
  chosen: { vi: 'Đã chọn', en: 'Chosen' },
  change: { vi: 'Chọn lại', en: 'Change' },
  narrow: {
    vi: 'Ở thôn hay tổ dân phố nào? (không bắt buộc)',
    en: 'Which village or group? (optional)',
  },

  doneTitle: { vi: 'Đã gửi. Đây là mã biên nhận của bạn:', en: 'Sent. This is your receipt code:' },
  doneKeep: {
    vi: 'Hãy chép lại, chụp màn hình hoặc in mã này. Đây là cách duy nhất để theo dõi, và mã không thể cấp lại nếu bị mất, vì hệ thống không biết bạn là ai.',
    en: 'Write it down, take a screenshot or print it. It is the only way to follow up, and it cannot be recovered if lost, because the system does not know who you are.',
  },
  copy: { vi: 'Sao chép mã', en: 'Copy the code' },
  print: { vi: 'In mã', en: 'Print' },
  followUpNow: { vi: 'Theo dõi', en: 'Follow up' },
  sendAnother: { vi: 'Gửi tin khác', en: 'Send another' },

  contactsTitle: { vi: 'Số điện thoại liên hệ', en: 'Who to call' },
  national: { vi: 'Số khẩn cấp toàn quốc, miễn phí', en: 'National emergency numbers, free of charge' },
  localTitle: { vi: 'Liên hệ nơi bạn ở', en: 'Contacts where you live' },
  localLead: {
    vi: 'Chọn nơi bạn ở để thấy tổ trưởng tổ tự quản, công an xã/phường, tổ hòa giải và các số khác. Chạm vào số để gọi.',
    en: 'Choose where you live to see your group head, the commune or ward police, the mediation team and other numbers. Tap a number to call it.',
  },

  followUpTitle: { vi: 'Theo dõi bằng mã biên nhận', en: 'Follow up with your receipt code' },
  receipt: { vi: 'Mã biên nhận', en: 'Receipt code' },
  receiptHint: {
    vi: 'Gồm 16 chữ và số, ví dụ 7KQ2-M9XD-4HTC-W8RB. Chữ hoa hay thường, có gạch hay không đều được.',
    en: '16 letters and digits, e.g. 7KQ2-M9XD-4HTC-W8RB, in upper or lower case, with or without dashes.',
  },
  see: { vi: 'Xem tình trạng', en: 'See the status' },
  statusLabel: { vi: 'Tình trạng:', en: 'Status:' },
  timeline: { vi: 'Diễn biến', en: 'So far' },
  replies: { vi: 'Trả lời của cán bộ', en: 'Replies from the officers' },
  noReplies: { vi: 'Chưa có trả lời.', en: 'No reply yet.' },
  duplicate: {
    vi: 'Tin này trùng với một tin báo gửi ngay trước đó; hai tin được xử lý cùng nhau.',
    en: 'This matches a report sent just before it; both are handled together.',
  },

  aboutTitle: { vi: 'Giới thiệu và quyền riêng tư', en: 'About and privacy' },
  notFound: { vi: 'Không tìm thấy trang này.', en: 'This page was not found.' },
} satisfies Record<string, Text>;

export function tx(lang: Lang, key: keyof typeof TEXT): string {
  return TEXT[key][lang];
}
