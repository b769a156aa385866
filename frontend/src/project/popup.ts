// The popup of one project on the map: what it is, how far along, what is
// missing, and the way to its page. Text only, never markup.
import { formatMoney, formatPercent, lang, pick, t, type MessageKey } from '../i18n';
import { href } from '../router';
import { h } from '../ui/dom';
import { fundedShare } from '../ui/money';
import type { Project } from './api';

export function projectPopupContent(p: Project): HTMLElement {
  const q = p.properties;
  const dl = h('dl');
  const row = (label: string, value: string): void => {
    dl.append(h('dt', '', {}, label), h('dd', '', {}, value));
  };
  row(t('project.state'), t(`state.${q.state}` as MessageKey));
  row(t('project.sector'), t(`category.${q.sector}` as MessageKey));
  row(t('popup.hromada'), pick(q.hromada_name_uk, q.hromada_name_en) || t('popup.unknown'));
  row(t('project.progress'), formatPercent(q.progress / 100));
  row(t('money.needed'), formatMoney(q.money.UAH.needed, 'UAH'));
  row(t('money.funded'), formatPercent(fundedShare(q.money.UAH)));
  row(t('money.gap'), formatMoney(q.money.UAH.gap, 'UAH'));
  return h(
    'div',
    'site-popup project-popup',
    {},
    h('h3', 'site-popup__name', {}, q.title),
    dl,
    h('p', 'site-popup__more', {}, h('a', '', { href: href({ name: 'project', id: p.id }, lang()), class: 'project-popup__link' }, t('project.open'))),
  );
}
