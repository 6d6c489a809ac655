import { describe, expect, it } from 'vitest';
import { readEnv } from '../../functions/shared/config';

describe('readEnv (a function start-up)', () => {
  it('reads the table, the province, the region and the local endpoint', () => {
    const env = readEnv({
      TUQUAN_TABLE: 'tuquan-qn',
      TUQUAN_PROVINCE: '{"id":"quang-ninh"}',
      AWS_REGION: 'ap-southeast-1',
      TUQUAN_DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    });

    expect(env).toEqual({
      table: 'tuquan-qn',
      provinceJson: '{"id":"quang-ninh"}',
      region: 'ap-southeast-1',
      endpoint: 'http://127.0.0.1:8000',
    });
  });

  it('defaults the region and leaves the endpoint unset, as on AWS', () => {
    expect(readEnv({ TUQUAN_TABLE: 't', TUQUAN_PROVINCE: '{}' })).toEqual({
      table: 't',
      provinceJson: '{}',
      region: 'ap-southeast-1',
      endpoint: undefined,
    });
  });

  it('names every missing or wrong variable in one message', () => {
    expect(() => readEnv({ AWS_REGION: '', TUQUAN_DYNAMODB_ENDPOINT: 'localhost:8000' })).toThrow(
      new Error(
        'tuquan: missing or invalid environment: TUQUAN_TABLE (the DynamoDB table name), ' +
          'TUQUAN_PROVINCE (the province config as JSON), AWS_REGION (empty), ' +
          'TUQUAN_DYNAMODB_ENDPOINT (an http(s) URL)',
      ),
    );
  });
});
