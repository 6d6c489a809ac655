import { afterEach, describe, expect, it } from 'vitest';
import { metric, setLogSink, setMetricNamespace, withRequestIds } from '../../functions/shared/log';

const lines: string[] = [];

afterEach(() => {
  lines.length = 0;
});

describe('metric (CloudWatch embedded metric format)', () => {
  it('writes one EMF line in the province namespace, with the request ids and no other dimension', () => {
    setLogSink((line) => lines.push(line), 'info');
    setMetricNamespace('tuquan/quang-ninh');
    withRequestIds({ requestId: 'api-1', lambdaRequestId: 'lambda-1' }, () =>
      metric('TimeToAcknowledge', 95_000, 'Milliseconds'),
    );

    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [
            {
              Namespace: 'tuquan/quang-ninh',
              Dimensions: [[]],
              Metrics: [{ Name: 'TimeToAcknowledge', Unit: 'Milliseconds' }],
            },
          ],
        },
        TimeToAcknowledge: 95_000,
        requestId: 'api-1',
        lambdaRequestId: 'lambda-1',
      },
    ]);
  });

  it('stays quiet where the log level hides info lines (tests, a quiet local run)', () => {
    setLogSink((line) => lines.push(line), 'warn');
    metric('ReportsReceived', 1);
    expect(lines).toEqual([]);
  });
});
