import { errorName, log } from '../shared/log';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { Alert, Alerts } from '../sms/alerts';
import type { MarkOnce } from '../sms/store';

/** What an admin alert takes: its once-only marker, the alert port, and time to try again. */
export interface AlertPorts {
  markOnce: MarkOnce;
  alerts: Alerts;
  province: Province;
  clock: Clock;
  sleep(ms: number): Promise<void>;
}

const ALERT_ATTEMPTS = 3;

/**
 * An admin alert is marked sent before it goes (so two dispatchers never send it twice), so it must
 * not be lost to a passing fault: it is tried a few times with backoff, and if the alert topic still
 * refuses, an error line is logged, which the log-error alarm turns into an alarm to the same admins
 * (CloudWatch retries its own delivery).
 */
export async function notifyAdmins(ports: Pick<AlertPorts, 'alerts' | 'sleep'>, alert: Alert): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ports.alerts.notify(alert);
      return;
    } catch (error) {
      if (attempt >= ALERT_ATTEMPTS) {
        log.error('admin alert not sent', { reportId: alert.reportId, error: errorName(error) });
        return;
      }
      await ports.sleep(200 * 4 ** (attempt - 1));
    }
  }
}

/** Sends an alert once: the marker's one setter sends it. */
export async function alertOnce(ports: AlertPorts, marker: string, alert: Alert): Promise<void> {
  if (!(await ports.markOnce(marker, ports.clock.now().toISOString()))) return;
  await notifyAdmins(ports, alert);
}
