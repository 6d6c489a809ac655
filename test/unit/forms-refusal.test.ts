import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../functions/forms/refusal';
import { sendReportForm } from '../../functions/forms/send-report';
import { summaryLine } from '../../functions/forms/summary-line';
import { FormRefused, InvalidInput, RateLimited } from '../../functions/shared/errors';
import { t } from '../../functions/shared/i18n';
import { intakePorts } from './reports-fakes';

const REPORT = { shown: new Set(['category', 'description', 'contactPhone']) };

describe('refusalOf', () => {
  it("puts each field's problem beside it in the form's words, the API's dotted path made the form's id", () => {
    const error = new InvalidInput({
      description: { key: 'field.too_short', params: { min: 10 } },
      'contact.phone': { key: 'field.invalid_phone' },
    });

    const refusal = refusalOf(error, 'en', {
      ...REPORT,
      values: { description: 'Short', contactPhone: '123' },
    });

    expect(refusal).toEqual({
      errors: {
        description: t('en', 'field.too_short', { min: 10 }),
        contactPhone: t('en', 'field.invalid_phone'),
      },
    });
  });

  it('says a field left empty is empty, whatever check of its shape failed', () => {
    const error = new InvalidInput({ category: { key: 'field.invalid' } });

    expect(refusalOf(error, 'vi', { ...REPORT, values: { category: '  ' } })).toEqual({
      errors: { category: t('vi', 'field.required') },
    });
  });

  it('says a problem with a field the form does not show as one general line, never by its key', () => {
    const error = new InvalidInput({ formToken: { key: 'field.too_long', params: { max: 200 } } });

    expect(refusalOf(error, 'vi', { ...REPORT, values: {} })).toEqual({
      errors: {},
      general: t('vi', 'error.invalid_input'),
    });
  });

  it("gives a refused token's reason and the guard's pass for the next post", () => {
    const pass = { idempotencyKey: '0b6c1f9e-8c1a-4d2e-9f3b-2a4c6e8f0a1b', formToken: 'x'.repeat(52) };
    const error = new FormRefused('too_fast', { path: '/api/reports', ...pass });

    expect(refusalOf(error, 'en', { ...REPORT, values: {} })).toEqual({
      errors: {},
      general: t('en', 'error.form_too_fast'),
      pass,
    });
  });

  it('leaves what the person cannot correct to the error boundary', () => {
    expect(refusalOf(new RateLimited(30), 'vi', { ...REPORT, values: {} })).toBeUndefined();
    expect(refusalOf(new Error('store down'), 'vi', { ...REPORT, values: {} })).toBeUndefined();
  });
});

describe('summaryLine', () => {
  it("joins a field's label and its problem without doubling the label's own punctuation", () => {
    expect(summaryLine('Chuyện gì đã xảy ra?', 'Cần ít nhất 10 ký tự.')).toBe(
      'Chuyện gì đã xảy ra: Cần ít nhất 10 ký tự.',
    );
    expect(summaryLine('Số điện thoại ', 'Số chưa đúng.')).toBe('Số điện thoại: Số chưa đúng.');
  });
});

describe('sendReportForm', () => {
  it('answers a client over its limit of refused posts 429, before reading the place for a form', async () => {
    const reads: string[] = [];
    const ports = {
      form: {
        getArea: async (code: string) => {
          reads.push(code);
          return undefined;
        },
        allCategories: async () => [],
        pass: async () => ({
          idempotencyKey: '0b6c1f9e-8c1a-4d2e-9f3b-2a4c6e8f0a1b',
          formToken: 'x'.repeat(52),
        }),
        rootArea: 'QN',
      },
      submit: intakePorts().ports,
      guard: { admit: async () => undefined },
      timeZone: 'Asia/Ho_Chi_Minh',
      refusals: () => 42,
    };

    const sent = sendReportForm(
      { area: 'QN-UB', category: 'theft', description: 'short' },
      { client: 'c1', lang: 'vi' },
      ports,
    );

    await expect(sent).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 42 });
    expect(reads).toEqual([]);
  });
});
