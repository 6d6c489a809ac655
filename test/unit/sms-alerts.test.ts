import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { alertsFromEnv } from '../../functions/sms/alerts';
import { createSnsClient, smsFromEnv } from '../../functions/sms/send';

const clock = { now: () => new Date('2026-03-12T07:05:00Z') };
const settings = { senderId: 'CAQN', maxPriceUsd: 0.05 };
const TOPIC = 'arn:aws:sns:ap-southeast-1:000000000000:tuquan-alarms';

describe('the dispatcher on SNS', () => {
  it('sends its SMS and its admin alerts through the one SNS client it is given', async () => {
    const client = new SNSClient({ region: 'ap-southeast-1' });
    const sns = mockClient(client);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const env = { TUQUAN_SMS: 'sns', TUQUAN_ALERT_TOPIC_ARN: TOPIC };

    await smsFromEnv(env, settings, clock, () => client).send({
      to: '+84912345678',
      body: 'x',
      reportId: 'r1',
    });
    await alertsFromEnv(env, clock, () => client).notify({
      subject: 'cap reached',
      body: 'no SMS until tomorrow',
    });

    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      {
        PhoneNumber: '+84912345678',
        Message: 'x',
        MessageAttributes: {
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'CAQN' },
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.MaxPrice': { DataType: 'Number', StringValue: '0.05' },
        },
      },
      { TopicArn: TOPIC, Subject: 'cap reached', Message: 'no SMS until tomorrow' },
    ]);
    sns.restore();
  });

  it('makes one attempt per publish: the dispatcher retries SMS and alerts with its own policy', async () => {
    expect(await createSnsClient().config.maxAttempts()).toBe(1);
  });
});
