import { byId, el, lang } from './dom';
import { type ApiError, token } from './officer-api';
import { problem, W } from './officer-console';

/**
 * A CSV of the console (the figures, the admin's export of cases) needs the token, so it is fetched and
 * handed to the browser as a file. This module is loaded at the first download, or for an admin at the
 * start (the export): most visits of the figures download nothing. A refusal is told in the API's words,
 * field by field.
 */
export async function downloadCsv(path: string, status: HTMLElement): Promise<void> {
  status.textContent = W.loading;
  try {
    const response = await fetch(path, {
      headers: { authorization: `Bearer ${token() ?? ''}`, 'accept-language': lang },
    });
    if (!response.ok) {
      const data = (await response.json().catch(() => null)) as ApiError | null;
      const fields = Object.values(data?.error?.fields ?? {});
      // What is wrong with the period, rather than the forms' "not sent yet".
      status.textContent = fields.length > 0 ? fields.join(' ') : problem({ status: response.status, data });
      return;
    }
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'tuquan.csv';
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', '', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = '';
  } catch {
    status.textContent = W.offline;
  }
}

/** The admin's export of a period's cases: this month so far, until the admin picks another period. */
export function offerExport(): void {
  const form = byId<HTMLFormElement>('export-form');
  const now = new Date();
  // en-CA writes YYYY-MM-DD, as a date input takes it.
  byId<HTMLInputElement>('export-from').value = new Date(
    now.getFullYear(),
    now.getMonth(),
    1,
  ).toLocaleDateString('en-CA');
  byId<HTMLInputElement>('export-to').value = now.toLocaleDateString('en-CA');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const period = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') period.set(name, value);
    void downloadCsv(`/api/officer/cases.csv?${period}`, byId('export-status'));
  });
  byId('export').hidden = false;
}
