// Needed against funded, as a bar and as words: the bar is a picture of the
// sentence beside it, never the only way to read the figures.
import type { MoneyTotal } from '../api';
import { formatMoney, formatPercent, t } from '../i18n';
import { h } from './dom';

/** fundedShare is the committed part of what is needed, from 0 to 1 (0 when nothing is needed). */
export function fundedShare(m: MoneyTotal): number {
  return m.needed > 0 ? Math.min(1, m.committed / m.needed) : 0;
}

/** moneySummary is the sentence above the bar: how much of the need is committed, or that nothing is needed. */
export function moneySummary(m: MoneyTotal): string {
  return m.needed > 0 ? t('money.summary', { share: formatPercent(fundedShare(m)) }) : t('money.noneNeeded');
}

/** moneyBar shows needed, committed, disbursed and the gap of one total, in hryvnias. */
export function moneyBar(m: MoneyTotal, currency = 'UAH', id = ''): HTMLElement {
  const share = fundedShare(m);
  const paid = m.needed > 0 ? Math.min(1, m.disbursed / m.needed) : 0;
  const bar = h('div', m.needed > 0 ? 'moneybar__track' : 'moneybar__track moneybar__track--none', { 'aria-hidden': 'true' });
  const committed = h('span', 'moneybar__committed');
  committed.style.width = `${(share * 100).toFixed(1)}%`;
  const disbursed = h('span', 'moneybar__disbursed');
  disbursed.style.width = `${(paid * 100).toFixed(1)}%`;
  bar.append(committed, disbursed);
  const dl = h('dl', 'moneybar__figures');
  const row = (key: 'money.needed' | 'money.pledged' | 'money.committed' | 'money.disbursed' | 'money.gap', v: number, cls: string): void => {
    dl.append(h('dt', '', {}, t(key)), h('dd', cls, { 'data-value': String(v) }, formatMoney(v, currency)));
  };
  row('money.needed', m.needed, 'moneybar__needed');
  row('money.pledged', m.pledged, 'moneybar__pledged');
  row('money.committed', m.committed, 'moneybar__committed-v');
  row('money.disbursed', m.disbursed, 'moneybar__disbursed-v');
  row('money.gap', m.gap, 'moneybar__gap');
  return h(
    'div',
    'moneybar',
    id ? { id } : {},
    h('p', 'moneybar__summary', {}, moneySummary(m)),
    bar,
    dl,
  );
}
