import { localDate } from '../shared/time';
import { alertThreshold, type Reservation, type SmsAsk, type SmsBudget, smsBudget } from '../sms/model';
import type { ReserveSms } from '../sms/store';
import { type AlertPorts, alertOnce } from './admin-alerts';

export interface BudgetPorts extends AlertPorts {
  reserveSms: ReserveSms;
}

/**
 * One SMS from the province's budget of the day (sms/store.ts: the cap, the reserve kept for priority
 * SMS, each commune's share), and the admin alerts it calls for, each once a day with the counts: the
 * day reaching each of `alertPercents` of the cap (100 %: "cap reached"), and the first SMS refused by
 * the reserve and by each commune's share. Never a resident's words or a phone number.
 */
export async function spendSms(ports: BudgetPorts, ask: SmsAsk, now: Date): Promise<Reservation> {
  const day = localDate(now, ports.province.timeZone);
  const budget = smsBudget(ports.province.sms);
  const answer = await ports.reserveSms(day, budget, ask);
  if (answer.granted) {
    for (const percent of ports.province.sms.alertPercents)
      if (answer.spent === alertThreshold(budget.cap, percent))
        await alertShare(ports, day, budget, percent, answer.spent);
  } else await alertRefused(ports, day, budget, answer.reason, ask);
  return answer;
}

const capReached = (ports: AlertPorts, day: string) => ({
  marker: `capped#${day}`,
  alert: {
    subject: `tuquan ${ports.province.id}: daily SMS cap reached`,
    body: `The cap of ${ports.province.sms.dailyCap} SMS for ${day} is reached. New reports are stored and listed in the console, marked "capped", but no SMS goes out until tomorrow.`,
  },
});

async function alertShare(
  ports: AlertPorts,
  day: string,
  budget: SmsBudget,
  percent: number,
  spent: number,
): Promise<void> {
  if (percent >= 100) {
    const { marker, alert } = capReached(ports, day);
    return alertOnce(ports, marker, alert);
  }
  const normalLeft = Math.max(0, budget.normalLimit - spent);
  await alertOnce(ports, `smsshare#${day}#${percent}`, {
    subject: `tuquan ${ports.province.id}: ${percent}% of the daily SMS cap spent`,
    body:
      `${spent} of ${budget.cap} SMS spent on ${day}. ` +
      (normalLeft > 0
        ? `Normal reports may still spend ${normalLeft}; `
        : 'Normal reports are no longer texted today; ') +
      `${budget.cap - Math.max(spent, budget.normalLimit)} are kept for high-urgency reports. ` +
      `One commune or ward may spend at most ${budget.communeLimit}.`,
  });
}

async function alertRefused(
  ports: AlertPorts,
  day: string,
  budget: SmsBudget,
  reason: 'cap' | 'reserve' | 'share',
  ask: SmsAsk,
): Promise<void> {
  if (reason === 'cap') {
    const { marker, alert } = capReached(ports, day);
    return alertOnce(ports, marker, alert);
  }
  if (reason === 'reserve')
    return alertOnce(ports, `smsreserve#${day}`, {
      subject: `tuquan ${ports.province.id}: normal reports no longer texted today`,
      body: `${budget.normalLimit} of ${budget.cap} SMS spent on ${day}: the other ${budget.cap - budget.normalLimit} are kept for high-urgency reports. Normal reports are stored and listed in the console, marked "capped".`,
    });
  await alertOnce(ports, `smscommune#${day}#${ask.commune ?? ''}`, {
    subject: `tuquan ${ports.province.id}: ${ask.commune ?? 'a commune'} spent its share of the SMS cap`,
    body: `${ask.commune ?? 'A commune'} has spent its ${budget.communeLimit} SMS (${ports.province.sms.communeSharePercent}% of the cap of ${budget.cap}) on ${day}. Its normal reports are stored and listed in the console, marked "capped"; high-urgency reports are still texted.`,
  });
}
