// A donor's pledge, commitment or disbursement to one project, for the
// donor's own organisation. The server converts the amount at the official
// rate of its date and answers a wrong field by its name; the message is
// shown next to that field.
import { ApiError } from '../api';
import { forget } from '../account/session';
import { minorDigits, t, type MessageKey } from '../i18n';
import { FUNDING_KINDS, createFunding, type Funding, type FundingKind } from '../project/api';
import { toMinor, today } from '../money';
import { field, h, option } from '../ui/dom';

export const CURRENCIES = ['UAH', 'EUR', 'USD', 'PLN'] as const;

export interface FundingFormOptions {
  projectId: number;
  organisationId: number;
  organisationName: string;
  /** The organisation's commitments to this project, which a disbursement may pay out. */
  commitments: Funding[];
  onSaved(f: Funding): void;
}

export function fundingForm(o: FundingFormOptions): HTMLFormElement {
  const form = h('form', 'form fund-form', { id: 'fund-form', novalidate: true, 'aria-labelledby': 'fund-form-title' });
  const kind = h('select', 'form__input', { id: 'fund-kind', name: 'kind' });
  for (const k of FUNDING_KINDS) kind.append(option(k, t(`funding.${k}` as MessageKey), k === 'commitment'));
  const amount = h('input', 'form__input', { id: 'fund-amount', name: 'amount', inputmode: 'decimal', autocomplete: 'off' });
  const currency = h('select', 'form__input', { id: 'fund-currency', name: 'currency' });
  for (const c of CURRENCIES) currency.append(option(c, c, c === 'EUR'));
  const date = h('input', 'form__input', { id: 'fund-date', name: 'date', type: 'date', max: today() });
  date.value = today();
  const commitment = h('select', 'form__input', { id: 'fund-commitment', name: 'commitment_id' });
  commitment.append(option('', t('funding.noCommitment')));
  for (const c of o.commitments) commitment.append(option(String(c.id), `${c.date} · ${c.amount.currency} ${(c.amount.amount_minor / 10 ** minorDigits(c.amount.currency)).toLocaleString()}`));
  const note = h('textarea', 'form__input', { id: 'fund-note', name: 'note', rows: 2, maxlength: 2000 });

  const fields = {
    kind: field(t('funding.kind'), kind),
    amount: field(t('funding.amount'), amount, t('funding.amountHint')),
    currency: field(t('funding.currency'), currency),
    date: field(t('funding.date'), date),
    commitment_id: field(t('funding.commitment'), commitment),
    note: field(t('funding.note'), note),
  };
  const commitmentRow = fields.commitment_id.root;
  const syncKind = (): void => {
    commitmentRow.hidden = kind.value !== 'disbursement' || o.commitments.length === 0;
  };
  kind.addEventListener('change', syncKind);
  syncKind();

  const status = h('p', 'form__status', { id: 'fund-status', role: 'status' });
  const error = h('p', 'notice notice--error', { id: 'fund-error', role: 'alert' });
  error.hidden = true;
  const submit = h('button', 'button button--primary', { type: 'submit', id: 'fund-submit' }, t('funding.submit'));

  form.append(
    h('h2', '', { id: 'fund-form-title' }, t('funding.formTitle')),
    h('p', 'form__who', {}, t('funding.for', { org: o.organisationName })),
    fields.kind.root,
    h('div', 'form__row', {}, fields.amount.root, fields.currency.root),
    fields.date.root,
    commitmentRow,
    fields.note.root,
    error,
    submit,
    status,
  );

  /** fieldOf maps the server's field name (amount.amount_minor, date…) to the input it is about. */
  const fieldOf = (name: string | undefined): (typeof fields)[keyof typeof fields] | null => {
    if (!name) return null;
    if (name.startsWith('amount.currency')) return fields.currency;
    if (name.startsWith('amount')) return fields.amount;
    const key = name as keyof typeof fields;
    return fields[key] ?? null;
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const f of Object.values(fields)) f.setError(null);
    error.hidden = true;
    status.textContent = '';
    const minor = toMinor(amount.value, currency.value);
    if (minor === null) {
      fields.amount.setError(t('funding.amountInvalid'));
      amount.focus();
      return;
    }
    submit.disabled = true;
    status.textContent = t('form.sending');
    try {
      const saved = await createFunding(o.projectId, {
        organisation_id: o.organisationId,
        kind: kind.value as FundingKind,
        amount: { amount_minor: minor, currency: currency.value },
        date: date.value,
        commitment_id: kind.value === 'disbursement' && commitment.value ? Number(commitment.value) : null,
        note: note.value.trim() || undefined,
      });
      status.textContent = t('funding.saved');
      amount.value = '';
      note.value = '';
      o.onSaved(saved);
    } catch (err) {
      status.textContent = '';
      if (err instanceof ApiError && err.status === 401) forget();
      const problems = err instanceof ApiError ? (err.problem.errors?.length ? err.problem.errors : [{ field: err.problem.field ?? '', reason: err.message }]) : [];
      let shown = false;
      for (const p of problems) {
        const f = fieldOf(p.field);
        if (f) {
          f.setError(p.reason);
          if (!shown) (f.root.querySelector('input, select, textarea') as HTMLElement | null)?.focus();
          shown = true;
        }
      }
      if (!shown) {
        error.textContent = err instanceof Error ? err.message : String(err);
        error.hidden = false;
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
