/**
 * Normalizes a phone number to E.164. Vietnamese national numbers (0xx…) become +84…; spaces,
 * dots, dashes and brackets are ignored. Returns undefined when it cannot be a phone number.
 */
export function toE164(input: string): string | undefined {
  const compact = input.replace(/[\s.\-()]/g, '');
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else if (compact.startsWith('0')) digits = `84${compact.slice(1)}`;
  else if (compact.startsWith('84')) digits = compact;
  else return undefined;
  if (!/^[1-9]\d{7,14}$/.test(digits)) return undefined;
  // Vietnamese numbers: 9 digits after 84 (mobiles and landlines since 2017), 10 for some old landlines.
  if (digits.startsWith('84') && !/^84\d{9,10}$/.test(digits)) return undefined;
  return `+${digits}`;
}

/**
 * A Vietnamese mobile number in E.164: +84, then 9 digits starting 3, 5, 7, 8 or 9. Only mobiles get
 * an SMS: a landline (+84 2xx…) takes the message and nobody ever reads it, so every phone the system
 * texts (officers, the province's duty desk) must be one. Contacts are called, not texted: any phone.
 */
export const VN_MOBILE_E164 = /^\+84[35789]\d{8}$/;

export const MOBILE_HINT = 'a Vietnamese mobile number (+84 or 0, then 9 digits starting 3, 5, 7, 8 or 9)';

/** The number in E.164 if it is a Vietnamese mobile, else undefined (landlines, foreign numbers, junk). */
export function toMobileE164(input: string): string | undefined {
  const e164 = toE164(input);
  return e164 && VN_MOBILE_E164.test(e164) ? e164 : undefined;
}
