/** Who can be texted about a place at an instant: the dispatcher's view of the duty roster. */
export interface OfficerOnDuty {
  id: string;
  name: string;
  phone: string;
  role: string;
}

export interface RosterReader {
  /** Officers whose shift in exactly this area covers `at`; the dispatcher walks up the tree itself. */
  onDutyOfficers(areaCode: string, at: Date): Promise<OfficerOnDuty[]>;
}
