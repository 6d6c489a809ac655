import type { Lang } from '../shared/i18n';

type Text = Record<Lang, string>;

/**
 * The words of the report and suggestion forms. One copy for both renderings of each form: the
 * site's static page (with JavaScript) and the API's server-rendered form (without it).
 */
export const FORM_TEXT = {
  emergency: {
    vi: 'Khẩn cấp, có người gặp nguy hiểm? Gọi ngay {113} (Công an), {114} (Cứu hỏa), {115} (Cấp cứu). Đừng gửi tin ở đây.',
    en: 'An emergency, someone in danger? Call {113} (Police), {114} (Fire) or {115} (Ambulance) now. Do not send it here.',
  },
  required: { vi: 'bắt buộc', en: 'required' },
  optional: { vi: 'không bắt buộc', en: 'optional' },
  limits: { vi: 'Từ {min} đến {max} ký tự.', en: '{min} to {max} characters.' },
  upTo: { vi: 'Tối đa {max} ký tự.', en: 'Up to {max} characters.' },
  honeypot: { vi: 'Để trống ô này', en: 'Leave this empty' },
  chooseStepByStep: { vi: 'Không tìm thấy? Chọn từ danh sách', en: 'Not found? Choose from the list' },
  chooseOther: { vi: 'Chọn nơi khác', en: 'Choose another place' },
  otherLang: { vi: 'English', en: 'Tiếng Việt' },
  errorPrefix: { vi: 'Chưa gửi được', en: 'Not sent' },
  errorsTitle: { vi: 'Chưa gửi được. Hãy sửa những mục sau:', en: 'Not sent yet. Please correct these:' },

  reportTitle: { vi: 'Báo tin vụ việc', en: 'Report an incident' },
  where: { vi: 'Nơi xảy ra', en: 'Where it happened' },
  category: { vi: 'Loại vụ việc', en: 'What kind of incident' },
  categoryPick: { vi: '— Chọn một loại —', en: '— Choose one —' },
  description: { vi: 'Chuyện gì đã xảy ra?', en: 'What happened?' },
  descriptionHint: {
    vi: 'Kể rõ: chuyện gì, những ai, có ai bị thương hay mất gì, hỏng gì không.',
    en: 'Say what happened, who was there, and whether anyone was hurt or anything lost or broken.',
  },
  occurredAt: { vi: 'Xảy ra lúc nào?', en: 'When did it happen?' },
  occurredAtHint: {
    vi: 'Bỏ trống nếu vừa mới xảy ra.',
    en: 'Leave empty if it has just happened.',
  },
  place: { vi: 'Chỗ cụ thể', en: 'Exact spot' },
  placeHint: {
    vi: 'Ví dụ: số nhà, tên đường, gần chợ hay trường học.',
    en: 'For example a house number, a street, near the market or the school.',
  },
  contact: { vi: 'Thông tin liên hệ của bạn', en: 'Your contact details' },
  contactHint: {
    vi: 'Bỏ trống nếu muốn giấu tên. Nếu ghi, chỉ cán bộ xử lý thấy, để gọi lại khi cần. Không bao giờ gửi qua tin nhắn.',
    en: 'Leave empty to stay anonymous. If you fill it in, only the officers handling it see it, to call you back if needed. It is never sent by text message.',
  },
  contactName: { vi: 'Họ và tên', en: 'Name' },
  contactPhone: { vi: 'Số điện thoại', en: 'Phone number' },
  reportSubmit: { vi: 'Gửi tin báo', en: 'Send the report' },

  suggestionTitle: { vi: 'Gửi góp ý', en: 'Send a suggestion' },
  whereYouLive: { vi: 'Nơi bạn ở', en: 'Where you live' },
  anonymous: {
    vi: 'Góp ý luôn giấu tên: không hỏi tên, số điện thoại, không lưu địa chỉ IP. Cán bộ phụ trách hòm thư đọc và trả lời từng góp ý.',
    en: 'Suggestions are always anonymous: no name or phone number is asked, no IP address kept. The officers in charge of the box read and answer each one.',
  },
  box: { vi: 'Hòm thư góp ý', en: 'Suggestion box' },
  noBoxes: {
    vi: 'Nơi này chưa có hòm thư góp ý trực tuyến.',
    en: 'This place has no online suggestion box yet.',
  },
  text: { vi: 'Nội dung góp ý', en: 'Your suggestion' },
  textHint: {
    vi: 'Không cần ghi tên bạn.',
    en: 'No need to write your name.',
  },
  topic: { vi: 'Chủ đề', en: 'Topic' },
  topicPick: { vi: '— Không chọn —', en: '— None —' },
  suggestionSubmit: { vi: 'Gửi góp ý', en: 'Send the suggestion' },
} satisfies Record<string, Text>;

export const TOPIC_LABELS = {
  security: { vi: 'An ninh', en: 'Security' },
  order: { vi: 'Trật tự', en: 'Public order' },
  environment: { vi: 'Môi trường', en: 'Environment' },
  public_services: { vi: 'Dịch vụ công', en: 'Public services' },
  other: { vi: 'Khác', en: 'Other' },
} satisfies Record<string, Text>;

/** A form text in a language, with its {name} placeholders filled. */
export function ft(
  lang: Lang,
  key: keyof typeof FORM_TEXT,
  params: Record<string, string | number> = {},
): string {
  return FORM_TEXT[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
