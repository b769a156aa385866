// A project's funding by donor: what each organisation pledged, committed
// and paid, in hryvnias at the rates of the records' dates, and every
// record as it was made, in its own currency.
import { formatDate, formatMoney, t, type MessageKey } from '../i18n';
import { h, table } from '../ui/dom';
import type { Funding } from './api';

export interface DonorTotals {
  organisation_id: number;
  name: string;
  pledge: number;
  commitment: number;
  disbursement: number;
}

/** byDonor adds up a project's funding per organisation (kopiykas), largest commitment first. */
export function byDonor(records: Funding[]): DonorTotals[] {
  const m = new Map<number, DonorTotals>();
  for (const r of records) {
    const d = m.get(r.organisation_id) ?? { organisation_id: r.organisation_id, name: r.organisation_name, pledge: 0, commitment: 0, disbursement: 0 };
    d[r.kind] += r.amount_uah_minor;
    m.set(r.organisation_id, d);
  }
  return [...m.values()].sort((a, b) => b.commitment - a.commitment || b.pledge - a.pledge || a.name.localeCompare(b.name));
}

export function fundingSection(records: Funding[]): HTMLElement {
  const section = h('section', 'funding', { id: 'funding', 'aria-labelledby': 'funding-title' }, h('h2', '', { id: 'funding-title' }, t('funding.title')));
  if (!records.length) {
    section.append(h('p', '', {}, t('funding.none')));
    return section;
  }
  const donors = byDonor(records);
  section.append(
    table(
      t('funding.byDonor'),
      [t('funding.donor'), t('funding.pledge'), t('funding.commitment'), t('funding.disbursement')],
      donors.map((d) => [d.name, formatMoney(d.pledge, 'UAH'), formatMoney(d.commitment, 'UAH'), formatMoney(d.disbursement, 'UAH')]),
      { id: 'table-donors', numeric: [false, true, true, true] },
    ),
  );
  const sorted = [...records].sort((a, b) => b.date.localeCompare(a.date) || b.id - a.id);
  const details = h('details', 'funding__records', {}, h('summary', '', {}, t('funding.records', { n: records.length })));
  details.append(
    table(
      t('funding.recordsCaption'),
      [t('funding.date'), t('funding.donor'), t('funding.kind'), t('funding.amount'), t('funding.inUah')],
      sorted.map((r) => [
        formatDate(r.date),
        r.organisation_name,
        t(`funding.${r.kind}` as MessageKey),
        formatMoney(r.amount.amount_minor, r.amount.currency),
        formatMoney(r.amount_uah_minor, 'UAH'),
      ]),
      { id: 'table-funding', numeric: [false, false, false, true, true] },
    ),
  );
  section.append(details);
  return section;
}
