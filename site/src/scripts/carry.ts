/*
 * The receipt carried from a receipt page to the follow-up page: its own module, so that the officer
 * console's pages, which share dom.ts, do not load it.
 */
const CARRIED = 'tuquan-follow-up';

/**
 * Hands a receipt to the follow-up page of the same tab (sessionStorage: never sent to a server,
 * gone with the tab), so that "Follow up" opens on the report rather than on an empty form.
 */
export function carryReceipt(receipt: string): void {
  try {
    sessionStorage.setItem(CARRIED, receipt);
  } catch {
    // Storage refused (a private window's limits): the person types the code instead.
  }
}

/** The receipt handed over by carryReceipt, once: taken out as it is read. */
export function takeCarriedReceipt(): string | undefined {
  try {
    const receipt = sessionStorage.getItem(CARRIED) ?? undefined;
    sessionStorage.removeItem(CARRIED);
    return receipt;
  } catch {
    return undefined;
  }
}
