import { describe, expect, it } from 'vitest';
import { prefersHtml } from '../../functions/shared/http/negotiate';
import { langFromAcceptLanguage, t } from '../../functions/shared/i18n';

describe('langFromAcceptLanguage', () => {
  it('answers Vietnamese without a header', () => {
    expect(langFromAcceptLanguage(undefined)).toBe('vi');
  });

  it('answers English when English is preferred', () => {
    expect(langFromAcceptLanguage('en-US,en;q=0.9,vi;q=0.5')).toBe('en');
  });

  it('answers Vietnamese when it outranks English', () => {
    expect(langFromAcceptLanguage('en;q=0.4, vi-VN;q=0.8')).toBe('vi');
  });

  it('falls back to Vietnamese for languages it does not speak', () => {
    expect(langFromAcceptLanguage('fr-FR, de;q=0.8')).toBe('vi');
  });

  it('ignores a language refused with q=0', () => {
    expect(langFromAcceptLanguage('vi;q=0, en;q=0.1')).toBe('en');
  });
});

describe('prefersHtml', () => {
  it('is true for a browser navigating', () => {
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
  });

  it('is false for fetch asking JSON', () => {
    expect(prefersHtml('application/json')).toBe(false);
  });

  it('is false without Accept', () => {
    expect(prefersHtml(undefined)).toBe(false);
  });

  it('is false when JSON is ranked above HTML', () => {
    expect(prefersHtml('text/html;q=0.5, application/json')).toBe(false);
  });
});

describe('t', () => {
  it('fills parameters in the chosen language', () => {
    expect(t('vi', 'field.too_short', { min: 10 })).toBe('Cần ít nhất 10 ký tự.');
    expect(t('en', 'field.too_short', { min: 10 })).toBe('At least 10 characters.');
  });
});
