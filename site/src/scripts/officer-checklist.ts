import type { Actor, CaseView } from '../../../functions/cases/view';
import { byId, el, lang } from './dom';
import { type Answer, api } from './officer-api';
import { problem, W, when } from './officer-console';
import { roleAt } from './officer-places';

/**
 * The case page's checklist: the category's playbook as checkboxes, one per step, each saying who ticked
 * it and when. A tick is saved at once; the case is read again (its timeline holds the tick) and the box
 * keeps the focus. Loaded once a case with a playbook is shown.
 */
const steps = byId('checklist-steps');
/** The section's words, written into it at build time (officer-text.ts PLAYBOOK_TEXT). */
const said = byId('checklist').dataset;
let reportId = '';
let reload: () => Promise<void> = async () => undefined;
/** The step just saved: its new box takes the focus when the list is drawn again. */
let saved = '';

const who = (by?: Actor) => (by ? [by.name, roleAt(by.role, by.place, lang)].filter(Boolean).join(', ') : '');

export function showChecklist(view: CaseView, load: () => Promise<void>): void {
  const checklist = view.checklist;
  if (!checklist) return;
  byId('checklist').hidden = false;
  reportId = view.report.id;
  reload = load;
  let done = 0;
  steps.replaceChildren(
    ...checklist.steps.map((s) => {
      const box = el('input', undefined, {
        type: 'checkbox',
        value: `${s.step}`,
        'aria-describedby': `by-${s.step}`,
      });
      box.checked = s.done;
      if (s.done) done++;
      const label = el('label', ` ${s.step}. ${s.text}`, { class: 'radio' });
      label.prepend(box);
      const row = el('div');
      row.append(
        label,
        el('p', s.at ? [who(s.by), when(s.at)].filter(Boolean).join(' · ') : '', {
          class: 'hint',
          id: `by-${s.step}`,
        }),
      );
      return row;
    }),
  );
  byId('checklist-legend').textContent = `${said.stepsDone}`
    .replace('{done}', `${done}`)
    .replace('{total}', `${checklist.steps.length}`);
  if (saved) steps.querySelector<HTMLInputElement>(`[value="${saved}"]`)?.focus();
  saved = '';
}

steps.addEventListener('change', async (event) => {
  const box = event.target as HTMLInputElement;
  const status = byId('checklist-status');
  box.disabled = true;
  status.textContent = W.saving;
  let answer: Answer | undefined;
  try {
    answer = await api(`/api/officer/reports/${encodeURIComponent(reportId)}/steps`, {
      method: 'POST',
      body: { step: Number(box.value), done: box.checked },
    });
  } catch {
    // The network failed: said below, the box put back.
  }
  if (answer?.status === 200) {
    saved = box.value;
    status.textContent = W.saved;
    await reload();
  } else {
    box.checked = !box.checked;
    box.disabled = false;
    status.textContent = answer ? problem(answer) : W.offline;
  }
});
