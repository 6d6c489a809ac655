import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { fitsOneSegment, isGsm7Basic, SmsError, toGsm7 } from '../../functions/sms/model';
import { classifySnsError, createOutboxSms, createSnsSms, smsFromEnv } from '../../functions/sms/send';

const sns = mockClient(SNSClient);
const settings = { senderId: 'CAQN', maxPriceUsd: 0.05 };
const message = {
  to: '+84912345678',
  body: 'Trom cap: To 5, Uong Bi, 14:05 12/03. Xac nhan: https://x/api/ack/t',
  reportId: 'r1',
};

function serviceError(name: string, fault: 'client' | 'server'): Error {
  return Object.assign(new Error(`${name}: +84912345678 is bad`), { name, $fault: fault });
}

beforeEach(() => sns.reset());

describe('createSnsSms', () => {
  it('publishes to the phone number with the province sender ID, transactional type and max price', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    const result = await createSnsSms(settings, new SNSClient({ region: 'ap-southeast-1' })).send(message);

    expect(result).toEqual({ messageId: 'm-1' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      PhoneNumber: '+84912345678',
      Message: message.body,
      MessageAttributes: {
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'CAQN' },
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.MaxPrice': { DataType: 'Number', StringValue: '0.05' },
      },
    });
  });

  it('turns throttling into a retryable SmsError named without the message text', async () => {
    sns.on(PublishCommand).rejects(serviceError('ThrottledException', 'client'));

    const error = await createSnsSms(settings, new SNSClient({ region: 'ap-southeast-1' }))
      .send(message)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SmsError);
    expect({ reason: (error as SmsError).reason, retryable: (error as SmsError).retryable }).toEqual({
      reason: 'ThrottledException',
      retryable: true,
    });
    expect((error as SmsError).message).not.toContain('+849');
  });
});

describe('classifySnsError', () => {
  it('retries what SNS refused for now and not what it will always refuse or may have sent', () => {
    const cases = [
      serviceError('ThrottledException', 'client'),
      serviceError('InternalErrorException', 'server'),
      serviceError('KMSThrottlingException', 'client'),
      serviceError('SomeNewServerFault', 'server'),
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      serviceError('InvalidParameterException', 'client'),
      serviceError('OptedOutException', 'client'),
      Object.assign(new Error('timeout'), { name: 'TimeoutError' }),
    ].map((e) => {
      const out = classifySnsError(e);
      return [out.reason, out.retryable];
    });

    expect(cases).toEqual([
      ['ThrottledException', true],
      ['InternalErrorException', true],
      ['KMSThrottlingException', true],
      ['SomeNewServerFault', true],
      ['ECONNREFUSED', true],
      ['InvalidParameterException', false],
      ['OptedOutException', false],
      ['TimeoutError', false],
    ]);
  });
});

describe('createOutboxSms', () => {
  it('appends one JSON line per SMS with the time of the clock it was given', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tuquan-outbox-')), 'sub', 'sms-outbox.jsonl');
    const sms = createOutboxSms(file, { now: () => new Date('2025-03-12T07:05:00.000Z') });

    await sms.send(message);
    await sms.send({ ...message, to: '+84987654321', reportId: 'r2' });

    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { to: '+84912345678', body: message.body, at: '2025-03-12T07:05:00.000Z', reportId: 'r1' },
      { to: '+84987654321', body: message.body, at: '2025-03-12T07:05:00.000Z', reportId: 'r2' },
    ]);
  });
});

describe('smsFromEnv', () => {
  const clock = { now: () => new Date() };

  it('needs a file for the outbox and refuses an unknown kind', () => {
    expect(() => smsFromEnv({ TUQUAN_SMS: 'outbox' }, settings, clock)).toThrow(/TUQUAN_SMS_OUTBOX/);
    expect(() => smsFromEnv({ TUQUAN_SMS: 'pigeon' }, settings, clock)).toThrow(/sns or outbox/);
  });
});

describe('toGsm7', () => {
  it('writes Vietnamese without diacritics, keeping case and punctuation', () => {
    expect(toGsm7('Phường Uông Bí – Tổ dân phố 5')).toBe('Phuong Uong Bi - To dan pho 5');
    expect(toGsm7('Đánh nhau, gây rối trật tự “công cộng”')).toBe('Danh nhau, gay roi trat tu "cong cong"');
    expect(toGsm7('Xã Đầm Hà [cũ]…')).toBe('Xa Dam Ha (cu)...');
  });

  it('always gives text in the GSM-7 basic set, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        expect(isGsm7Basic(toGsm7(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('counts a segment as 160 basic characters and refuses anything else', () => {
    expect(fitsOneSegment('a'.repeat(160))).toBe(true);
    expect(fitsOneSegment('a'.repeat(161))).toBe(false);
    expect(fitsOneSegment('Phường')).toBe(false);
    expect(fitsOneSegment('{x}')).toBe(false);
  });
});
