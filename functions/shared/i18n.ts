const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

type Catalogue = Record<string, { vi: string; en: string }>;

/** Messages shown to people by the API (errors and the small HTML pages). The site has its own copy for its pages. */
const messages = {
  'error.invalid_input': {
    vi: 'Thông tin chưa hợp lệ. Vui lòng kiểm tra các mục được nêu.',
    en: 'Some of the information is not valid. Please check the fields listed.',
  },
  'error.not_found': { vi: 'Không tìm thấy.', en: 'Not found.' },
  'error.area_not_found': { vi: 'Không tìm thấy địa bàn này.', en: 'This place was not found.' },
  'error.conflict': {
    vi: 'Yêu cầu mâu thuẫn với một yêu cầu trước đó.',
    en: 'This request conflicts with an earlier one.',
  },
  'error.idempotency_conflict': {
    vi: 'Mã chống gửi trùng này đã được dùng cho một nội dung khác.',
    en: 'This idempotency key was already used with different content.',
  },
  'error.payload_too_large': {
    vi: 'Nội dung gửi quá lớn (tối đa 32 KiB).',
    en: 'The request is too large (32 KiB at most).',
  },
  'error.unsupported_media_type': {
    vi: 'Định dạng không được hỗ trợ. Hãy gửi JSON hoặc biểu mẫu.',
    en: 'Unsupported format. Send JSON or a form.',
  },
  'error.malformed_body': { vi: 'Nội dung gửi không đọc được.', en: 'The request body could not be read.' },
  'error.rate_limited': {
    vi: 'Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.',
    en: 'Too many requests. Please try again in a few minutes.',
  },
  'error.challenge_required': {
    vi: 'Cần hoàn thành bước xác minh chống thư rác.',
    en: 'Please complete the anti-spam check.',
  },
  'error.form_missing': {
    vi: 'Biểu mẫu chưa được gửi vì thiếu mã kiểm tra của biểu mẫu.',
    en: 'Your form was not sent yet: it carried no form check code.',
  },
  'error.form_invalid': {
    vi: 'Biểu mẫu chưa được gửi vì mã kiểm tra của biểu mẫu không đúng.',
    en: 'Your form was not sent yet: its form check code was not right.',
  },
  'error.form_expired': {
    vi: 'Biểu mẫu chưa được gửi vì đã mở quá lâu.',
    en: 'Your form was not sent yet: it had been open too long.',
  },
  'error.form_too_fast': {
    vi: 'Biểu mẫu chưa được gửi vì được gửi quá nhanh sau khi mở.',
    en: 'Your form was not sent yet: it was sent too soon after it opened.',
  },
  'error.unauthorized': { vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  'error.forbidden': { vi: 'Bạn không có quyền làm việc này.', en: 'You are not allowed to do this.' },
  'error.internal': {
    vi: 'Đã có lỗi xảy ra. Vui lòng thử lại.',
    en: 'Something went wrong. Please try again.',
  },
  'error.starting': {
    vi: 'Hệ thống đang khởi động. Vui lòng thử lại sau vài giây.',
    en: 'The service is starting. Please try again in a few seconds.',
  },
  'error.unavailable': {
    vi: 'Hệ thống đang bận. Vui lòng thử lại sau ít phút.',
    en: 'The service is busy. Please try again in a few minutes.',
  },
  'field.required': { vi: 'Bắt buộc.', en: 'Required.' },
  'field.invalid_type': { vi: 'Sai kiểu dữ liệu.', en: 'Wrong type.' },
  'field.too_short': { vi: 'Cần ít nhất {min} ký tự.', en: 'At least {min} characters.' },
  'field.too_long': { vi: 'Tối đa {max} ký tự.', en: 'At most {max} characters.' },
  'field.invalid_choice': { vi: 'Lựa chọn không hợp lệ.', en: 'Not a valid choice.' },
  'field.unknown': { vi: 'Trường không được chấp nhận.', en: 'Field not accepted.' },
  'field.invalid': { vi: 'Không hợp lệ.', en: 'Not valid.' },
  'field.control_characters': {
    vi: 'Có ký tự điều khiển không hiển thị được; hãy xóa chúng rồi gửi lại.',
    en: 'Contains control characters that cannot be shown; please remove them and send again.',
  },
  'field.unknown_area': { vi: 'Không có địa bàn với mã này.', en: 'No place has this code.' },
  'field.unknown_category': { vi: 'Không có loại vụ việc này.', en: 'No such category.' },
  'field.invalid_phone': {
    vi: 'Số điện thoại không hợp lệ (ví dụ 0912 345 678).',
    en: 'Not a valid phone number (e.g. 0912 345 678).',
  },
  'field.invalid_time': { vi: 'Thời gian không hợp lệ.', en: 'Not a valid time.' },
  'field.time_in_future': {
    vi: 'Thời gian không được ở tương lai.',
    en: 'The time cannot be in the future.',
  },
  'field.time_too_old': {
    vi: 'Chỉ nhận vụ việc trong vòng {days} ngày.',
    en: 'Only incidents of the last {days} days are taken.',
  },
  'html.back': { vi: 'Quay lại', en: 'Go back' },
  'html.home': { vi: 'Trang chủ', en: 'Home' },
  'html.error_title': { vi: 'Có lỗi', en: 'Something is wrong' },
  'html.form_refused_title': { vi: 'Chưa gửi được', en: 'Not sent yet' },
  'html.form_kept': {
    vi: 'Những gì bạn đã điền vẫn được giữ. Đợi vài giây rồi bấm nút dưới đây để gửi lại.',
    en: 'What you filled in is kept. Wait a few seconds, then press the button below to send it again.',
  },
  'html.send_again': { vi: 'Gửi lại', en: 'Send again' },
  'error.receipt_not_found': {
    vi: 'Không tìm thấy mã biên nhận này. Hãy kiểm tra lại từng ký tự.',
    en: 'No report or suggestion has this receipt code. Please check each character.',
  },
  'error.ack_link_invalid': {
    vi: 'Liên kết xác nhận không hợp lệ hoặc đã hết hạn.',
    en: 'This acknowledgement link is not valid or has expired.',
  },
  // The officer console and the figures (functions/cases, functions/stats).
  'error.report_not_found': { vi: 'Không tìm thấy tin báo này.', en: 'This report was not found.' },
  'error.illegal_transition': {
    vi: 'Không thể chuyển tin báo từ tình trạng hiện tại sang tình trạng này (có thể người khác vừa cập nhật).',
    en: 'The report cannot move from its current status to this one (someone may have just updated it).',
  },
  'field.mediation_only': {
    vi: 'Chỉ ghi khi chọn tình trạng “Đã hòa giải”.',
    en: 'Only for the status “Settled by mediation”.',
  },
  'field.date_in_future': { vi: 'Ngày không được ở tương lai.', en: 'The date cannot be in the future.' },
  'field.invalid_month': {
    vi: 'Tháng theo dạng NNNN-TT, ví dụ 2025-03.',
    en: 'A month as YYYY-MM, e.g. 2025-03.',
  },
  'field.period_too_long': {
    vi: 'Khoảng thời gian tối đa {months} tháng, tháng đầu không sau tháng cuối.',
    en: 'At most {months} months, the first not after the last.',
  },
  // Suggestion boxes (functions/suggestions, functions/boxes).
  'field.unknown_box': { vi: 'Không có hòm thư góp ý này.', en: 'No such suggestion box.' },
  'error.box_not_found': {
    vi: 'Không tìm thấy hòm thư góp ý này.',
    en: 'This suggestion box was not found.',
  },
  'error.suggestion_not_found': { vi: 'Không tìm thấy góp ý này.', en: 'This suggestion was not found.' },
  'error.suggestion_hidden': {
    vi: 'Góp ý này đã bị ẩn nên không trả lời được.',
    en: 'This suggestion is withheld and cannot be answered.',
  },
  'error.opening_recorded': {
    vi: 'Lần mở hòm thư vào thời điểm này đã được ghi, với nội dung khác.',
    en: 'An opening of this box at this time is already recorded, with other content.',
  },
  'field.opening_too_old': {
    vi: 'Chỉ ghi lần mở hòm thư trong vòng {days} ngày.',
    en: 'Only openings of the last {days} days are recorded.',
  },
} satisfies Catalogue;

export type MessageKey = keyof typeof messages;
export type MessageParams = Record<string, string | number>;

export function t(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return messages[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function isLang(value: unknown): value is Lang {
  return value === 'vi' || value === 'en';
}

/** Picks vi or en from an Accept-Language header; Vietnamese unless English is preferred. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'vi';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'vi' || tag.startsWith('vi-')) return 'vi';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'vi';
}
