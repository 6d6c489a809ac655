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
