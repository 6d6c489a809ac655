import type { ReportStatus } from '../reports/model';
import { Conflict, InvalidInput } from '../shared/errors';
import { type IdempotencyStore, rememberAnswer } from '../shared/idempotency';
import type { Identity } from '../shared/identity';
import type { Province } from '../shared/province';
import type { Secrets } from '../shared/secrets';
import { localDate } from '../shared/time';
import type { StatsRecorder } from '../stats/model';
import { type CaseEntry, canMove, type Mediation, settlement } from './model';
import { type CaseOfOfficerPorts, caseOfOfficer } from './open';
import type { StatusChange } from './schema';
import type { CaseStore } from './store';

interface StatusChanged {
  id: string;
  status: ReportStatus;
  previous: ReportStatus;
  changedAt: string;
  acknowledgedAt?: string;
  mediation?: Mediation;
}

/** What an idempotency record promises: the change's time and id, and where the case stood. */
interface Promised {
  at: string;
  changeId: string;
  from: ReportStatus;
}

export interface ChangeStatusPorts extends CaseOfOfficerPorts {
  idempotency: IdempotencyStore;
  secrets: Secrets;
  reports: Pick<CaseStore, 'getCase' | 'applyStatusChange' | 'putEntries'>;
  province: Pick<Province, 'timeZone' | 'retention'>;
  stats: Pick<StatsRecorder, 'acknowledged' | 'mediated'>;
  newChangeId(): string;
}

/**
 * POST /api/officer/reports/{id}/status. The status moves by one conditional update of the report
 * (the commit point, which also stores the change's id); then the change's EVENT#, REPLY# and NOTE#
 * items are written under keys named by the change, so a retry with the same Idempotency-Key finds
 * the change applied and only writes them again. No status (or the same one) with a reply or a note
 * adds them without moving the case. The figures count the change once, when its update applies.
 */
export async function changeStatus(
  identity: Identity,
  id: string,
  change: StatusChange,
  request: { idempotencyKey?: string | undefined },
  ports: ChangeStatusPorts,
): Promise<StatusChanged> {
  const { officer, record } = await caseOfOfficer(identity, id, 'change report status', ports);
  const now = ports.clock.now();
  if (change.mediatedAt !== undefined && change.mediatedAt > localDate(now, ports.province.timeZone)) {
    throw new InvalidInput({ mediatedAt: { key: 'field.date_in_future' } });
  }

  // A case whose words the retention rules erased takes no new words: nothing would ever erase them.
  if (
    record.report.textRemovedAt &&
    (change.publicReply !== undefined || change.internalNote !== undefined || change.mediator !== undefined)
  )
    throw new Conflict('error.case_words_erased');

  const current = record.report.status;
  const propose = (): Promised => ({ at: now.toISOString(), changeId: ports.newChangeId(), from: current });
  const remembered = request.idempotencyKey
    ? await rememberAnswer(
        ports,
        { scope: `case-status#${id}`, key: request.idempotencyKey, body: change },
        propose,
      )
    : { answer: propose(), replay: false, release: async () => undefined };
  const { at, changeId } = remembered.answer;
  // A replay of a change already applied: the case has moved on from where it stood then.
  const applied = record.lastChange === changeId;
  const from = applied ? remembered.answer.from : current;
  // No status: the case stays where it stood (the schema asks such a change for a reply or a note).
  const to = change.status ?? from;
  const moves = to !== from;
  const mediation: Mediation | undefined =
    to === 'mediated' && change.outcome && change.mediator && change.mediatedAt
      ? { outcome: change.outcome, mediator: change.mediator, mediatedAt: change.mediatedAt }
      : undefined;
  const by = { officerId: officer.id, role: officer.role };

  if (!applied) {
    const noteOnly = !moves && (change.publicReply !== undefined || change.internalNote !== undefined);
    if (!noteOnly && !canMove(from, to)) {
      await remembered.release();
      throw new Conflict('error.illegal_transition');
    }
    if (moves) {
      const result = await ports.reports.applyStatusChange(id, {
        from,
        to,
        at,
        changeId,
        by,
        mediation,
        settles: settlement(record.report, to, at, ports.province.retention),
      });
      if (result === 'conflict') {
        await remembered.release();
        throw new Conflict('error.illegal_transition');
      }
    }
  }

  const entries: CaseEntry[] = [];
  if (moves) entries.push({ kind: 'event', at, changeId, status: to, from, by, mediation });
  if (change.publicReply) entries.push({ kind: 'reply', at, changeId, text: change.publicReply, by });
  if (change.internalNote) entries.push({ kind: 'note', at, changeId, text: change.internalNote, by });
  await ports.reports.putEntries(id, entries);

  const takes = from === 'received' && moves;
  if (!applied && moves) {
    if (takes) await ports.stats.acknowledged(record.report, at);
    if (mediation) await ports.stats.mediated(record.report, mediation.outcome);
  }
  const acknowledgedAt = takes ? at : record.report.acknowledgedAt;
  return {
    id,
    status: to,
    previous: from,
    changedAt: at,
    ...(acknowledgedAt ? { acknowledgedAt } : {}),
    ...(mediation ? { mediation } : {}),
  };
}
