/** One step a resident sees. `note` is only ever what an officer wrote for the resident. */
export interface TimelineEntry {
  at: string;
  status: string;
  /** How many people were texted (dispatched, escalated). */
  recipients?: number;
  /** The role of the officer (acknowledged): never a name or a phone. */
  by?: string;
  note?: string;
}

export interface PublicReply {
  at: string;
  text: string;
}

/** What follow-up shows of anything submitted with a receipt (reports now, suggestions later). */
export interface FollowUpView {
  kind: 'report' | 'suggestion';
  status: string;
  duplicateOf?: string;
  timeline: TimelineEntry[];
  replies: PublicReply[];
}
