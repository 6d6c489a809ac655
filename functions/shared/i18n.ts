const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

type Catalogue = Record<string, { vi: string; en: string }>;

/** Messages shown to people by the API (errors and the small HTML pages). The site has its own copy for its pages. */
const messages = {
  'error.invalid_input': {
    vi: 'Chưa gửi được. Sửa các mục có đánh dấu rồi gửi lại.',
    en: 'Not sent yet. Correct the marked boxes, then send again.',
  },
  'error.not_found': { vi: 'Không tìm thấy.', en: 'Not found.' },
  'error.area_not_found': { vi: 'Không tìm thấy nơi này.', en: 'This place was not found.' },
  'error.conflict': {
    vi: 'Không làm được: có người vừa thay đổi trước. Tải lại trang rồi thử lại.',
    en: 'Not done: someone changed it just before. Reload the page and try again.',
  },
  'error.idempotency_conflict': {
    vi: 'Biểu mẫu này đã được gửi trước đó với nội dung khác. Tải lại trang để gửi tin mới.',
    en: 'This form was already sent with other content. Reload the page to send a new one.',
  },
  'error.payload_too_large': {
    vi: 'Nội dung quá dài. Hãy viết ngắn lại.',
    en: 'Too long. Please write less.',
  },
  'error.unsupported_media_type': {
    vi: 'Trang này không đọc được nội dung gửi lên. Hãy gửi từ biểu mẫu trên trang.',
    en: 'This could not be read. Please send it from the form on the site.',
  },
  'error.malformed_body': {
    vi: 'Trang này không đọc được nội dung gửi lên. Hãy gửi lại từ biểu mẫu.',
    en: 'This could not be read. Please send it again from the form.',
  },
  'error.rate_limited': {
    vi: 'Bạn đã gửi nhiều lần liền. Đợi vài phút rồi thử lại.',
    en: 'You have sent many times in a row. Wait a few minutes, then try again.',
  },
  'error.challenge_required': {
    vi: 'Chưa gửi được: trang cần kiểm tra chống tin rác. Đợi vài giây rồi gửi lại.',
    en: 'Not sent yet: the page needs its anti-spam check. Wait a few seconds, then send again.',
  },
  'error.form_missing': {
    vi: 'Chưa gửi được: biểu mẫu thiếu phần kiểm tra chống tin rác.',
    en: 'Not sent yet: the form lacks its anti-spam check.',
  },
  'error.form_invalid': {
    vi: 'Chưa gửi được: phần kiểm tra chống tin rác của biểu mẫu không đúng.',
    en: 'Not sent yet: the form’s anti-spam check was not right.',
  },
  'error.form_expired': {
    vi: 'Chưa gửi được: biểu mẫu đã mở quá lâu.',
    en: 'Not sent yet: the form had been open too long.',
  },
  'error.form_too_fast': {
    vi: 'Chưa gửi được: biểu mẫu được gửi quá nhanh sau khi mở.',
    en: 'Not sent yet: the form was sent too soon after it opened.',
  },
  'error.unauthorized': { vi: 'Hãy đăng nhập.', en: 'Please sign in.' },
  'error.forbidden': { vi: 'Bạn không được làm việc này.', en: 'You may not do this.' },
  'error.internal': {
    vi: 'Có lỗi. Hãy thử lại.',
    en: 'Something went wrong. Please try again.',
  },
  'error.starting': {
    vi: 'Trang đang khởi động. Đợi vài giây rồi thử lại.',
    en: 'The site is starting. Wait a few seconds, then try again.',
  },
  'error.unavailable': {
    vi: 'Trang đang bận. Đợi vài phút rồi thử lại.',
    en: 'The site is busy. Wait a few minutes, then try again.',
  },
  'field.required': { vi: 'Chưa điền mục này.', en: 'Please fill this in.' },
  'field.invalid_type': { vi: 'Điền chưa đúng.', en: 'Not filled in right.' },
  'field.too_short': { vi: 'Cần ít nhất {min} ký tự.', en: 'At least {min} characters.' },
  'field.too_long': { vi: 'Tối đa {max} ký tự.', en: 'At most {max} characters.' },
  'field.invalid_choice': { vi: 'Hãy chọn trong danh sách.', en: 'Please choose from the list.' },
  'field.unknown': { vi: 'Biểu mẫu không có mục này.', en: 'The form has no such box.' },
  'field.invalid': { vi: 'Điền chưa đúng.', en: 'Not filled in right.' },
  'field.control_characters': {
    vi: 'Có ký tự lạ không hiện ra được. Xóa chúng rồi gửi lại.',
    en: 'There are odd characters that cannot be shown. Remove them, then send again.',
  },
  'field.unknown_area': {
    vi: 'Không tìm thấy nơi này. Hãy chọn lại.',
    en: 'This place was not found. Choose again.',
  },
  // Open311 GeoReport v2 (functions/open311): read by the developers of other apps.
  'error.open311_key_required': {
    vi: 'Cần api_key hợp lệ để gửi tin báo qua Open311.',
    en: 'A valid api_key is required to file a request.',
  },
  'error.open311_key_revoked': { vi: 'api_key này đã bị thu hồi.', en: 'This api_key has been revoked.' },
  'error.open311_request_not_found': {
    vi: 'Không có yêu cầu mang service_request_id này.',
    en: 'No request has this service_request_id.',
  },
  'field.open311_address_required': {
    vi: 'Ghi address_id (mã nơi xảy ra) hoặc address_string (tên nơi xảy ra).',
    en: 'Give address_id (a place code) or address_string (a place name).',
  },
  'field.open311_no_coordinates': {
    vi: 'Các nơi chưa có tọa độ: hãy ghi address_id hoặc address_string thay cho lat/long.',
    en: 'Places have no coordinates yet: give address_id or address_string instead of lat/long.',
  },
  'field.open311_address_unknown': {
    vi: 'Không có nơi nhận tin báo nào mang tên này.',
    en: 'No place that takes reports has this name.',
  },
  'field.open311_address_parts': {
    vi: 'Tối đa {max} phần cách nhau bằng dấu phẩy: tên nơi xảy ra, rồi xã, phường, đặc khu chứa nó.',
    en: 'At most {max} comma-separated parts: the place, then the commune, ward or special zone it lies in.',
  },
  'field.open311_address_ambiguous': {
    vi: 'Nhiều nơi mang tên này: {choices}. Hãy gửi address_id là một trong các mã đó.',
    en: 'Several places have this name: {choices}. Send address_id with one of these codes.',
  },
  'error.open311_unknown_jurisdiction': {
    vi: 'jurisdiction_id: máy chủ này không phục vụ nơi này. Bỏ trống tham số, hoặc ghi mã tỉnh hay tên miền của trang.',
    en: "jurisdiction_id: not served here. Leave it out, or send the province's id or its site's host name.",
  },
  'field.open311_request_id_required': {
    vi: 'Ghi service_request_id (có thể nhiều mã, cách nhau bằng dấu phẩy, tối đa {max}): máy chủ này không liệt kê tin báo.',
    en: 'Name the requests with service_request_id (several comma-separated, at most {max}): this server lists no requests.',
  },
  'field.unknown_category': {
    vi: 'Không có loại vụ việc này. Hãy chọn trong danh sách.',
    en: 'No such kind of incident. Please choose from the list.',
  },
  'error.category_not_found': {
    vi: 'Không có loại vụ việc này.',
    en: 'No such kind of incident.',
  },
  'field.unknown_step': {
    vi: 'Quy trình của loại vụ việc này không có bước này.',
    en: 'The playbook of this kind of incident has no such step.',
  },
  'field.invalid_phone': {
    vi: 'Số điện thoại chưa đúng. Ví dụ: 0912 345 678.',
    en: 'This phone number is not right. For example: 0912 345 678.',
  },
  'field.invalid_time': { vi: 'Thời gian chưa đúng.', en: 'This time is not right.' },
  'field.time_in_future': {
    vi: 'Thời gian này chưa tới.',
    en: 'This time has not come yet.',
  },
  'field.time_too_old': {
    vi: 'Chỉ nhận vụ việc trong {days} ngày qua.',
    en: 'Only incidents of the last {days} days are taken.',
  },
  'html.back': { vi: 'Quay lại', en: 'Go back' },
  'html.home': { vi: 'Trang chủ', en: 'Home' },
  'html.error_title': { vi: 'Có lỗi', en: 'Something is wrong' },
  'html.form_refused_title': { vi: 'Chưa gửi được', en: 'Not sent yet' },
  'html.form_kept': {
    vi: 'Những gì bạn đã điền vẫn còn. Đợi vài giây rồi bấm nút dưới đây để gửi lại.',
    en: 'What you filled in is still here. Wait a few seconds, then press the button below to send it again.',
  },
  'html.send_again': { vi: 'Gửi lại', en: 'Send again' },
  'error.receipt_not_found': {
    vi: 'Không tìm thấy mã biên nhận này. Kiểm tra lại từng chữ và số.',
    en: 'Nothing has this receipt code. Check each letter and digit.',
  },
  'error.ack_link_invalid': {
    vi: 'Đường liên kết này sai hoặc đã hết hạn. Mở tin báo trong trang cán bộ.',
    en: 'This link is wrong or has expired. Open the report in the officer console.',
  },
  // The officer console and the figures (functions/cases, functions/stats).
  'error.report_not_found': { vi: 'Không tìm thấy tin báo này.', en: 'This report was not found.' },
  'error.case_words_erased': {
    vi: 'Nội dung vụ việc này đã được xoá theo thời hạn lưu giữ: không ghi thêm trả lời, ghi chú hay tên người hòa giải được nữa.',
    en: 'The words of this case were erased under the retention rules: no reply, note or mediator’s name can be added any more.',
  },
  'error.illegal_transition': {
    vi: 'Không đổi được sang tình trạng này. Có thể người khác vừa cập nhật: tải lại trang.',
    en: 'Cannot change to this status. Someone may have just updated it: reload the page.',
  },
  'field.mediation_only': {
    vi: 'Chỉ ghi khi chọn “Đã hòa giải xong”.',
    en: 'Only when you choose “Settled by mediation”.',
  },
  'field.date_in_future': { vi: 'Ngày này chưa tới.', en: 'This day has not come yet.' },
  // A place the officer console names by its kind (functions/officers/model.ts `servedPlaceLabel`).
  'place.whole_province': { vi: 'Toàn tỉnh {name}', en: 'All of {name} province' },
  'place.commune': { vi: 'Xã {name}', en: '{name} commune' },
  'place.ward': { vi: 'Phường {name}', en: '{name} ward' },
  'place.special_zone': { vi: 'Đặc khu {name}', en: '{name} special zone' },
  'field.nothing_to_save': {
    vi: 'Chọn tình trạng mới, hoặc viết trả lời hay ghi chú.',
    en: 'Choose a new status, or write a reply or a note.',
  },
  'field.invalid_month': {
    vi: 'Ghi tháng như 2025-03 (năm, rồi tháng).',
    en: 'Write the month as 2025-03 (year, then month).',
  },
  'field.period_too_long': {
    vi: 'Chọn tối đa {months} tháng; tháng đầu không sau tháng cuối.',
    en: 'Choose at most {months} months; the first not after the last.',
  },
  // The province's export of cases (functions/cases/export.ts).
  'field.invalid_day': {
    vi: 'Ghi ngày như 2025-03-12 (năm, tháng, ngày).',
    en: 'Write the day as 2025-03-12 (year, month, day).',
  },
  'field.period_too_many_days': {
    vi: 'Chọn tối đa {days} ngày; ngày đầu không sau ngày cuối.',
    en: 'Choose at most {days} days; the first not after the last.',
  },
  'field.export_too_large': {
    vi: 'Khoảng này có hơn {max} vụ việc: hãy chọn khoảng ngắn hơn.',
    en: 'This period has more than {max} cases: choose a shorter one.',
  },
  // Suggestion boxes (functions/suggestions, functions/boxes).
  'field.unknown_box': {
    vi: 'Không có hòm thư góp ý này. Hãy chọn lại.',
    en: 'No such suggestion box. Choose again.',
  },
  'error.box_not_found': {
    vi: 'Không tìm thấy hòm thư góp ý này.',
    en: 'This suggestion box was not found.',
  },
  'error.suggestion_not_found': { vi: 'Không tìm thấy góp ý này.', en: 'This suggestion was not found.' },
  'error.suggestion_hidden': {
    vi: 'Góp ý này đã ẩn nên không trả lời được.',
    en: 'This suggestion is withheld, so it cannot be answered.',
  },
  'error.opening_recorded': {
    vi: 'Lần mở hòm thư lúc này đã được ghi, với nội dung khác.',
    en: 'An opening of this box at this time is already recorded, with other content.',
  },
  'field.opening_too_old': {
    vi: 'Chỉ ghi lần mở hòm thư trong {days} ngày qua.',
    en: 'Only openings of the last {days} days are recorded.',
  },
  'error.spot_name_taken': {
    vi: 'Nơi này đã có điểm nguy cơ mang tên này, với lý do khác.',
    en: 'This place already has a risk spot of this name, with another reason.',
  },
  'field.unknown_spot': {
    vi: 'Không có điểm nguy cơ này ở nơi đã chọn.',
    en: 'There is no such risk spot in the chosen place.',
  },
  'field.outside_area': {
    vi: 'Có nơi không thuộc địa bàn đã chọn.',
    en: 'Something here lies outside the chosen place.',
  },
  'field.unknown_officer': {
    vi: 'Có cán bộ không phụ trách địa bàn này.',
    en: 'An officer here does not serve this place.',
  },
  'field.unknown_report': {
    vi: 'Có tin báo không thuộc địa bàn này.',
    en: 'A report here is not of this place.',
  },
  'field.report_on_other_patrol': {
    vi: 'Có tin báo đã gắn với một lần tuần tra khác.',
    en: 'A report here is linked to another patrol already.',
  },
  'field.end_before_start': {
    vi: 'Giờ kết thúc phải sau giờ bắt đầu.',
    en: 'The end must come after the start.',
  },
  'field.patrol_too_long': {
    vi: 'Một lần tuần tra dài tối đa {hours} giờ.',
    en: 'A patrol lasts at most {hours} hours.',
  },
  'field.patrol_too_old': {
    vi: 'Chỉ ghi lần tuần tra bắt đầu trong {days} ngày qua.',
    en: 'Only patrols that started in the last {days} days can be logged.',
  },
} satisfies Catalogue;

export type MessageKey = keyof typeof messages;
/** The whole catalogue, read by the test that every message is written in both languages. */
export const MESSAGES: Catalogue = messages;
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
